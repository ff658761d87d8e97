import Workflow

/// The recorded changes of one council's membership during the year: its own aggregate, one
/// stream per council (the council's unit).
///
/// The organisation file constitutes each council; a decision that changes a council (a member
/// leaves, another joins, a new head chairs) is recorded here with the decision it rests on.
/// Sessions take the membership in force on their date (``inForce(on:constituted:)``), so the
/// quorum and the thresholds count against the council as it stood that day, not as it stands
/// when the session is recorded.
public struct CouncilMembership: Sendable, Equatable {
    /// Every change recorded, in the order recorded; their effective dates never go back.
    public internal(set) var changes: [CouncilMembershipChanged]

    public init(changes: [CouncilMembershipChanged] = []) {
        self.changes = changes
    }

    /// The membership of `council` in force on `date`: the organisation's before the first
    /// change takes effect, then each change's from its effective date (the last recorded, of
    /// changes taking effect the same day).
    public func inForce(on date: LocalDate, constituted council: Council) -> CouncilInForce {
        // Effective dates never go back, so the last change in force on the date is the one.
        guard let change = changes.last(where: { $0.council == council.unit && $0.decision.effectiveFrom <= date }) else {
            return CouncilInForce(council: council.unit, name: council.name, on: date, seats: council.seats,
                                  basis: .organization)
        }
        return CouncilInForce(council: council.unit, name: council.name, on: date, seats: change.members,
                              basis: .decision(change.decision))
    }

    /// The change citing the decision numbered `number` and signed in `year`, if one is
    /// recorded: an authority numbers its decisions from 1 again every year (Decree 30/2020/NĐ-CP),
    /// so a number names one decision only with its year.
    public func change(decision number: String, year: Int) -> CouncilMembershipChanged? {
        changes.first { $0.decision.number == number && $0.decision.date.year == year }
    }
}

