import EventStore
import Foundation
import Logging
import Postgres

/// Follows the log for several projections at once: one session holds all their locks, and
/// each batch is read once, decoded once and applied to every projection, with each one's
/// checkpoint, in one transaction.
///
/// Following each read model on its own took ten round trips per read model for every batch,
/// and decoded every event once per read model; under a steady command load the six runners'
/// statements outnumbered the commands' own. A batch here takes five round trips however many
/// projections follow: `BEGIN`; the switch locks, search path and checkpoints; the log (with its
/// head, to see whether the fence held events back); the writes with the new checkpoints; `COMMIT`.
///
/// A projection that cannot apply a batch does not hold the others up: the batch is applied
/// again projection by projection, and one that still fails is set aside, logged as an error,
/// its read model left where it was (its lag shows in `laurel projections status` and the
/// metrics), and tried again every `retryAfterFailure` while the others go on.
///
/// While events keep coming, batches start at most every `batchInterval` (50 ms by default):
/// under load every group commit notifies, and a batch per notification (a dozen events) paid
/// its round trips and a statement per table for few rows; gathered, the same events cost the
/// database and the server about a quarter less. A read-your-writes wait in this process hurries
/// the next batch (``hurry()``), so only readers that do not wait see the read models up to a
/// batch interval later. When events come slower than that, nothing waits.
final class ProjectionFollower: Sendable {
    let runners: [ProjectionRunner]
    private let wake = WakeSignal()
    private let hurried = WakeSignal()

    private var configuration: PostgresConfiguration { runners[0].configuration }
    private var store: EventStore { runners[0].store }
    private var batchSize: Int { runners[0].batchSize }
    private var pollInterval: Duration { runners[0].pollInterval }
    private var batchInterval: Duration { runners[0].batchInterval }
    private var retryAfterFailure: Duration { runners[0].retryAfterFailure }
    var logger: Logger { runners[0].logger }
    private var names: String { runners.map(\.projection.name).joined(separator: ", ") }

    /// Follows `runners`' projections with the first runner's connection settings, batch size
    /// and intervals.
    init(runners: [ProjectionRunner]) {
        precondition(!runners.isEmpty, "a follower needs at least one projection")
        self.runners = runners
    }

    /// Tells the follower that new events may be there (called on the store's NOTIFY).
    func notify() async { await wake.signal() }

    /// Starts the next batch without waiting for the batch interval to pass: someone waits for
    /// the read models to reach a checkpoint.
    func hurry() async { await hurried.signal() }

    /// Runs until the task is cancelled: stands by until it holds every projection's lock, then
    /// follows the log. Cancellation stops it between batches, or interrupts its wait.
    func run() async throws {
        let connection = try await Connection.connect(configuration, logger: logger)
        do {
            while !Task.isCancelled {
                do {
                    // One statement takes every lock, in the same order in every process (so two
                    // followers cannot deadlock), and no reconnect can fall between two of them.
                    try await connection.query(
                        "SELECT pg_advisory_lock(key) FROM unnest($1::int8[]) AS key",
                        [PostgresArray(runners.map(\.lockKey.key))])
                    let session = await connection.reconnections
                    try await connection.query("""
                        INSERT INTO laurel_projection_checkpoints (name, transaction_id, position)
                        SELECT name, 0, 0 FROM unnest($1::text[]) AS name ON CONFLICT (name) DO NOTHING
                        """, [PostgresArray(runners.map(\.projection.name))])
                    logger.info("projections \(names) are active in this process")
                    try await follow(connection, session: session)
                } catch let error as ProjectionError where error.code == .lostLeadership {
                    logger.warning("projections \(names) lost their locks; standing by")
                } catch let error as PostgresError where error.isTransient || error.sqlState?.isConnectionFailure == true {
                    // The database is restarting or out of reach. Ending here would stop the whole
                    // service; the connection reconnects on its next statement, so try again.
                    logger.warning("projections \(names) lost the database (\(error)); retrying")
                    try await Task.sleep(for: pollInterval)
                } catch where !(error is CancellationError) && !Task.isCancelled {
                    logger.error("projections \(names) cannot read the log past their checkpoints; retrying in \(retryAfterFailure)",
                                 metadata: ["error": "\(error)"])
                    try await connection.query("SELECT pg_advisory_unlock_all()")
                    try await Task.sleep(for: retryAfterFailure)
                }
            }
        } catch {
            await connection.close()
            if Task.isCancelled { return }
            throw error
        }
        await connection.close()
    }

