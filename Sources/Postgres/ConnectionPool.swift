import Logging
import Synchronization

/// A bounded pool of ``Connection``s.
///
/// Callers that find every connection busy wait in line up to `acquireTimeout`, then get
/// `poolTimeout`. A connection whose session the server ended (a restart, say) reconnects by
/// itself before its next statement, so the pool never hands out a dead session twice.
public actor ConnectionPool {
    public struct Options: Sendable {
        /// The most connections open at once.
        public var maxConnections: Int
        /// How long a caller waits for a free connection.
        public var acquireTimeout: Duration

        /// How many of the connections may carry other callers' statements together: 0 (the
        /// default) lends a connection for every ``ConnectionPool/query(_:_:)``.
        ///
        /// Above 0, a `query` outside a loan joins a queue instead; up to this many connections
        /// take everything queued, send it in one round trip (each statement its own implicit
        /// transaction, with a sync point of its own: one failing fails only itself) and take
        /// the next lot while the server works. A statement then costs no thread switch of its
        /// own and the server reads many at once, where lending costs two switches each. In
        /// exchange, a statement already sent runs to its end when its caller is cancelled (the
        /// caller stops waiting at once; one still queued is dropped), and a slow statement
        /// delays the ones sent after it on its connection. Statements in a
        /// ``ConnectionPool/withConnection(_:)`` or a transaction are not affected, nor those
        /// that open a transaction or change the session (`BEGIN`, `SET`…), which get a
        /// connection lent for them alone.
        public var multiplexingConnections: Int

        public init(maxConnections: Int = 10, acquireTimeout: Duration = .seconds(10), multiplexingConnections: Int = 0) {
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
            self.multiplexingConnections = min(max(0, multiplexingConnections), self.maxConnections)
        }
    }

    /// What the pool holds right now, for metrics.
    public struct Usage: Sendable, Equatable {
        public var open: Int
        public var idle: Int
        /// Callers waiting for a connection to be lent.
        public var waiting: Int
        /// Statements waiting for a multiplexing connection.
        public var queued: Int
    }

    public nonisolated let configuration: PostgresConfiguration
    public nonisolated let options: Options
    private nonisolated let logger: Logger

    /// Lending and taking back are a few instructions under a lock, done on the caller's
    /// thread: going through the actor's executor instead would cost thread switches on every
    /// statement. Only a caller that must wait suspends.
    private struct State {
        var idle: [Connection] = []
        var openCount = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false
    }

    /// A caller waiting for a connection. It resumes with one, or with nil when it may open one
    /// itself (a failed open gave its slot back); `timeout` fails it after `acquireTimeout`.
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Connection?, any Error>
        var timeout: Task<Void, Never>
    }

    private nonisolated let state = Mutex(State())

    /// The connection a pool has lent to a task, for that task's nested `withConnection` to use
    /// again. Tasks started inside the loan's scope inherit it as a task-local value but are
    /// not its `owner`: they borrow connections of their own, so no two tasks share one.
    private final class Loan: Sendable {
        let pool: ConnectionPool
        let connection: Connection
        /// Compared only while the loan is open, when the owner is alive (inside the scope), so
        /// no other task can have its identity.
        nonisolated(unsafe) let owner: UnsafeCurrentTask?
        let isOpen = Atomic<Bool>(true)

        init(pool: ConnectionPool, connection: Connection) {
            self.pool = pool
            self.connection = connection
            owner = withUnsafeCurrentTask { $0 }
        }

        /// Whether the current task may use the connection: it holds this open loan of `pool`.
        func serves(_ pool: ConnectionPool) -> Bool {
            guard self.pool === pool, isOpen.load(ordering: .acquiring), let owner else { return false }
            return withUnsafeCurrentTask { $0 == owner }
        }
    }

    @TaskLocal private static var lent: Loan?

    /// A statement waiting for a multiplexing connection, and its caller.
    private struct QueuedStatement: Sendable {
        let statement: PostgresStatement
        let caller: Suspended<PostgresRows>
    }

    /// Statements waiting for a multiplexing connection (see
    /// ``Options-swift.struct/multiplexingConnections``).
    private nonisolated let queue: BatchQueue<QueuedStatement>

    public init(
        configuration: PostgresConfiguration, options: Options = Options(),
        logger: Logger = Logger(label: "laurel.postgres.pool")
    ) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
        queue = BatchQueue(maxWorkers: options.multiplexingConnections)
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    ///
    /// `body` runs on the connection's thread (as do child tasks it starts), so its statements
    /// reach the connection without a thread switch; the caller goes on on its own executor
    /// once `body` returns.
    ///
    /// Inside `body`, this pool's `withConnection`, `query` and `transaction` called by the same
    /// task use the same connection again instead of borrowing another (tasks it starts borrow
    /// their own): a request that wraps its work in one
    /// `withConnection` pays the two thread switches of a loan once, however many statements
    /// its parts run, and cannot exhaust the pool by borrowing while it holds a connection.
    public nonisolated func withConnection<T>(
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        if let lent = Self.lent, lent.serves(self) {
            return try await body(lent.connection)
        }
        let connection = try await acquire()
        let loan = Loan(pool: self, connection: connection)
        do {
            let value = try await withTaskExecutorPreference(connection.taskExecutor) {
                try await Self.$lent.withValue(loan) { try await body(connection) }
            }
            loan.isOpen.store(false, ordering: .releasing)
            await release(connection)
            return value
        } catch {
            loan.isOpen.store(false, ordering: .releasing)
            await release(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    public nonisolated func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        _ body: @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        try await withConnection { try await $0.transaction(isolation: isolation, body) }
    }

    /// Whether the current task holds a connection of this pool (inside ``withConnection(_:)``),
    /// which this pool's calls then use again.
    package nonisolated var currentTaskHoldsConnection: Bool { Self.lent?.serves(self) ?? false }

    /// Runs one statement on a pooled connection: the one the task holds inside
    /// ``withConnection(_:)``, else one lent for it, or, with
    /// ``Options-swift.struct/multiplexingConnections``, in a round trip shared with other callers.
    @discardableResult
    public nonisolated func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        if options.multiplexingConnections > 0, !currentTaskHoldsConnection, !Self.controlsSession(sql) {
            return try await multiplexed(PostgresStatement(sql, parameters))
        }
        return try await withConnection { try await $0.query(sql, parameters) }
    }

    /// Statements that open or end a transaction or change the session (`BEGIN`, `SET`,
    /// `LISTEN`…) go to a connection lent for them alone, as without multiplexing: on a shared
    /// connection, the statements sent after a `BEGIN` in the same round trip would run inside
    /// its transaction, and a setting would reach other callers.
    static func controlsSession(_ sql: String) -> Bool {
        var keyword = ""
        for character in sql.utf8.drop(while: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) || $0 == UInt8(ascii: "(") }) {
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(character & 0xDF), keyword.utf8.count < 12 else { break }
            keyword.append(Character(Unicode.Scalar(character & 0xDF)))
        }
        return sessionKeywords.contains(keyword)
    }

    private static let sessionKeywords: Set<String> = [
        "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE",
        "SET", "RESET", "LISTEN", "UNLISTEN", "DECLARE", "CLOSE", "DISCARD", "LOCK",
    ]

    /// Queues `statement` for a multiplexing connection, starting one if fewer than allowed are
    /// at work, and waits for its result.
    private nonisolated func multiplexed(_ statement: PostgresStatement) async throws -> PostgresRows {
        let caller = Suspended<PostgresRows>()
        return try await caller.wait {
            switch queue.enqueue(QueuedStatement(statement: statement, caller: caller)) {
            case .queued: break
            case .startWorker: startMultiplexer()
            case .closed: caller.resume(.failure(PostgresError(code: .poolClosed, message: "the connection pool is closed")))
            case .cancelled: caller.resume(.failure(CancellationError()))
            }
        } onCancel: {
            queue.remove { $0.caller === caller }
        }
    }

    /// Puts a connection to multiplexing: an idle one at once, on its own thread (no switch
    /// through the cooperative pool), else the first one to come free or open.
    private nonisolated func startMultiplexer() {
        if let connection = state.withLock({ $0.isClosed ? nil : $0.idle.popLast() }) {
            Task.detached(executorPreference: connection.taskExecutor) { await self.multiplex(on: connection) }
            return
        }
        Task.detached {
            let connection: Connection
            do {
                connection = try await self.acquire()
            } catch {
                // Statements queued behind this one fail with it, unless another connection is
                // at work and will take them.
                for queued in self.queue.workerFailedToStart() { queued.caller.resume(.failure(error)) }
                return
            }
            await withTaskExecutorPreference(connection.taskExecutor) { await self.multiplex(on: connection) }
        }
    }

    /// A multiplexing connection's work, on its thread: sends whatever is queued in one round
    /// trip and hands out the results, until the queue is empty; then gives the connection back.
    private nonisolated func multiplex(on connection: Connection) async {
        while let batch = queue.take() {
            let results = await connection.pipelineEach(batch.map(\.statement))
            for (queued, result) in zip(batch, results) { queued.caller.resume(result.mapError { $0 }) }
        }
        await release(connection)
    }

    public var usage: Usage {
        let queued = queue.count
        return state.withLock { Usage(open: $0.openCount, idle: $0.idle.count, waiting: $0.waiters.count, queued: queued) }
    }

    /// Closes idle connections now and busy ones when they come back; waiters get `poolClosed`.
    public func close() async {
        let (waiters, connections) = state.withLock { state in
            state.isClosed = true
            let taken = (state.waiters, state.idle)
            state.openCount -= state.idle.count
            state.waiters.removeAll()
            state.idle.removeAll()
            return taken
        }
        for queued in queue.close() {
            queued.caller.resume(.failure(PostgresError(code: .poolClosed, message: "the connection pool was closed")))
        }
        for waiter in waiters {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: PostgresError(code: .poolClosed, message: "the connection pool was closed"))
        }
        for connection in connections { await connection.close() }
    }

    private nonisolated func acquire() async throws -> Connection {
        enum Grant { case lent(Connection), open, wait(id: UInt64) }
        let grant = try state.withLock { state -> Grant in
            guard !state.isClosed else {
                throw PostgresError(code: .poolClosed, message: "the connection pool is closed")
            }
            if let connection = state.idle.popLast() { return .lent(connection) }
            if state.openCount < options.maxConnections {
                state.openCount += 1
                return .open
            }
            state.nextWaiterID += 1
            return .wait(id: state.nextWaiterID)
        }
        switch grant {
        case .lent(let connection):
            return connection
        case .open:
            return try await open()
        case .wait(let id):
            if let connection = try await wait(id) { return connection }
            return try await open()
        }
    }

    /// Opens a connection in a slot already counted in `openCount`; if that fails, the slot
    /// goes to the first waiter, or is freed.
    private nonisolated func open() async throws -> Connection {
        do {
            return try await Connection.connect(configuration, logger: logger)
        } catch {
            let waiter = state.withLock { state -> Waiter? in
                if !state.isClosed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
                state.openCount -= 1
                return nil
            }
            waiter?.timeout.cancel()
            waiter?.continuation.resume(returning: nil)
            throw error
        }
    }

    private nonisolated func wait(_ id: UInt64) async throws -> Connection? {
        let timeout = options.acquireTimeout
        let size = options.maxConnections
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timer = Task { [weak self] in
                    do { try await Task.sleep(for: timeout) } catch { return }  // served in time
                    self?.failWaiter(id, PostgresError(
                        code: .poolTimeout,
                        message: "no database connection became free within \(timeout) (pool size \(size))"))
                }
                enum Outcome { case waiting, lent(Connection?), failed(any Error) }
                // Checked again under the lock: since `acquire`, a connection may have come back,
                // a slot been freed, the pool closed, or the task been cancelled (its handler then
                // found no waiter to fail).
                let outcome = state.withLock { state -> Outcome in
                    if state.isClosed {
                        return .failed(PostgresError(code: .poolClosed, message: "the connection pool is closed"))
                    }
                    if Task.isCancelled { return .failed(CancellationError()) }
                    if let connection = state.idle.popLast() { return .lent(connection) }
                    if state.openCount < options.maxConnections {
                        state.openCount += 1
                        return .lent(nil)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation, timeout: timer))
                    return .waiting
                }
                switch outcome {
                case .waiting:
                    break
                case .lent(let connection):
                    timer.cancel()
                    continuation.resume(returning: connection)
                case .failed(let error):
                    timer.cancel()
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            failWaiter(id, CancellationError())
        }
    }

    private nonisolated func failWaiter(_ id: UInt64, _ error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.timeout.cancel()
        waiter?.continuation.resume(throwing: error)
    }

    /// Takes a connection back. One that comes back inside a transaction (a borrower's open
    /// `BEGIN`, or a session that failed mid-transaction, as when the server stops) is closed
    /// rather than lent again, since the next borrower's statements would run in that
    /// transaction; its slot goes to the first waiter, who opens a fresh session.
    private nonisolated func release(_ connection: Connection) async {
        enum Next { case keep, hand(Waiter), close, replace(Waiter?) }
        let reusable = connection.isIdle
        let next = state.withLock { state -> Next in
            if state.isClosed {
                state.openCount -= 1
                return .close
            }
            guard reusable else {
                if !state.waiters.isEmpty { return .replace(state.waiters.removeFirst()) }
                state.openCount -= 1
                return .replace(nil)
            }
            if !state.waiters.isEmpty { return .hand(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .keep
        }
        switch next {
        case .keep:
            break
        case .hand(let waiter):
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: connection)
        case .close:
            await connection.close()
        case .replace(let waiter):
            logger.warning("a database connection came back inside a transaction; closing it")
            await connection.close()
            waiter?.timeout.cancel()
            waiter?.continuation.resume(returning: nil)
        }
    }
}
