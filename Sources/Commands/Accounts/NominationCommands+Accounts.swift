import Nominations

/// Accounts through the command handler: created, given roles and units, disabled and given
/// passwords as events on each login's stream.
extension NominationCommands {
    /// Decides and stores an account command.
    ///
    /// - Parameter knownRoles: every role an account may hold.
    public func run(
        _ command: AccountCommand, actor: Actor, options: CommandOptions, knownRoles: Set<String>,
        reply: @escaping @Sendable (Outcome<Account>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(Account.self, command, on: streams.account(command.login), options: options,
                                 prepare: { [configuration] _ in
            Preparation(context: AccountContext(actor: actor, organization: configuration.organization, knownRoles: knownRoles))
        }, reply: reply)
    }

    /// The account signing in as `login`, as it is now (not created: no such account).
    public func account(_ login: String) async throws -> Loaded<Account> {
        try await reader.load(Account.self, streams.account(login))
    }
}