    private func follow(_ connection: Connection, session: Int) async throws {
        // Projections set aside after failing a batch, by index, with when to try them again.
        var setAside: [Int: ContinuousClock.Instant] = [:]
        var nextStatisticsCheck = ContinuousClock.now
        var lastBatchStarted = ContinuousClock.now - batchInterval
        while !Task.isCancelled {
            if ContinuousClock.now >= nextStatisticsCheck {
                nextStatisticsCheck = .now + Self.statisticsCheckInterval
                do {
                    try await analyseUnanalysedTables(on: connection)
                } catch where !(error is CancellationError) {
                    // Plans without statistics are slow, not wrong: the batches go on.
                    logger.warning("cannot analyse the read models' new tables: \(error)")
                }
            }
            let now = ContinuousClock.now
            let active = runners.indices.filter { setAside[$0].map { $0 <= now } ?? true }
            var outcome: BatchOutcome?
            if !active.isEmpty {
                do {
                    let started = ContinuousClock.now
                    outcome = try await applyBatch(active, on: connection, session: session)
                    // The interval runs from batches that applied something: a look that found
                    // nothing new does not hold up the events that come next.
                    if outcome?.count ?? 0 > 0 { lastBatchStarted = started }
                    for index in active { setAside[index] = nil }
                } catch where Self.isTheProjections(error) {
                    for index in try await failing(active, on: connection, session: session, error: error) {
                        setAside[index] = ContinuousClock.now + retryAfterFailure
                    }
                    continue
                }
            }
            if let outcome, outcome.count == batchSize { continue }
            // Events beyond the batch that the fence held back (an older transaction was still
            // open) pass as soon as it ends, which sends no NOTIFY of the store's: look again
            // shortly rather than at the next poll.
            var timeout = outcome.map { $0.head > $0.checkpoint } == true ? .milliseconds(10) : pollInterval
            if let retry = setAside.values.min() { timeout = min(timeout, max(retry - ContinuousClock.now, .zero)) }
            await wake.wait(timeout: timeout)
            let gathered = lastBatchStarted + batchInterval
            if gathered > .now { await hurried.wait(timeout: gathered - .now) }
        }
    }

    /// Which of `active` cannot apply the batch that failed with `error`: each applies it on its
    /// own, so the others are not held up. Logs each failure.
    private func failing(_ active: [Int], on connection: Connection, session: Int, error: any Error) async throws -> [Int] {
        guard active.count > 1 else {
            log(error, of: active)
            return active
        }
        var failing: [Int] = []
        for index in active {
            do {
                _ = try await applyBatch([index], on: connection, session: session)
            } catch where Self.isTheProjections(error) {
                log(error, of: [index])
                failing.append(index)
            }
        }
        return failing
    }

    private func log(_ error: any Error, of indices: [Int]) {
        for index in indices {
            logger.error(
                "projection \(runners[index].projection.name) cannot apply the log past its checkpoint; retrying in \(retryAfterFailure)",
                metadata: ["error": "\(error)"])
        }
    }

    /// Errors of a projection's own (an event it cannot decode, a statement the server refuses),
    /// as opposed to losing the database, the locks or the task.
    private static func isTheProjections(_ error: any Error) -> Bool {
        switch error {
        case is CancellationError: false
        case let error as ProjectionError: error.code != .lostLeadership
        case let error as PostgresError:
            (error.code == .server || error.code == .decoding) && !error.isTransient
                && error.sqlState != .queryCanceled && error.sqlState?.isConnectionFailure != true
        default: true
        }
    }

    /// What one batch did: how many events it read, the checkpoint it left, and the log's head.
    private struct BatchOutcome {
        let count: Int
        let checkpoint: LogCheckpoint
        let head: LogCheckpoint
    }

    /// Reads the next batch after the earliest checkpoint of the projections at `indices` and
    /// applies it to each past its own checkpoint, with the checkpoints, in one transaction.
    private func applyBatch(_ indices: [Int], on connection: Connection, session: Int) async throws -> BatchOutcome {
        let projections = indices.map { runners[$0].projection }
        let names = projections.map(\.name)
        // Shared with other batches, exclusive for a rebuild's final switch, which takes them in
        // this order too.
        let switchKeys = indices.map { runners[$0].lockKey.switchKey }.sorted()
        let (store, batchSize) = (store, batchSize)
        return try await connection.transaction { transaction in
            // A reconnect (after a server restart) silently drops the session's locks.
            guard transaction.reconnections == session else {
                throw ProjectionError(.lostLeadership, "the session no longer holds the projections' locks")
            }
            let setup = try transaction.pipeline([
                PostgresStatement("SELECT pg_advisory_xact_lock_shared(key) FROM unnest($1::int8[]) AS key",
                                  [PostgresArray(switchKeys)]),
                // The projections' table names are distinct (see `ProjectionService`). A batch
                // joins a few dozen keys to read models whose recent rows are in memory: looking
                // each up in the key's index costs little, and PostgreSQL's default cost of a
                // random page read (4, for disks that seek) made it hash and scan whole tables
                // of a few thousand rows instead, every batch. 1.1 is the usual value for data
                // in memory or on SSDs.
                PostgresStatement("SELECT set_config('search_path', $1, true), set_config('random_page_cost', '1.1', true)",
                                  [(projections.map(\.schema) + ["public"]).joined(separator: ", ")]),
                PostgresStatement("""
                    SELECT name, transaction_id, position FROM laurel_projection_checkpoints
                    WHERE name = ANY($1) ORDER BY name FOR UPDATE
                    """, [PostgresArray(names)]),
            ])
            var checkpoints: [String: LogCheckpoint] = [:]
            for row in setup[2] {
                checkpoints[try row.decode(0)] = LogCheckpoint(
                    transactionID: UInt64(try row.decode(1, as: Int64.self)), position: try row.decode(2))
            }
            let starts = try names.map { name in
                guard let start = checkpoints[name] else {
                    throw ProjectionError(.checkpointMoved, "the checkpoint of \(name) is gone")
                }
                return start
            }
            let after = starts.min() ?? .start
            let (events, head) = try store.readAllAndHead(in: transaction, after: after, limit: batchSize)
            return try BatchSpan.record(names, events: events) {
                let batch = try PreparedBatch(events, after: after, for: projections, from: starts)
                try batch.write(in: transaction, checkpointNames: names)
                return BatchOutcome(count: batch.count, checkpoint: batch.checkpoint, head: head)
            }
        }
    }
}
