import EventStore
import Nominations
import Postgres

/// The accounts as administrators list them: person, unit, roles, whether disabled and whether a
/// password is set (never the hash: signing in reads the account's own stream).
///
/// Accounts change rarely, so each event is one statement.
public struct AccountsProjection: Projection {
    public let name = "accounts"
    public let schema = "projection_accounts"
    public let eventTypes = Set(AccountEvent.types)

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        events.compactMap { event -> PostgresStatement? in
            guard case .account(let account) = event.body else { return nil }
            let tenant = event.tenant
            let at = event.record.recordedAt
            switch account {
            case .created(let e):
                return PostgresStatement("""
                    INSERT INTO accounts (tenant, login, name, unit, roles, disabled, has_password, changed_at)
                    VALUES ($1, $2, $3, $4, $5::text[], false, false, $6)
                    """, [tenant, e.login, e.name, e.unit, PostgresArray(e.roles), at])
            case .rolesChanged(let e):
                return PostgresStatement("UPDATE accounts SET roles = $3::text[], changed_at = $4 WHERE tenant = $1 AND login = $2",
                                         [tenant, e.login, PostgresArray(e.roles), at])
            case .unitChanged(let e):
                return PostgresStatement("UPDATE accounts SET unit = $3, changed_at = $4 WHERE tenant = $1 AND login = $2",
                                         [tenant, e.login, e.unit, at])
            case .disabled(let e):
                return PostgresStatement("UPDATE accounts SET disabled = true, changed_at = $3 WHERE tenant = $1 AND login = $2",
                                         [tenant, e.login, at])
            case .passwordSet(let e):
                return PostgresStatement("UPDATE accounts SET has_password = true, changed_at = $3 WHERE tenant = $1 AND login = $2",
                                         [tenant, e.login, at])
            }
        }
    }
}
