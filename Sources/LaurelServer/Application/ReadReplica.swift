import Logging
import Postgres
import Projections
import Synchronization

/// The queries a read model answers, bound to one database: the primary, or a read replica.
package struct ReadModelReads: Sendable {
    package let readModels: ReadModelQueries
    package let list: NominationListQuery

    init(pool: ConnectionPool) {
        readModels = ReadModelQueries(pool: pool)
        list = NominationListQuery(pool: pool)
    }
}

/// A hot standby that serves the list and report queries (`database.replica_url`), so the
/// primary keeps its work for commands.
///
/// When the standby does not answer, or is behind the primary's schema (right after a migration),
/// its queries go to the primary instead, for 10 s before the standby is tried again, and the log
/// says so each time: the primary holds the same read
/// models, so availability costs only the load the replica was taking. A standby that answers
/// but lags is waited for as far as the read-your-writes timeout, then the query is a 503, as on
/// the primary.
final class ReadReplica: Sendable {
    let pool: ConnectionPool
    let reads: ReadModelReads
    private let downUntil = Mutex<ContinuousClock.Instant?>(nil)
    static let retryAfter = Duration.seconds(10)

    init(configuration: PostgresConfiguration, options: ConnectionPool.Options) {
        pool = ConnectionPool(configuration: configuration, options: options)
        reads = ReadModelReads(pool: pool)
    }

    /// Whether queries should try the standby now.
    var isAvailable: Bool {
        downUntil.withLock { until in until.map { ContinuousClock.now >= $0 } ?? true }
    }

    /// Sends queries to the primary for a while, after `error` showed the standby cannot answer them.
    func markUnavailable(after error: any Error, logger: Logger) {
        downUntil.withLock { $0 = .now + Self.retryAfter }
        logger.warning("the read replica cannot answer; its queries go to the primary for the next \(Self.retryAfter)",
                       metadata: ["error": "\(error)"])
    }

    /// The errors that the primary would not have: the standby out of reach, or behind the
    /// primary's schema (a migration it has not replayed yet: a table, column or grant missing),
    /// as against a query's own failure, which the primary would repeat.
    static func primaryWouldAnswer(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        if [.connectionFailed, .connectionClosed, .poolTimeout].contains(error.code) || error.sqlState?.isConnectionFailure == true {
            return true
        }
        return ["42P01", "42703", "42501", "42883"].contains(error.sqlState?.rawValue)
    }
}
