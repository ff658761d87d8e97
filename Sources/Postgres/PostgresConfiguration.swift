import CLibPQ
import Foundation

/// Where and how to connect: a `postgres://` URL or a `key=value` conninfo string, plus the
/// settings Laurel always wants.
public struct PostgresConfiguration: Sendable {
    /// A `postgres://` / `postgresql://` URL or a libpq `key=value` string. Its own settings win
    /// over the defaults below.
    public var connectionString: String
    /// Shown in `pg_stat_activity`, so an operator can tell Laurel's sessions apart.
    public var applicationName: String
    /// Seconds to wait for the server when connecting.
    public var connectTimeout: Int
    /// Connects to this database instead of the one the connection string names.
    public var database: String?
    /// Connects as this role instead of the one the connection string names.
    public var user: String?
    /// A role the session switches to at once (`SET ROLE`), for example the application role
    /// `laurel_app`, so the service holds only that role's privileges though it logs in as another.
    public var sessionRole: String?

    public init(_ connectionString: String, applicationName: String = "laurel", connectTimeout: Int = 10) {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
    }

    /// Checks the string with libpq's own parser, so a typo fails with a clear message before
    /// any connection attempt.
    public func validate() throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "unparseable connection string"
            errorMessage.map { PQfreemem($0) }
            throw PostgresError(
                code: .invalidConfiguration,
                message: "invalid database URL: \(reason.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        PQconninfoFree(options)
    }

    /// Keyword/value pairs for `PQconnectdbParams`. The connection string comes last with
    /// `expand_dbname`, so whatever it sets overrides these defaults.
    var parameters: [(String, String)] {
        [
            ("application_name", applicationName),
            ("connect_timeout", String(connectTimeout)),
            ("keepalives", "1"),
            ("keepalives_idle", "30"),
            ("keepalives_interval", "10"),
            ("keepalives_count", "3"),
            // Decoding relies on ISO dates, UTC, and floats printed exactly.
            ("options", "-c DateStyle=ISO,YMD -c TimeZone=UTC -c extra_float_digits=3 -c IntervalStyle=iso_8601"
                + (sessionRole.map { " -c role=\($0)" } ?? "")),
            ("dbname", connectionString),
        ]
        // After the expanded connection string, so they override it; libpq expands only the
        // first `dbname`, later ones are plain names.
        + (database.map { [("dbname", $0)] } ?? [])
        + (user.map { [("user", $0)] } ?? [])
    }

    /// The same server and settings, another database.
    public func with(database: String) -> PostgresConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same server and settings, another role.
    public func with(user: String) -> PostgresConfiguration {
        var copy = self
        copy.user = user
        return copy
    }

    /// The same server and settings, switching to `role` once connected.
    public func with(sessionRole role: String) -> PostgresConfiguration {
        var copy = self
        copy.sessionRole = role
        return copy
    }
}
