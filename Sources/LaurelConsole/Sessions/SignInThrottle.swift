import Foundation
import Postgres

/// How failed sign-ins slow a login down, then lock it: the first `freeFailures` in a row cost
/// nothing; each after them makes the next attempt wait, twice as long as the one before; the
/// `lockAfter`-th locks the login for `lockDuration`. Pure: the store keeps the counts, a clock
/// says when it is.
struct SignInPolicy: Sendable, Equatable {
    let freeFailures: Int
    let firstDelay: TimeInterval
    let lockAfter: Int
    let lockDuration: TimeInterval

    /// The failures recorded so far for a login.
    struct Record: Sendable, Equatable {
        var failures: Int
        var lastFailedAt: Date
        var lockedUntil: Date?
    }

    /// Why an attempt is refused before its password is even checked.
    enum Refusal: Sendable, Equatable {
        /// Try again from this time.
        case wait(until: Date)
        case locked(until: Date)
    }

    /// The refusal of an attempt at `now`, or nil when it may be checked.
    func refusal(_ record: Record?, now: Date) -> Refusal? {
        guard let record else { return nil }
        if let until = record.lockedUntil, now < until { return .locked(until: until) }
        guard let delay = delay(after: record.failures) else { return nil }
        let until = record.lastFailedAt.addingTimeInterval(delay)
        return now < until ? .wait(until: until) : nil
    }

    /// The record after one more failure at `now`.
    func failing(_ record: Record?, now: Date) -> Record {
        // A lock that has run out starts the count again.
        let before = record.flatMap { $0.lockedUntil.map { now < $0 } ?? true ? $0 : nil }
        let failures = (before?.failures ?? 0) + 1
        return Record(failures: failures, lastFailedAt: now,
                      lockedUntil: failures >= lockAfter ? now.addingTimeInterval(lockDuration) : nil)
    }

    /// The wait after `failures` in a row: none for the free ones, then doubling.
    func delay(after failures: Int) -> TimeInterval? {
        guard failures > freeFailures else { return nil }
        return firstDelay * pow(2, Double(min(failures - freeFailures - 1, 20)))
    }
}

/// Failed sign-ins per login of a tenant, in PostgreSQL (shared by every instance).
struct SignInFailures: Sendable {
    let pool: ConnectionPool

    func record(of login: String, tenant: String) async throws -> SignInPolicy.Record? {
        let rows = try await pool.query("""
            SELECT failures, last_failed_at, locked_until FROM console_sign_in_failures WHERE tenant = $1 AND login = $2
            """, [tenant, login])
        return try rows.first.map {
            SignInPolicy.Record(failures: try $0.decode(0), lastFailedAt: try $0.decode(1), lockedUntil: try $0.decode(2))
        }
    }

    func save(_ record: SignInPolicy.Record, of login: String, tenant: String) async throws {
        _ = try await pool.query("""
            INSERT INTO console_sign_in_failures (tenant, login, failures, last_failed_at, locked_until)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant, login) DO UPDATE
            SET failures = excluded.failures, last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until
            """, [tenant, login, record.failures, record.lastFailedAt, record.lockedUntil])
    }

    /// The logins of `tenant` locked at `now`.
    func locked(at now: Date, tenant: String) async throws -> Set<String> {
        let rows = try await pool.query("SELECT login FROM console_sign_in_failures WHERE tenant = $1 AND locked_until > $2", [tenant, now])
        return Set(try rows.map { try $0.decode(0) })
    }

    /// Forgets the failures of `login` (after it signs in).
    func clear(_ login: String, tenant: String) async throws {
        _ = try await pool.query("DELETE FROM console_sign_in_failures WHERE tenant = $1 AND login = $2", [tenant, login])
    }
}
