import CLibPQ
import Logging
import Synchronization

/// One PostgreSQL session.
///
/// An actor whose executor is a thread of its own: libpq blocks while the server works, and that
/// must never happen on Swift's cooperative pool. Statements are bound with parameters (values
/// never enter SQL text); cancelling the calling task cancels the running statement on the
/// server, and the connection stays usable afterwards.
public actor Connection {
    private let executor: DedicatedThreadExecutor
    private let raw: RawConnection
    public let logger: Logger
    /// Whether the last operation left the session outside any transaction, readable from any
    /// thread: the pool checks it when the connection comes back.
    private nonisolated let leftIdle = Atomic<Bool>(true)

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// The connection's thread as a task executor: code run with it as its preference reaches
    /// this actor without a thread switch.
    nonisolated var taskExecutor: any TaskExecutor { executor }

    private init(configuration: PostgresConfiguration, logger: Logger) {
        executor = DedicatedThreadExecutor(name: "laurel.postgres.\(configuration.applicationName)")
        raw = RawConnection(configuration: configuration, logger: logger)
        self.logger = logger
    }

    /// Opens a session; throws ``PostgresError/Code-swift.struct/connectionFailed`` when the
    /// server cannot be reached or refuses us, with libpq's reason.
    public static func connect(
        _ configuration: PostgresConfiguration,
        logger: Logger = Logger(label: "laurel.postgres")
    ) async throws -> Connection {
        let connection = Connection(configuration: configuration, logger: logger)
        do {
            try await connection.open()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Opens a session for `body` and closes it when `body` returns or throws.
    @discardableResult
    public static func withConnection<T>(
        _ configuration: PostgresConfiguration,
        logger: Logger = Logger(label: "laurel.postgres"),
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(configuration, logger: logger)
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    private func open() throws {
        try raw.connect()
    }

    /// Ends the session. Further use throws `connectionClosed`; the thread finishes when the
    /// last reference to the connection goes.
    public func close() {
        // The executor keeps running: a call made after `close()` is still a job on this actor,
        // and it must run (and throw `connectionClosed`) rather than wait forever on a thread
        // that has finished.
        raw.close()
    }

    deinit {
        executor.shutdown()
    }

    /// How many times the connection has reconnected since it opened. A new value means a new
    /// session: whatever the old one held (advisory locks, `SET` settings) is gone.
    public var reconnections: Int { raw.reconnections }

    /// Runs one statement with parameters `$1…$n` and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        let binds = parameters.map(\.postgresBind)
        return try await cancellable { raw in try raw.query(sql, binds) }
    }

    /// Runs a script of statements without parameters, such as a migration.
    public func execute(_ script: String) async throws {
        try await cancellable { raw in try raw.execute(script) }
    }

    /// Sends all statements at once and returns their results in order. Atomic up to the sync
    /// point: if one fails, none of them takes effect, and the first error is thrown.
    ///
    /// `afterwards` go in the same round trip, after the sync point, as a transaction of their
    /// own: they run once `statements` have committed or failed, whichever it was, and their
    /// results and errors are dropped. For a signal that must follow a commit, such as a NOTIFY
    /// that would otherwise hold PostgreSQL's notify lock across the commit's flush.
    public func pipeline(_ statements: [PostgresStatement], afterwards: [PostgresStatement] = []) async throws -> [PostgresRows] {
        try await cancellable { raw in try raw.pipeline(statements, afterwards: afterwards) }
    }

    /// Sends all statements at once, each an implicit transaction of its own, and returns each
    /// one's rows or error in order: one failing does not undo or stop the others. This is how
    /// the pool runs the statements of several callers in one round trip.
    ///
    /// Not cancellable: the statements are other callers' too.
    func pipelineEach(_ statements: [PostgresStatement]) -> [Result<PostgresRows, PostgresError>] {
        do {
            return try inSession { $0.pipelineEach(statements) }
        } catch {
            // Only the reconnect throws: nothing was sent.
            let failure = error as? PostgresError ?? PostgresError(code: .connectionFailed, message: "\(error)")
            return statements.map { _ in .failure(failure) }
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// The body is synchronous and runs on the connection's thread, so no other work can
    /// interleave with it and it cannot forget to await. A transaction inside a transaction is
    /// refused with `nestedTransaction`.
    ///
    /// - Parameter afterCommit: statements sent with the `COMMIT` in one round trip when the body
    ///   returns, run after it as a transaction of their own whether the commit succeeded or
    ///   not, their results and errors dropped (as `afterwards` in ``pipeline(_:afterwards:)``):
    ///   a NOTIFY about what the transaction wrote, say, without a round trip of its own.
    public func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        afterCommit: [PostgresStatement] = [],
        _ body: @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        try await cancellable { raw in
            guard raw.transactionStatus == PQTRANS_IDLE else {
                throw PostgresError(
                    code: .nestedTransaction,
                    message: "a transaction is already open on this connection; use a savepoint instead")
            }
            // Sent with the body's first statement, in its round trip.
            raw.deferredBegin = "BEGIN ISOLATION LEVEL \(isolation.sql)"
            do {
                let value = try body(PostgresTransaction(raw: raw))
                if raw.deferredBegin != nil {
                    // The body ran nothing: there is no transaction to commit.
                    raw.deferredBegin = nil
                    _ = try? raw.pipeline(afterCommit)
                } else if afterCommit.isEmpty {
                    try raw.execute("COMMIT")
                } else {
                    _ = try raw.pipeline([PostgresStatement("COMMIT")], afterwards: afterCommit)
                }
                return value
            } catch {
                raw.deferredBegin = nil
                if raw.transactionStatus != PQTRANS_IDLE && raw.transactionStatus != PQTRANS_UNKNOWN {
                    try? raw.execute("ROLLBACK")
                }
                throw error
            }
        }
    }

    /// Whether the session is outside any transaction after its last operation (or closed, or
    /// lost and due to reconnect). False when a caller left a `BEGIN` open, or when a failure
    /// (such as the server going away mid-transaction) left the session inside a transaction
    /// that could not be rolled back: such a session must not serve anyone else.
    public nonisolated var isIdle: Bool { leftIdle.load(ordering: .acquiring) }

    /// Runs a synchronous unit of work with its cancellation wired to the server: the calling
    /// task's cancellation sends `PQcancel` for exactly this operation.
    private func cancellable<T>(_ work: (RawConnection) throws -> T) async throws -> T {
        let canceller = raw.canceller
        let token = canceller.makeToken()
        return try await withTaskCancellationHandler {
            try canceller.begin(token)
            defer { canceller.end(token) }
            return try inSession(work)
        } onCancel: {
            canceller.cancel(token)
        }
    }

    /// Runs `work` on the session: reconnected first when the server ended it while it was
    /// idle, and noted afterwards as idle or not (``isIdle``) for the pool.
    private func inSession<T>(_ work: (RawConnection) throws -> T) throws -> T {
        defer {
            let status = raw.transactionStatus
            leftIdle.store(status == PQTRANS_IDLE || status == PQTRANS_UNKNOWN, ordering: .releasing)
        }
        if raw.transactionStatus == PQTRANS_IDLE || raw.transactionStatus == PQTRANS_UNKNOWN {
            try raw.reconnectIfBroken()
        }
        return try work(raw)
    }
}

/// Transaction isolation levels.
public enum IsolationLevel: Sendable {
    case readCommitted, repeatableRead, serializable

    var sql: String {
        switch self {
        case .readCommitted: "READ COMMITTED"
        case .repeatableRead: "REPEATABLE READ"
        case .serializable: "SERIALIZABLE"
        }
    }
}

/// The statements available inside ``Connection/transaction(isolation:_:)``. Synchronous: they
/// run on the connection's thread, inside the transaction.
public struct PostgresTransaction {
    let raw: RawConnection

    /// ``Connection/reconnections`` of the connection the transaction runs on.
    public var reconnections: Int { raw.reconnections }

    /// Runs one statement with parameters `$1…$n` and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> PostgresRows {
        try raw.query(sql, parameters.map(\.postgresBind))
    }

    /// Runs a script of statements without parameters.
    public func execute(_ script: String) throws {
        try raw.execute(script)
    }

    /// Sends all statements at once; a failure aborts the transaction.
    public func pipeline(_ statements: [PostgresStatement]) throws -> [PostgresRows] {
        try raw.pipeline(statements)
    }

    /// Runs `body` under a savepoint: its statements are undone if it throws, and the enclosing
    /// transaction goes on.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try raw.execute("SAVEPOINT laurel_savepoint")
        do {
            let value = try body()
            try raw.execute("RELEASE SAVEPOINT laurel_savepoint")
            return value
        } catch {
            try raw.execute("ROLLBACK TO SAVEPOINT laurel_savepoint")
            throw error
        }
    }
}
