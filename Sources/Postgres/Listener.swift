import CLibPQ
import Dispatch
import Foundation
import Logging

/// A notification sent with `NOTIFY channel, 'payload'` or `pg_notify`.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// The server process that sent it.
    public var senderPID: Int32
}

/// What a ``Listener`` delivers.
public enum ListenerEvent: Sendable, Equatable {
    case notification(PostgresNotification)
    /// The session was lost and is back, listening again. Notifications sent in between are
    /// gone: a consumer that relies on them should look for what it missed.
    case reconnected
}

/// LISTEN/NOTIFY on a connection of its own, woken by socket readiness rather than polling.
///
/// The connection is non-blocking and watched by a dispatch read source; all of its state is
/// confined to one serial queue. After the server restarts it reconnects with backoff, listens
/// to its channels again, says so in the log and delivers ``ListenerEvent/reconnected``.
public final class Listener: @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let queue = DispatchQueue(label: "laurel.postgres.listener")
    // Everything below is touched only on `queue`.
    private var session: RawConnection?
    private var connection: OpaquePointer? { session?.handle }
    private var source: (any DispatchSourceRead)?
    private var channels: [String] = []
    private var subscribers: [UInt64: AsyncStream<ListenerEvent>.Continuation] = [:]
    private var nextSubscriberID: UInt64 = 0
    private var retryDelay: Double = 0.1
    private var isClosed = false

    public init(configuration: PostgresConfiguration, logger: Logger = Logger(label: "laurel.postgres.listener")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects; throws if the first attempt fails. Later losses are recovered automatically.
    public func start() async throws {
        try await onQueue { try self.connect() }
    }

    /// Starts listening on `channel` (now, and again after every reconnection).
    public func listen(_ channel: String) async throws {
        try await onQueue {
            guard !self.channels.contains(channel) else { return }
            self.channels.append(channel)
            if let connection = self.connection { try self.sendListen(channel, on: connection) }
        }
    }

    /// A stream of every event from now on. Its buffer keeps the newest 1,024 events, so a
    /// consumer that stops reading cannot make memory grow.
    public func events() -> AsyncStream<ListenerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ListenerEvent.self, bufferingPolicy: .bufferingNewest(1024))
        queue.async {
            if self.isClosed {
                continuation.finish()
                return
            }
            self.nextSubscriberID += 1
            let id = self.nextSubscriberID
            self.subscribers[id] = continuation
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.queue.async { self.subscribers[id] = nil }
            }
        }
        return stream
    }

    /// Stops listening, closes the connection and finishes every stream.
    public func close() {
        queue.sync {
            isClosed = true
            tearDown()
            subscribers.values.forEach { $0.finish() }
            subscribers.removeAll()
        }
    }

    // MARK: On the queue

    private func connect() throws {
        let raw = RawConnection(configuration: configuration, logger: logger)
        try raw.connect()
        guard let pointer = raw.handle else { return }
        for channel in channels { try sendListen(channel, on: pointer) }
        PQsetnonblocking(pointer, 1)
        session = raw
        let source = DispatchSource.makeReadSource(fileDescriptor: PQsocket(pointer), queue: queue)
        source.setEventHandler { [weak self] in self?.readAvailable() }
        // The descriptor belongs to libpq: close it only after the source stopped watching it.
        nonisolated(unsafe) let closing = raw
        source.setCancelHandler { closing.close() }
        self.source = source
        source.resume()
        retryDelay = 0.1
    }

    private func sendListen(_ channel: String, on connection: OpaquePointer) throws {
        guard let quoted = PQescapeIdentifier(connection, channel, channel.utf8.count) else {
            throw PostgresError(code: .invalidConfiguration, message: "invalid channel name")
        }
        defer { PQfreemem(quoted) }
        let result = PQexec(connection, "LISTEN \(String(cString: quoted))")
        defer { PQclear(result) }
        guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw PostgresError(code: .connectionFailed, message: String(cString: PQerrorMessage(connection)))
        }
    }

    private func readAvailable() {
        guard let connection else { return }
        guard PQconsumeInput(connection) == 1 else {
            connectionLost()
            return
        }
        while let notify = PQnotifies(connection) {
            let notification = PostgresNotification(
                channel: String(cString: notify.pointee.relname),
                payload: String(cString: notify.pointee.extra),
                senderPID: notify.pointee.be_pid)
            PQfreemem(notify)
            broadcast(.notification(notification))
        }
        // A FATAL from the server (shutdown, restart, terminated backend) comes as data before
        // the end of the stream, and is parsed (by `PQnotifies`) only now. The read source is
        // not reliably woken again for the end of the stream itself, so the FATAL is the loss.
        if session?.serverEndedSession == true { connectionLost() }
    }

    private func connectionLost() {
        logger.warning("notification listener lost its database connection; reconnecting")
        tearDown()
        scheduleReconnect()
    }

    private func tearDown() {
        if let source {
            source.cancel()
        } else {
            session?.close()
        }
        source = nil
        session = nil
    }

    private func scheduleReconnect() {
        guard !isClosed else { return }
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, 5)
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self, !self.isClosed, self.connection == nil else { return }
            do {
                try self.connect()
                self.logger.info("notification listener reconnected and listening again", metadata: [
                    "channels": .array(self.channels.map { .string($0) }),
                ])
                self.broadcast(.reconnected)
            } catch {
                self.logger.debug("notification listener reconnect failed; retrying in \(self.retryDelay)s")
                self.scheduleReconnect()
            }
        }
    }

    private func broadcast(_ event: ListenerEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// Runs `work` on the queue (a dispatch thread, not the cooperative pool) and awaits it.
    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
