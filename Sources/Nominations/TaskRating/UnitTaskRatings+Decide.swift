extension UnitTaskRatings: Decider {
    /// No one is rated until the unit records it.
    public static let initialState = UnitTaskRatings()

    /// The roles that record ratings: the unit's own officer, and the standing office covering it.
    public static let roles: Set<String> = ["unit_officer", "standing_office"]

    /// Records ratings: each person once per command, with an id and a name; changing a rating
    /// recorded before needs a reason, because a title may already rest on it.
    public static func decide(
        _ command: RecordTaskRatings, _ recorded: UnitTaskRatings, _ context: CommandContext
    ) throws(DomainError) -> [TaskRatingsEvent] {
        _ = try context.authorize(command.unitYear, roles: roles, what: "task ratings")
        guard command.unitYear.year <= context.today.year else {
            throw DomainError(.invalidCommand, "\(command.unitYear.year) has not started: its tasks cannot be rated yet")
        }
        guard !command.ratings.isEmpty else { throw DomainError(.invalidCommand, "no rating to record") }
        var seen = Set<String>()
        for rated in command.ratings {
            guard !rated.personID.isBlank, !rated.name.isBlank else {
                throw DomainError(.invalidCommand, "every rating names its person: an id and a name")
            }
            guard seen.insert(rated.personID).inserted else {
                throw DomainError(.invalidCommand, "\(rated.personID) is rated twice in one command")
            }
        }
        let changed = command.ratings.filter { rated in recorded.ratings[rated.personID].map { $0.rating != rated.rating } ?? false }
        let reason = command.reason.flatMap { $0.isBlank ? nil : $0 }
        if let first = changed.first, reason == nil {
            throw DomainError(.invalidCommand, "\(first.personID) is already rated \(recorded.ratings[first.personID]!.rating.rawValue) "
                              + "for \(command.unitYear.year): changing a rating needs a reason")
        }
        let new = command.ratings.filter { recorded.ratings[$0.personID] != $0 }
        guard !new.isEmpty else { return [] }
        return [.recorded(TaskRatingsRecorded(unit: command.unitYear.unit, year: command.unitYear.year, ratings: new,
                                              reason: changed.isEmpty ? nil : reason))]
    }

    public static func evolve(_ recorded: UnitTaskRatings, _ event: TaskRatingsEvent) -> UnitTaskRatings {
        var recorded = recorded
        switch event {
        case .recorded(let payload):
            for rated in payload.ratings { recorded.ratings[rated.personID] = rated }
        }
        return recorded
    }
}
