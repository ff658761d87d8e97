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
    /// Appends waiting to be committed together (see ``Options-swift.struct/groupCommitConnections``).
    let groupCommitQueue: BatchQueue<GroupedAppend>
    /// The wake-up for subscriptions after appends commit, gathered across appends.
    let wakeUp: SubscriberWakeUp

    public struct Options: Sendable {
        /// Events per page when a subscription reads the log; it holds at most
        /// ``EventStore/readAheadPages`` + 2 pages (the one being consumed, those read ahead and
        /// one arriving).
        public var subscriptionPageSize: Int
        /// How long a caught-up subscription waits for a notification before looking anyway.
        /// Also how long an event can wait behind a long transaction that appends nothing.
        public var pollInterval: Duration

        /// How many connections may commit the appends of concurrent callers together: 0 (the
        /// default) commits each ``EventStore/append(_:)`` in a transaction of its own.
        ///
        /// Above 0, an append outside a connection the caller holds joins a queue; up to this
        /// many connections each take what is queued (at most ``groupCommitLimit`` appends) and
        /// run it as one transaction, with one commit and one wake-up for subscriptions. Each
        /// caller gets its own results, and each append stays all or nothing. When the group's
        /// transaction fails (a version conflict in one append aborts all of it), each of its
        /// appends runs again alone and gets its own outcome; one whose group did commit after
        /// all (a connection lost during the commit) then finds its events stored and gets its
        /// original result, as any retry does.
        ///
        /// In exchange, the appends of a group wait for each other: one that waits for a
        /// stream another transaction holds holds back the rest of its group, and a caller
        /// cancelled once its append is sent stops waiting but does not stop the append.
        public var groupCommitConnections: Int
        /// The most appends one group commits together.
        public var groupCommitLimit: Int

        public init(
            subscriptionPageSize: Int = 500, pollInterval: Duration = .seconds(2),
            groupCommitConnections: Int = 0, groupCommitLimit: Int = 64
        ) {
            self.subscriptionPageSize = max(1, subscriptionPageSize)
            self.pollInterval = pollInterval
            self.groupCommitConnections = max(0, groupCommitConnections)
            self.groupCommitLimit = max(1, groupCommitLimit)
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
        groupCommitQueue = BatchQueue(maxWorkers: options.groupCommitConnections)
        wakeUp = SubscriberWakeUp { [pool, logger] tenants in
            do {
                try await pool.withConnection { _ = try await $0.pipeline(Self.notifyStatements(tenants)) }
            } catch {
                logger.debug("could not notify subscribers: \(error)")
            }
        }
    }
}
