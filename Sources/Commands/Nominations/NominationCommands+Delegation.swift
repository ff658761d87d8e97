import Nominations

/// A unit head's delegations through the command handler, and the reads deciding and the API
/// make of them.
extension NominationCommands {
    /// Decides and stores a delegation command.
    public func run(
        _ command: DelegationCommand, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<HeadDelegations>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(HeadDelegations.self, command, on: streams.delegations(of: command.unit), options: options,
                                 prepare: { [configuration, today] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration))
        }, reply: reply)
    }

    /// The delegations recorded by the head of `unit`, as they are now.
    public func delegations(of unit: String) async throws -> Loaded<HeadDelegations> {
        try await reader.load(HeadDelegations.self, streams.delegations(of: unit))
    }
}
