/// The tally of one nomination at one council session, and the outcome the rule computed from it.
public struct CouncilResult: Sendable, Equatable, Codable {
    public let sessionID: String
    public let council: String
    public let totalMembership: Int
    public let membersPresent: Int
    /// Members who did not vote on this nomination because of a conflict of interest.
    public let recusedMemberIDs: [String]
    /// The number the threshold is a share of, after recusals where the rule says so.
    public let votingBase: Int
    public let inFavour: Int
    public let against: Int
    public let abstaining: Int
    /// Written opinions of absent members on an open vote, with each member's choice.
    public let writtenOpinions: [WrittenOpinion]
    /// Written opinions of absent members on a secret ballot: who sent one, and how many are in
    /// favour. Nil on an open vote (and in results recorded before secret ballots were kept as counts).
    public let writtenBallots: WrittenBallots?
    /// Whether the council recommends the award: computed, never entered.
    public let recommended: Bool
    public let quorum: Explanation
    public let threshold: Explanation
}
