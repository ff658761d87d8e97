import EventStore
import Nominations

/// Emulation movements and the units' responses through the command handler, and the reads the
/// API makes of them.
extension NominationCommands {
    /// Decides and stores a movement's launch, amendment or close.
    public func run(
        _ command: MovementCommand, movement id: String, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<Movement>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(Movement.self, command, on: streams.movement(id), options: options,
                                 prepare: { [configuration, today] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration))
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

    /// A unit's response to a movement as it is now.
    public func movementResponse(_ key: MovementUnit) async throws -> Loaded<MovementResponse> {
        try await reader.load(MovementResponse.self, streams.movementResponse(key))
    }
}
