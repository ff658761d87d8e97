import Workflow

extension CouncilMembership: Decider {
    /// Before its first change a council has the organisation's membership.
    public static let initialState = CouncilMembership()

    /// The roles that may record a change of membership: the standing office, which keeps the
    /// council's records, of a unit covering the council. Not the administrator: whoever may
    /// change a council's membership chooses the electorate its quorum and thresholds count
    /// against, and that is for the decision of the head, not for the people who run the service.
    public static let roles: Set<String> = ["standing_office"]

    /// Decides a membership command against the council's recorded changes.
    public static func decide(
        _ command: CouncilMembershipCommand, _ membership: CouncilMembership, _ context: CommandContext
    ) throws(DomainError) -> [CouncilMembershipEvent] {
        let actor = context.actor
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else {
            throw DomainError(.roleNotAllowed, "only the standing office records a change of a council's membership")
        }
        let organization = context.configuration.organization
        switch command {
        case let .recordChange(unit, decision, members):
            try organization.requireCoverage(of: unit, by: actor, acting: acting)
            guard let council = organization.council(of: unit) else {
                throw DomainError(.invalidCommand, "\(unit) has no council in the organisation")
            }
            try check(decision, after: membership, today: context.today)
            try check(members, of: council, in: organization)
            return [.changed(CouncilMembershipChanged(council: unit, decision: decision, members: members))]
        }
    }

    /// The decision is cited in full, dated no later than today, takes effect no earlier than it
    /// was signed, and not before the last change: a later decision never reaches back past an
    /// earlier one, so the membership in force on each day stays what the decisions say.
    private static func check(_ decision: MembershipDecision, after membership: CouncilMembership, today: LocalDate) throws(DomainError) {
        guard !decision.number.isBlank else {
            throw DomainError(.invalidCommand, "a change of membership cites the decision that made it: its number is required")
        }
        guard !decision.signedBy.isBlank else {
            throw DomainError(.invalidCommand, "a change of membership says who signed decision \(decision.number)")
        }
        if let recorded = membership.change(decision: decision.number, year: decision.date.year) {
            throw DomainError(.alreadyExists, "decision \(decision.number) of \(decision.date.year) is already recorded, "
                              + "effective from \(recorded.decision.effectiveFrom)")
        }
        guard decision.date <= today else {
            throw DomainError(.invalidCommand, "decision \(decision.number) is dated \(decision.date), after today (\(today))")
        }
        guard decision.effectiveFrom >= decision.date else {
            throw DomainError(.invalidCommand, "decision \(decision.number) cannot take effect on \(decision.effectiveFrom), "
                              + "before it was signed on \(decision.date)")
        }
        if let last = membership.changes.last, decision.effectiveFrom < last.decision.effectiveFrom {
            throw DomainError(.invalidCommand, "decision \(decision.number) takes effect on \(decision.effectiveFrom), before "
                              + "decision \(last.decision.number) already recorded from \(last.decision.effectiveFrom)")
        }
    }

    /// The members are people as the organisation seats them (an id, a name, a unit of the
    /// organisation), each seated once, with exactly one chair and a standing member.
    private static func check(_ seats: [CouncilSeat], of council: Council, in organization: Organization) throws(DomainError) {
        guard !seats.isEmpty else { throw DomainError(.invalidCommand, "the new membership of \(council.name) lists no member") }
        var seen = Set<String>()
        for seat in seats {
            let member = seat.member
            guard !member.id.isBlank, !member.name.isBlank else {
                throw DomainError(.invalidCommand, "every member needs an id and a name")
            }
            guard organization.unit(code: member.unit) != nil else {
                throw DomainError(.invalidCommand,
                                  "\(member.id) (\(member.name)) belongs to \(member.unit), not a unit of the organisation")
            }
            guard seen.insert(member.id).inserted else {
                throw DomainError(.invalidCommand, "\(member.id) (\(member.name)) is listed twice")
            }
        }
        let chairs = seats.filter { $0.role == .chair }
        guard chairs.count == 1 else {
            throw DomainError(.invalidCommand, "a council has exactly one chair among its members; the new membership has \(chairs.count)")
        }
        guard seats.contains(where: { $0.role == .standingMember }) else {
            throw DomainError(.invalidCommand, "a council has a standing member; the new membership has none")
        }
    }

    /// Applies an event; pure, used both live and when replaying.
    public static func evolve(_ membership: CouncilMembership, _ event: CouncilMembershipEvent) -> CouncilMembership {
        var membership = membership
        switch event {
        case .changed(let changed): membership.changes.append(changed)
        }
        return membership
    }
}
