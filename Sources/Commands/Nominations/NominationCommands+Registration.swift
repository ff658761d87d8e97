import Nominations

/// A unit's emulation registration and task ratings of a year through the command handler, and
/// the reads the API makes of them.
extension NominationCommands {
    /// Decides and stores a registration (filing or amendment).
    public func run(
        _ command: RecordRegistration, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<EmulationRegistration>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(EmulationRegistration.self, command, on: streams.registration(command.unitYear), options: options,
                                 prepare: { [configuration, today] _ in
            Preparation(context: UnitYearContext(actor: actor, today: today(), configuration: configuration))
        }, reply: reply)
    }

    /// Decides and stores task ratings.
    public func run(
        _ command: RecordTaskRatings, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<UnitTaskRatings>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(UnitTaskRatings.self, command, on: streams.taskRatings(command.unitYear), options: options,
                                 prepare: { [configuration, today] _ in
            Preparation(context: UnitYearContext(actor: actor, today: today(), configuration: configuration))
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
