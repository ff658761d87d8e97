import Foundation
import Logging
import Postgres

/// Laurel's source of truth: an append-only log of events in PostgreSQL (`sql/0001_event_store.sql`).
///
/// - Appends are optimistic (``ExpectedVersion``), atomic across streams, idempotent by event id,
///   and lock only the streams they write.
/// - The global log is read in commit-safe order (``LogCheckpoint``), never skipping an event
///   whose transaction committed late.
/// - Every event is hash-chained within its stream, and seals chain ranges of the global log;
///   ``verify(stream:)`` and ``verifyAll()`` find what was altered, removed, inserted or reordered.
public final class EventStore: Sendable {
    public let pool: ConnectionPool
    /// Wakes subscriptions when events are appended; without it they poll.
    public let listener: Listener?
    public let options: Options
    let logger: Logger

    public struct Options: Sendable {
        /// Events per page when a subscription reads the log; it holds at most two pages (the one
        /// being consumed and the one read ahead).
        public var subscriptionPageSize: Int
        /// How long a caught-up subscription waits for a notification before looking anyway.
        /// Also how long an event can wait behind a long transaction that appends nothing.
        public var pollInterval: Duration

        public init(subscriptionPageSize: Int = 500, pollInterval: Duration = .seconds(2)) {
            self.subscriptionPageSize = max(1, subscriptionPageSize)
            self.pollInterval = pollInterval
        }
    }

    /// The NOTIFY channel appends signal on, with the tenant as payload.
    public static let notificationChannel = "laurel_events"

    public init(pool: ConnectionPool, listener: Listener? = nil, options: Options = Options(),
                logger: Logger = Logger(label: "laurel.eventstore")) {
        self.pool = pool
        self.listener = listener
        self.options = options
        self.logger = logger
    }
}
