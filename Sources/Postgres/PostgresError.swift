/// An error from the PostgreSQL layer: from the server (with its SQLSTATE) or from the client.
///
/// Like postgres-nio's `PSQLError`, the `description` is redacted: server messages and details can
/// quote the values a statement was given (`Key (email)=(…) already exists`), and descriptions end
/// up in logs. The full text is in ``message`` and ``detail``, and in `debugDescription`.
public struct PostgresError: Error, Sendable {
    /// What kind of failure this is; callers branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case server, connectionFailed, queryCancelled, decoding, nestedTransaction
            case poolTimeout, poolClosed, connectionClosed, invalidConfiguration, clusterFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server rejected a statement; see ``PostgresError/sqlState``.
        public static let server = Code(.server)
        /// The connection could not be made or was lost.
        public static let connectionFailed = Code(.connectionFailed)
        /// The statement was cancelled because its task was cancelled.
        public static let queryCancelled = Code(.queryCancelled)
        /// A column could not be decoded as the requested Swift type.
        public static let decoding = Code(.decoding)
        /// A transaction was started while one was already open on the connection.
        public static let nestedTransaction = Code(.nestedTransaction)
        /// No pooled connection became free within the pool's timeout.
        public static let poolTimeout = Code(.poolTimeout)
        /// The pool was closed.
        public static let poolClosed = Code(.poolClosed)
        /// The connection was closed by its owner.
        public static let connectionClosed = Code(.connectionClosed)
        /// A URL, conninfo string or setting is malformed.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The embedded cluster could not be initialised, started or stopped.
        public static let clusterFailed = Code(.clusterFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The server's SQLSTATE, for server errors and server-side cancellations.
    public var sqlState: SQLState?
    /// The primary message. May quote values; not part of `description`.
    public var message: String
    /// The server's detail line. May quote values; not part of `description`.
    public var detail: String?
    /// The constraint a violation concerns, as named by the server.
    public var constraint: String?
    /// The table a violation concerns, as named by the server.
    public var table: String?

    public init(
        code: Code, sqlState: SQLState? = nil, message: String, detail: String? = nil,
        constraint: String? = nil, table: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
        self.table = table
    }
}

extension PostgresError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var parts = ["code: \(code)"]
        if let sqlState { parts.append("sqlState: \(sqlState.rawValue)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if sqlState == nil { parts.append("message: \(message)") }
        return "PostgresError(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String {
        var text = description.dropLast() + ", message: \(message)"
        if let detail { text += ", detail: \(detail)" }
        return text + ")"
    }
}

/// A five-character SQLSTATE code, with names for the ones callers branch on.
public struct SQLState: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let uniqueViolation = SQLState(rawValue: "23505")
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    public static let checkViolation = SQLState(rawValue: "23514")
    public static let serializationFailure = SQLState(rawValue: "40001")
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    public static let queryCanceled = SQLState(rawValue: "57014")
    public static let adminShutdown = SQLState(rawValue: "57P01")
    public static let cannotConnectNow = SQLState(rawValue: "57P03")
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    public static let raiseException = SQLState(rawValue: "P0001")
    public static let invalidCatalogName = SQLState(rawValue: "3D000")
    public static let featureNotSupported = SQLState(rawValue: "0A000")
    public static let invalidStatementName = SQLState(rawValue: "26000")

    /// Class 08 (connection exception) and the shutdown codes: the session is gone.
    public var isConnectionFailure: Bool {
        rawValue.hasPrefix("08") || self == .adminShutdown || rawValue == "57P02" || self == .cannotConnectNow
    }
}

extension PostgresError {
    /// True for the errors after which the same work may succeed when retried.
    public var isTransient: Bool { code == .connectionFailed || isConcurrencyFailure }

    /// A deadlock or a serialization failure: PostgreSQL rolled the transaction back whole
    /// because of what other transactions did at the same time; nothing of it is stored.
    public var isConcurrencyFailure: Bool { sqlState == .serializationFailure || sqlState == .deadlockDetected }
}
