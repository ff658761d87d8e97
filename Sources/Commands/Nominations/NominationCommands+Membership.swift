import Nominations

/// Changes of a council's membership through the command handler, and the reads convening and
/// the API make of them.
extension NominationCommands {
    /// Decides and stores a change of a council's membership.
    public func run(
        _ command: CouncilMembershipCommand, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<CouncilMembership>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(CouncilMembership.self, command, on: streams.councilMembership(command.council), options: options,
                                 prepare: { [configuration, today] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration))
        }, reply: reply)
    }

    /// The recorded changes of membership of the council of the unit `council`, as they are now.
    public func councilMembership(_ council: String) async throws -> Loaded<CouncilMembership> {
        try await reader.load(CouncilMembership.self, streams.councilMembership(council))
    }
}
