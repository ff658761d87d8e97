import Workflow

/// A council's membership in force on a date, and what it rests on: what a session is convened
/// with, and what `GET /v1/councils/{council}/membership` shows.
public struct CouncilInForce: Sendable, Equatable {
    /// The unit whose council this is.
    public let council: String
    /// The council's Vietnamese name, from the organisation.
    public let name: String
    /// The date the membership is in force on.
    public let on: LocalDate
    /// Every seat, in the order the organisation file or the decision lists them.
    public let seats: [CouncilSeat]
    public let basis: MembershipBasis

    /// The whole membership; its count is the total membership thresholds refer to.
    public var members: [CouncilMember] { seats.map(\.member) }

    /// The chair; nil only for a membership no decision could have set (the organisation and
    /// every recorded change have exactly one).
    public var chair: CouncilMember? { seats.first { $0.role == .chair }?.member }
}

/// What a council's membership rests on: the organisation file, or the recorded decision that
/// changed it. Kept in `council.convened` so an auditor sees which membership a session counted.
public struct MembershipBasis: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable {
        /// The council as `config/organization.yaml` constitutes it.
        case organization
        /// A recorded change of membership (`council_membership.changed`).
        case decision
    }

    public let source: Source
    /// The decision, for a membership a recorded change set; nil for the organisation's.
    public let decision: MembershipDecision?

    /// The council as the organisation file constitutes it.
    public static let organization = MembershipBasis(source: .organization, decision: nil)

    /// The membership `decision` set.
    public static func decision(_ decision: MembershipDecision) -> MembershipBasis {
        MembershipBasis(source: .decision, decision: decision)
    }
}
