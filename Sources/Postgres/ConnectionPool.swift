import Logging

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

        public init(maxConnections: Int = 10, acquireTimeout: Duration = .seconds(10)) {
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
        }
    }

    /// What the pool holds right now, for metrics.
    public struct Usage: Sendable, Equatable {
        public var open: Int
        public var idle: Int
        public var waiting: Int
    }

    public nonisolated let configuration: PostgresConfiguration
    public nonisolated let options: Options
    private let logger: Logger
    private var idle: [Connection] = []
    private var openCount = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Connection, any Error>)] = []
    private var nextWaiterID: UInt64 = 0
    private var isClosed = false

    public init(
        configuration: PostgresConfiguration, options: Options = Options(),
        logger: Logger = Logger(label: "laurel.postgres.pool")
    ) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    public nonisolated func withConnection<T>(
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            await release(connection)
            return value
        } catch {
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

    /// Runs one statement on a pooled connection.
    @discardableResult
    public nonisolated func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    public var usage: Usage {
        Usage(open: openCount, idle: idle.count, waiting: waiters.count)
    }

    /// Closes idle connections now and busy ones when they come back; waiters get `poolClosed`.
    public func close() async {
        isClosed = true
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting {
            waiter.continuation.resume(throwing: PostgresError(code: .poolClosed, message: "the connection pool was closed"))
        }
        let connections = idle
        idle.removeAll()
        openCount -= connections.count
        for connection in connections { await connection.close() }
    }

    private func acquire() async throws -> Connection {
        guard !isClosed else {
            throw PostgresError(code: .poolClosed, message: "the connection pool is closed")
        }
        if let connection = idle.popLast() { return connection }
        if openCount < options.maxConnections {
            openCount += 1
            do {
                return try await Connection.connect(configuration, logger: logger)
            } catch {
                openCount -= 1
                throw error
            }
        }
        nextWaiterID += 1
        let id = nextWaiterID
        let timeout = options.acquireTimeout
        let size = options.maxConnections
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    await self?.failWaiter(id, PostgresError(
                        code: .poolTimeout,
                        message: "no database connection became free within \(timeout) (pool size \(size))"))
                }
            }
        } onCancel: {
            Task { [weak self] in
                await self?.failWaiter(id, CancellationError())
            }
        }
    }

    private func failWaiter(_ id: UInt64, _ error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    private func release(_ connection: Connection) async {
        if isClosed {
            openCount -= 1
            await connection.close()
        } else if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }
}
