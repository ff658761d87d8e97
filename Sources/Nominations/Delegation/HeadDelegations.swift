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
    /// How each ended delegation ended, by its place in ``grants``.
    public internal(set) var endings: [Int: DelegationEnded]

    public init(grants: [DelegationGranted] = [], endings: [Int: DelegationEnded] = [:]) {
        self.grants = grants
        self.endings = endings
    }

    /// The role of a deputy head, who acts as the head only under a delegation in force.
    public static let deputyRole = "deputy_head_of_agency"

    /// The delegation in force on `date` to the deputy `deputyID`, if any: granted for a period
    /// containing the day and not ended by then (the last granted, when several are).
    public func inForce(for deputyID: String, on date: LocalDate) -> DelegationGranted? {
        grants.indices.last { index in
            let grant = grants[index]
            return grant.deputy.id == deputyID && grant.validFrom <= date && grant.validUntil.map { date <= $0 } ?? true
                && endings[index].map { date < $0.endedOn } ?? true
        }.map { grants[$0] }
    }

    /// The places in ``grants`` of the delegations granted under decision `number`, of `year`
    /// when it is given: a head numbers decisions from 1 again every year (Decree 30/2020/NĐ-CP),
    /// so a number names one decision only with its year.
    func grantPlaces(decision number: String, year: Int? = nil) -> [Int] {
        grants.indices.filter { index in
            grants[index].decision.number == number && year.map { grants[index].decision.date.year == $0 } ?? true
        }
    }

    /// The place in ``grants`` of the delegation `ended` ends: the one of its number and year, or
    /// for an ending recorded without a year, the one under its number that had not ended.
    func grantEnded(by ended: DelegationEnded) -> Int? {
        let candidates = grantPlaces(decision: ended.number, year: ended.year)
        return candidates.last { endings[$0] == nil } ?? candidates.last
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
