import Workflow

/// The delegations recorded by one unit's head: its own aggregate, one stream per unit.
///
/// A deputy head signs the head's decisions on emulation and commendation ("KT. VIỆN TRƯỞNG /
/// PHÓ VIỆN TRƯỞNG") only under a decision delegating them to. The decision is recorded here,
/// with the period it covers, and may be ended early; a deputy's command is decided as the
/// head's while one is in force on the day (``inForce(for:on:)``), and the event it appends says
/// who signed for whom (``SignedOnBehalf``).
public struct HeadDelegations: Sendable, Equatable {
    /// Every delegation granted, in the order recorded.
    public internal(set) var grants: [DelegationGranted]
    /// The day each ended delegation stopped, by its decision number.
    public internal(set) var endings: [String: DelegationEnded]

    public init(grants: [DelegationGranted] = [], endings: [String: DelegationEnded] = [:]) {
        self.grants = grants
        self.endings = endings
    }

    /// The role of a deputy head, who acts as the head only under a delegation in force.
    public static let deputyRole = "deputy_head_of_agency"

    /// The delegation in force on `date` to the deputy `deputyID`, if any: granted for a period
    /// containing the day and not ended by then (the last granted, when several are).
    public func inForce(for deputyID: String, on date: LocalDate) -> DelegationGranted? {
        grants.last { grant in
            grant.deputy.id == deputyID && grant.validFrom <= date && grant.validUntil.map { date <= $0 } ?? true
                && endings[grant.decision.number].map { date < $0.endedOn } ?? true
        }
    }

    /// The delegation granted by the decision numbered `number`, if one is recorded.
    public func grant(decision number: String) -> DelegationGranted? {
        grants.first { $0.decision.number == number }
    }
}


extension Actor {
    /// The roles the actor acts in: their own, and the head's when `delegation` (in force) is from
    /// the head of the actor's own unit to them as a deputy head.
    public func roles(under delegation: DelegationGranted?) -> Set<String> {
        guard let delegation, delegation.unit == unit, delegation.deputy.id == id, roles.contains(HeadDelegations.deputyRole) else {
            return roles
        }
        return roles.union([Nomination.headOfAgency])
    }
}
