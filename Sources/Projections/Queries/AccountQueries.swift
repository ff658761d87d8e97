import Foundation
import Postgres

/// A row of the accounts read model.
public struct AccountSummary: Sendable, Equatable, Codable {
    public let login: String
    public let name: String
    public let unit: String
    public let roles: [String]
    public let disabled: Bool
    public let hasPassword: Bool
    public let changedAt: Date
}

/// Reads the accounts read model.
public struct AccountQueries: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) { self.pool = pool }

    /// Accounts by login, in pages of `limit` after the login `cursor`.
    public func list(tenant: String, after cursor: String? = nil, limit: Int = 100) async throws -> Page<AccountSummary> {
        let limit = min(max(limit, 1), 500)
        let rows = try await pool.query("""
            SELECT login, name, unit, to_jsonb(roles), disabled, has_password, changed_at
            FROM projection_accounts.accounts
            WHERE tenant = $1 AND ($2::text IS NULL OR login > $2)
            ORDER BY login
            LIMIT $3
            """, [tenant, cursor, limit + 1])
        let items = try rows.prefix(limit).map {
            AccountSummary(login: try $0.decode(0), name: try $0.decode(1), unit: try $0.decode(2), roles: try $0.decode(3, as: PostgresJSON<[String]>.self).value,
                           disabled: try $0.decode(4), hasPassword: try $0.decode(5), changedAt: try $0.decode(6))
        }
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.login : nil)
    }
}
