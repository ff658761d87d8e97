import EventStore
import Nominations

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

    /// The movements whose period starts in `year` as they are now, in the order they were
    /// listed; `version` counts the events of the index's and the movements' streams, which only grow.
    public func movements(startingIn year: Int) async throws -> (movements: [(id: String, loaded: Loaded<Movement>)], version: Int64) {
        let index = try await reader.load(MovementIndex.self, streams.movementIndex(year))
        let ids = index.state.movements
        let records = try await reader.store.readStreams(ids.map(streams.movement))
        var movements: [(id: String, loaded: Loaded<Movement>)] = []
        for id in ids {
            let loaded = try AggregateReader.fold(Movement.self, records[streams.movement(id)] ?? [])
            // Listed under the year it started in then: an amendment may have moved its start since.
            if loaded.state.details?.from.year == year { movements.append((id, loaded)) }
        }
        return (movements, index.version + Int64(records.values.reduce(0) { $0 + $1.count }))
    }

    /// A unit's response to a movement as it is now.
    public func movementResponse(_ key: MovementUnit) async throws -> Loaded<MovementResponse> {
        try await reader.load(MovementResponse.self, streams.movementResponse(key))
    }
}
