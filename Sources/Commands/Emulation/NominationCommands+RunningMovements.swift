import EventStore
import Nominations

extension NominationCommands {
    /// The launched movements whose period starts in one of `years`, as they are now, in the
    /// order the years' indexes listed them: two reads of the log however many years, for a
    /// report that counts the movements running over a period.
    public func movements(startingIn years: ClosedRange<Int>) async throws -> [(id: String, movement: Movement)] {
        let indexes = try await reader.store.readStreams(years.map(streams.movementIndex))
        var ids: [String] = []
        var seen: Set<String> = []
        for year in years {
            // An amendment that moved a start lists the movement under its new year too: keep it once.
            for id in try AggregateReader.fold(MovementIndex.self, indexes[streams.movementIndex(year)] ?? []).state.movements
            where seen.insert(id).inserted { ids.append(id) }
        }
        let records = try await reader.store.readStreams(ids.map(streams.movement))
        return try ids.compactMap { id in
            let movement = try AggregateReader.fold(Movement.self, records[streams.movement(id)] ?? []).state
            guard let from = movement.details?.from, years.contains(from.year) else { return nil }
            return (id, movement)
        }
    }
}
