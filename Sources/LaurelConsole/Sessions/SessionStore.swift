import Crypto
import EventStore
import Foundation
import Postgres

/// A signed-in session: whose it is (an account of one tenant), the secret its forms carry, and
/// when it ends.
struct ConsoleSession: Sendable, Equatable {
    let tenant: String
    let login: String
    let csrfSecret: String
    let expiresAt: Date
}

/// Sessions in PostgreSQL, so every instance of the service shares them. The cookie carries a
/// random token; the table keeps only its SHA-256, so reading the table signs no one in.
struct SessionStore: Sendable {
    let pool: ConnectionPool
    let lifetime: TimeInterval

    /// Starts a session for `login` of `tenant`: the token for the cookie and the session.
    func start(login: String, tenant: String, now: Date) async throws -> (token: String, session: ConsoleSession) {
        let token = Self.randomHex()
        let session = ConsoleSession(tenant: tenant, login: login, csrfSecret: Self.randomHex(),
                                     expiresAt: now.addingTimeInterval(lifetime))
        // Sessions that ran out unused go as new ones start, in the same statement.
        _ = try await pool.query("""
            WITH ended AS (DELETE FROM console_sessions WHERE expires_at <= $5)
            INSERT INTO console_sessions (token_sha256, tenant, login, csrf_secret, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, [Self.digest(token), tenant, login, session.csrfSecret, now, session.expiresAt])
        return (token, session)
    }

    /// The session of `token`, unless it has expired at `now` (an expired one is deleted).
    func find(token: String, now: Date) async throws -> ConsoleSession? {
        let rows = try await pool.query("""
            SELECT tenant, login, csrf_secret, expires_at FROM console_sessions WHERE token_sha256 = $1
            """, [Self.digest(token)])
        guard let row = rows.first else { return nil }
        let session = ConsoleSession(tenant: try row.decode(0), login: try row.decode(1), csrfSecret: try row.decode(2),
                                     expiresAt: try row.decode(3))
        guard now < session.expiresAt else {
            try await end(token: token)
            return nil
        }
        return session
    }

    /// Ends the session of `token` (signing out).
    func end(token: String) async throws {
        _ = try await pool.query("DELETE FROM console_sessions WHERE token_sha256 = $1", [Self.digest(token)])
    }

    /// 32 random bytes as 64 hex digits: a session token or a form secret.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.lowercaseHex
    }

    static func digest(_ token: String) -> String { SHA256.hash(data: Data(token.utf8)).lowercaseHex }
}
