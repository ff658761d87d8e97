import EventStore
import Nominations
import Workflow

/// Emulation movements and the units' responses through the command handler, and the reads the
/// API makes of them.
extension NominationCommands {
    /// Decides and stores a movement's launch, amendment or close. A launch, or an amendment
    /// moving the movement's start to another year, lists it in that year's index in the same
    /// append, at the index's version read, so two launches of one year never lose one another.
    public func run(
        _ command: MovementCommand, movement id: String, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<Movement>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(Movement.self, command, on: streams.movement(id), options: options,
                                 prepare: { [configuration, today, streams, reader] _ in
            let linked = LinkedStates(reader: reader)
            let context = CommandContext(actor: actor, today: today(), configuration: configuration)
            return Preparation(context: context, linked: { before, after, _ in
                guard let year = after.details?.from.year, year != before.details?.from.year else { return [] }
                let listed = try await linked.decide(MovementIndex.self, ListMovement(movement: id, year: year),
                                                     on: streams.movementIndex(year), context: context)
                return listed.map { [$0] } ?? []
            }, reads: linked)
        }, reply: reply)
    }

    /// Decides and stores a unit's response to a movement. The decision reads the movement; a
    /// refusal made on a movement another writer has moved since is decided again.
    public func run(
        _ command: RecordMovementResponse, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<MovementResponse>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(MovementResponse.self, command, on: streams.movementResponse(command.key), options: options,
                                 prepare: { [configuration, today, streams, reader] _ in
            let linked = LinkedStates(reader: reader)
            let movement = try await linked.load(Movement.self, streams.movement(command.key.movement)).state
            let context = CommandContext(actor: actor, today: today(), configuration: configuration)
            return Preparation(context: MovementResponseContext(command: context, movement: movement), reads: linked)
        }, reply: reply)
    }

    /// A movement as it is now.
    public func movement(_ id: String) async throws -> Loaded<Movement> {
        try await reader.load(Movement.self, streams.movement(id))
    }

    /// The movements whose period starts in one of `years` as they are now, year by year in the
    /// order each year's index listed them: two reads of the log however many years. `version`
    /// counts the events of the indexes' and the movements' streams, which only grow.
    public func movements(startingIn years: ClosedRange<Int>) async throws -> (movements: [(id: String, loaded: Loaded<Movement>)], version: Int64) {
        let indexes = try await reader.store.readStreams(years.map(streams.movementIndex))
        var ids: [String] = []
        var seen: Set<String> = []
        for year in years {
            // An amendment that moved a start lists the movement under its new year too: keep it once.
            for id in try AggregateReader.fold(MovementIndex.self, indexes[streams.movementIndex(year)] ?? []).state.movements
            where seen.insert(id).inserted { ids.append(id) }
        }
        let records = try await reader.store.readStreams(ids.map(streams.movement))
        var movements: [(id: String, loaded: Loaded<Movement>)] = []
        for id in ids {
            let loaded = try AggregateReader.fold(Movement.self, records[streams.movement(id)] ?? [])
            // Listed under the year it started in then: an amendment may have moved its start since.
            if let from = loaded.state.details?.from, years.contains(from.year) { movements.append((id, loaded)) }
        }
        let events = indexes.values.reduce(0) { $0 + $1.count } + records.values.reduce(0) { $0 + $1.count }
        return (movements, Int64(events))
    }

    /// The movements that ran on some day of `year`; see ``movements(runningFrom:to:)``.
    public func movements(runningIn year: Int) async throws -> (movements: [(id: String, loaded: Loaded<Movement>)], version: Int64) {
        try await movements(runningFrom: LocalDate(year: year, month: 1, day: 1)!, to: LocalDate(year: year, month: 12, day: 31)!)
    }

    /// The movements that ran on some day from `from` to `to` (started by `to`, neither ended nor
    /// closed before `from`), among those starting up to ``Movement/longestRunInYears`` before
    /// `from`'s year.
    public func movements(
        runningFrom from: LocalDate, to: LocalDate
    ) async throws -> (movements: [(id: String, loaded: Loaded<Movement>)], version: Int64) {
        let read = try await movements(startingIn: (from.year - Movement.longestRunInYears)...to.year)
        return (read.movements.filter { $0.loaded.state.ran(from: from, to: to) }, read.version)
    }

    /// A unit's response to a movement as it is now.
    public func movementResponse(_ key: MovementUnit) async throws -> Loaded<MovementResponse> {
        try await reader.load(MovementResponse.self, streams.movementResponse(key))
    }
}
