import Workflow

extension HeadDelegations: Decider {
    /// A unit's head has delegated nothing until a delegation is recorded.
    public static let initialState = HeadDelegations()

    /// The roles that record a delegation: the head of the unit, whose signature it lends, and
    /// the standing office of a unit covering it, which keeps the records. Not a deputy (no one
    /// lends themselves the head's signature) nor the administrator.
    public static let roles: Set<String> = [Nomination.headOfAgency, "standing_office"]

    /// Decides a delegation command against the delegations the unit's head has recorded.
    public static func decide(
        _ command: DelegationCommand, _ delegations: HeadDelegations, _ context: CommandContext
    ) throws(DomainError) -> [DelegationEvent] {
        let actor = context.actor
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else {
            throw DomainError(.roleNotAllowed, "only the head or the standing office records a head's delegation")
        }
        let organization = context.configuration.organization
        guard organization.unit(code: command.unit) != nil else {
            throw DomainError(.invalidCommand, "\(command.unit) is not a unit of the organisation")
        }
        // A head lends their own signature, not another unit's head's.
        if acting == [Nomination.headOfAgency], actor.unit != command.unit {
            throw DomainError(.authorityNotAllowed, "the head of \(actor.unit) does not delegate the signature of the head of \(command.unit)")
        }
        try organization.requireCoverage(of: command.unit, by: actor, acting: acting)
        switch command {
        case let .grant(unit, decision, deputy, validFrom, validUntil):
            try check(decision, deputy: deputy, validFrom: validFrom, validUntil: validUntil, after: delegations, today: context.today)
            return [.granted(DelegationGranted(unit: unit, decision: decision, deputy: deputy, validFrom: validFrom,
                                               validUntil: validUntil))]
        case let .end(unit, number, year, endedOn, reason):
            let candidates = delegations.grantPlaces(decision: number, year: year)
            guard let last = candidates.last else {
                let decision = year.map { "decision \(number) of \($0)" } ?? "decision \(number)"
                throw DomainError(.invalidCommand, "no delegation of the head of \(unit) is recorded under \(decision)")
            }
            // Those not ended nor lapsed: one may be meant without its year, two may not.
            let open = candidates.filter { index in
                delegations.endings[index] == nil && delegations.grants[index].validUntil.map { $0 >= context.today } ?? true
            }
            guard open.count <= 1 else {
                let years = open.map { String(delegations.grants[$0].decision.date.year) }.joined(separator: ", ")
                throw DomainError(.invalidCommand, "delegations of \(years) are recorded under decision \(number): "
                                  + "the ending names the decision's year")
            }
            let index = open.first ?? last
            let grant = delegations.grants[index]
            if let ended = delegations.endings[index] {
                throw DomainError(.invalidCommand, "delegation \(number) already ended on \(ended.endedOn)")
            }
            guard !reason.isBlank else { throw DomainError(.invalidCommand, "ending a delegation needs a reason") }
            guard endedOn >= grant.validFrom else {
                throw DomainError(.invalidCommand, "delegation \(number) starts on \(grant.validFrom): it cannot end on \(endedOn)")
            }
            // What a deputy signed while the delegation was in force stays signed: an ending
            // never reaches back before today.
            guard endedOn >= context.today else {
                throw DomainError(.invalidCommand, "delegation \(number) can end today (\(context.today)) or later, not on \(endedOn)")
            }
            return [.ended(DelegationEnded(unit: unit, number: number, year: grant.decision.date.year, endedOn: endedOn,
                                           reason: reason))]
        }
    }

    /// The decision is cited in full and dated no later than today; the period starts no earlier
    /// than the decision and ends no earlier than it starts; a decision (its number in its year)
    /// is recorded once.
    private static func check(
        _ decision: DelegationDecision, deputy: Deputy, validFrom: LocalDate, validUntil: LocalDate?, after delegations: HeadDelegations,
        today: LocalDate
    ) throws(DomainError) {
        guard !decision.number.isBlank, !decision.signedBy.isBlank else {
            throw DomainError(.invalidCommand, "a delegation cites the decision that made it: its number and who signed it are required")
        }
        guard !deputy.id.isBlank, !deputy.name.isBlank, !deputy.position.isBlank else {
            throw DomainError(.invalidCommand, "a delegation names its deputy: an id, a name and a position")
        }
        if let recorded = delegations.grantPlaces(decision: decision.number, year: decision.date.year).first {
            throw DomainError(.alreadyExists, "decision \(decision.number) of \(decision.date.year) is already recorded, "
                              + "delegating to \(delegations.grants[recorded].deputy.name)")
        }
        guard decision.date <= today else {
            throw DomainError(.invalidCommand, "decision \(decision.number) is dated \(decision.date), after today (\(today))")
        }
        guard validFrom >= decision.date else {
            throw DomainError(.invalidCommand, "decision \(decision.number) cannot delegate from \(validFrom), before it was signed on \(decision.date)")
        }
        if let validUntil, validUntil < validFrom {
            throw DomainError(.invalidCommand, "a delegation from \(validFrom) cannot end on \(validUntil)")
        }
    }

    /// Applies an event; pure, used both live and when replaying.
    public static func evolve(_ delegations: HeadDelegations, _ event: DelegationEvent) -> HeadDelegations {
        var delegations = delegations
        switch event {
        case .granted(let granted): delegations.grants.append(granted)
        case .ended(let ended):
            if let index = delegations.grantEnded(by: ended) { delegations.endings[index] = ended }
        }
        return delegations
    }
}
