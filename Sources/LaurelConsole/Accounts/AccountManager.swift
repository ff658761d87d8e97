import Commands
import EventStore
import Foundation
import LaurelServer
import Nominations

/// Account commands as the console's pages and `laurel accounts` run them: through the one
/// command handler, with the password hashed here so the command (and its event) carries only
/// the hash.
public struct AccountManager: Sendable {
    let services: LaurelServices
    /// The agency whose accounts these are.
    let tenant: TenantServices

    /// The accounts of `tenant`, the installation's own when nil.
    public init(services: LaurelServices, tenant: TenantServices? = nil) {
        self.services = services
        self.tenant = tenant ?? services.tenants.defaultTenant
    }

    /// Who acts, and from which request (the CLI's invocation, or the console's request).
    public struct Acting: Sendable {
        let actor: Actor
        let requestID: String
        let correlationID: String

        public init(actor: Actor, requestID: String, correlationID: String? = nil) {
            self.actor = actor
            self.requestID = requestID
            self.correlationID = correlationID ?? requestID
        }
    }

    /// Runs `command`.
    /// - Returns: the checkpoint the accounts read model reaches with its effect (nil: nothing changed).
    @discardableResult
    public func run(_ command: AccountCommand, as acting: Acting, reason: String? = nil) async throws -> LogCheckpoint? {
        let metadata = EventMetadata(actorID: acting.actor.id, actorRoles: acting.actor.roles.sorted(),
                                     correlationID: acting.correlationID, requestID: acting.requestID, reason: reason)
        let response = try await tenant.commands.run(
            command, actor: acting.actor, options: CommandOptions(startsStream: isCreation(command), metadata: metadata),
            knownRoles: tenant.roles,
            reply: { outcome in StoredResponse(status: 200, headers: outcome.checkpoint.map { ["Checkpoint": $0.description] } ?? [:], body: Data()) })
        return response.headers["Checkpoint"].flatMap(LogCheckpoint.init)
    }

    /// Creates an account and, when given, sets its password.
    @discardableResult
    public func create(
        login: String, name: String, unit: String, roles: Set<String>, password: String?, as acting: Acting
    ) async throws -> LogCheckpoint? {
        if let password { try Self.check(password) }
        let created = try await run(.create(login: login, name: name, unit: unit, roles: roles), as: acting)
        guard let password else { return created }
        return try await setPassword(login: login, password: password, as: acting)
    }

    /// Sets the password of `login`.
    @discardableResult
    public func setPassword(login: String, password: String, as acting: Acting) async throws -> LogCheckpoint? {
        try Self.check(password)
        let hash = try await Passwords.hash(password, cost: services.settings.consolePasswordCost)
        return try await run(.setPassword(login: login, passwordHash: hash), as: acting)
    }

    /// Refuses a password shorter than ``Passwords/minimumLength``.
    static func check(_ password: String) throws {
        guard password.count >= Passwords.minimumLength else {
            throw DomainError(.invalidCommand, "a password has at least \(Passwords.minimumLength) characters")
        }
    }

    private func isCreation(_ command: AccountCommand) -> Bool {
        if case .create = command { true } else { false }
    }
}
