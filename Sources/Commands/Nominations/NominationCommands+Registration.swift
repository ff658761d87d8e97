import EventStore
import Nominations

/// A unit's emulation registration and task ratings of a year through the command handler, and
/// the reads the API makes of them.
extension NominationCommands {
    /// Decides and stores a registration (filing or amendment).
    public func run(
        _ command: RecordRegistration, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<EmulationRegistration>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await run(EmulationRegistration.self, command, on: streams.registration(command.unitYear), actor: actor, options: options,
                      reply: reply)
    }

    /// Decides and stores task ratings.
    public func run(
        _ command: RecordTaskRatings, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<UnitTaskRatings>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await run(UnitTaskRatings.self, command, on: streams.taskRatings(command.unitYear), actor: actor, options: options,
                      reply: reply)
    }

    /// A unit's command of a year, decided with who acts, today and the configuration.
    private func run<D: Decider & SendableMetatype>(
        _ decider: D.Type, _ command: D.Command, on stream: StreamName, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<D.State>) throws -> StoredResponse
    ) async throws -> StoredResponse where D.Context == CommandContext {
        try await handler.handle(decider, command, on: stream, options: options, prepare: { [configuration, today] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration))
        }, reply: reply)
    }

    /// A unit's registration for a year, as it is now.
    public func registration(_ key: UnitYear) async throws -> Loaded<EmulationRegistration> {
        try await reader.load(EmulationRegistration.self, streams.registration(key))
    }

    /// A unit's task ratings for a year, as they are now.
    public func taskRatings(_ key: UnitYear) async throws -> Loaded<UnitTaskRatings> {
        try await reader.load(UnitTaskRatings.self, streams.taskRatings(key))
    }
}
