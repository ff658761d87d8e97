/// Computes a council result from a tally, a session snapshot and the rules. On a secret ballot
/// only counts are taken and kept: written opinions come as who sent one and how many are in
/// favour, so nothing links a member to a choice.
///
/// The outcome is derived from the numbers so it can never be entered by hand; every step is
/// written into explanations an auditor can follow.
struct CouncilTally {
    let ruleSet: RuleSet
    let titleID: String
    let vote: VoteRule
    let session: CouncilSession
    let nominationID: String
    let nominee: Nominee

    /// Members who may not vote on this nomination: declared recusals plus the conflicts the rule
    /// set defines (the nominee themself; their unit's members when the scope says so, unless the
    /// council is the nominee's unit's own: a provincial procuracy's council is all of that unit).
    var recusedMemberIDs: [String] {
        let unitRecusal = ruleSet.council.recusal == .nomineeAndUnit && session.council != nominee.unit
        return session.members.filter { member in
            session.recusals.contains { $0.memberID == member.id && $0.nominationID == nominationID }
                || member.id == nominee.id
                || (unitRecusal && member.unit == nominee.unit)
        }.map(\.id)
    }

    func result(
        inFavour: Int, against: Int, abstaining: Int, writtenOpinions: [WrittenOpinion], writtenBallots: WrittenBallots?
    ) throws(DomainError) -> CouncilResult {
        guard inFavour >= 0, against >= 0, abstaining >= 0 else {
            throw DomainError(.invalidCommand, "vote counts cannot be negative")
        }
        let quorum = try quorumExplanation()
        let recusedIDs = recusedMemberIDs
        let recused = Set(recusedIDs)
        let present = Set(session.present)
        let presentVoters = present.subtracting(recused).count
        let ballots = inFavour + against + abstaining
        guard ballots <= presentVoters else {
            throw DomainError(.tallyExceedsVoters,
                              "\(ballots) ballots but only \(presentVoters) members present may vote on this nomination")
        }
        let written: (from: [String], inFavour: Int)
        if vote.secretBallot {
            guard writtenOpinions.isEmpty else {
                throw DomainError(.secretBallotNamed, "\(titleID) is voted by secret ballot: give the written opinions as counts "
                                  + "(who sent one and how many are in favour), never a member's choice")
            }
            written = (writtenBallots?.from ?? [], writtenBallots?.inFavour ?? 0)
            guard written.inFavour >= 0, written.inFavour <= written.from.count else {
                throw DomainError(.invalidCommand, "\(written.inFavour) written opinions in favour of \(written.from.count) received")
            }
        } else {
            guard writtenBallots == nil else {
                throw DomainError(.invalidCommand, "\(titleID) is voted openly: give each absent member's written opinion")
            }
            written = (writtenOpinions.map(\.memberID), writtenOpinions.filter(\.inFavour).count)
        }
        try check(written.from, recused: recused, present: present)

        let writtenInFavour = written.inFavour
        let countedInFavour = vote.basis == .totalMembership ? inFavour + writtenInFavour : inFavour
        let base: Int
        switch vote.basis {
        case .totalMembership:
            base = session.totalMembership - (ruleSet.council.recusalLowersMembership ? recused.count : 0)
        case .membersPresent:
            base = presentVoters
        }
        let recommended = base > 0 && vote.threshold.isReached(by: countedInFavour, of: base, strictly: vote.strictlyMore)
        let requirement = "\(vote.strictlyMore ? "more than" : "at least") \(vote.threshold) of \(vote.basis.words)"
        var text = "\(countedInFavour) of \(base) members in favour = \(percentage(countedInFavour, of: base))"
        if writtenInFavour > 0 && vote.basis == .totalMembership {
            text += " (including \(writtenInFavour) written opinion\(writtenInFavour == 1 ? "" : "s") of absent members)"
        }
        if !recused.isEmpty && (vote.basis == .membersPresent || ruleSet.council.recusalLowersMembership) {
            text += " after \(recused.count) recusal\(recused.count == 1 ? "" : "s")"
        }
        text += "; the rule requires \(requirement); \(recommended ? "recommended" : "not recommended")"
        let threshold = Explanation(
            ruleSetVersion: ruleSet.version, rule: "titles.\(titleID).vote", source: vote.source,
            inputs: [
                .init("in_favour", "\(inFavour)"), .init("against", "\(against)"), .init("abstaining", "\(abstaining)"),
                .init("written_in_favour", "\(writtenInFavour)"),
                .init("written_against", "\(written.from.count - writtenInFavour)"),
                .init("total_membership", "\(session.totalMembership)"), .init("present", "\(present.count)"),
                .init("recused", "\(recused.count)"), .init("base", "\(base)"),
                .init("threshold", "\(vote.threshold)"), .init("basis", vote.basis.rawValue),
            ],
            satisfied: recommended, text: text)
        return CouncilResult(
            sessionID: session.id, council: session.council, totalMembership: session.totalMembership,
            membersPresent: present.count, recusedMemberIDs: recusedIDs, votingBase: base,
            inFavour: inFavour, against: against, abstaining: abstaining, writtenOpinions: vote.secretBallot ? [] : writtenOpinions,
            writtenBallots: vote.secretBallot ? WrittenBallots(from: written.from, inFavour: written.inFavour) : nil,
            recommended: recommended, quorum: quorum, threshold: threshold)
    }

    private func quorumExplanation() throws(DomainError) -> Explanation {
        let rule = ruleSet.council
        let present = session.present.count
        let met = rule.quorum.isReached(by: present, of: session.totalMembership)
        let text = "\(present) of \(session.totalMembership) members present = \(percentage(present, of: session.totalMembership)); "
            + "the quorum is \(rule.quorum) of total membership; \(met ? "met" : "not met")"
        guard met else { throw DomainError(.quorumNotMet, text) }
        return Explanation(
            ruleSetVersion: ruleSet.version, rule: "council.quorum", source: rule.source,
            inputs: [.init("present", "\(present)"), .init("total_membership", "\(session.totalMembership)"),
                     .init("quorum", "\(rule.quorum)")],
            satisfied: true, text: text)
    }

    /// Each written opinion is from a member, absent, not recused, and only one per member.
    private func check(_ members: [String], recused: Set<String>, present: Set<String>) throws(DomainError) {
        guard !members.isEmpty else { return }
        guard ruleSet.council.writtenOpinionsOfAbsent, vote.basis == .totalMembership else {
            throw DomainError(.invalidCommand,
                              "rule set \(ruleSet.version) does not count written opinions of absent members for this vote")
        }
        var seen = Set<String>()
        for member in members {
            guard session.member(member) != nil else {
                throw DomainError(.unknownMember, "\(member) is not a member of the council")
            }
            guard !recused.contains(member) else {
                throw DomainError(.recusedMember, "\(member) is recused from this nomination and cannot give an opinion")
            }
            guard !present.contains(member), seen.insert(member).inserted else {
                throw DomainError(.invalidCommand, "\(member) is present or gave more than one written opinion")
            }
        }
    }
}
