import EventStore
import Foundation
import Logging
import Postgres

/// One projection's settings, its catch-up and its rebuild. Following the log live is the
/// ``ProjectionFollower``'s work: ``ProjectionService`` runs one for all its projections, woken
/// by the event store's NOTIFY; ``run()`` runs one for this projection alone, which polls.
///
/// A crash between batches loses nothing and repeats nothing: a batch and its checkpoint commit
/// together. Several processes may run the same projection: the first to take its advisory lock
/// is active, the others block on the lock and take over the moment its session ends.
public final class ProjectionRunner: Sendable {
    public let projection: any Projection
    let configuration: PostgresConfiguration
    let store: EventStore
    let batchSize: Int
    let rebuildBatchSize: Int
    let pollInterval: Duration
    /// While events keep coming, the least time between the starts of two batches (see
    /// ``ProjectionFollower``).
    let batchInterval: Duration
    let retryAfterFailure: Duration
    let logger: Logger

    public init(
        projection: any Projection, configuration: PostgresConfiguration, store: EventStore,
        batchSize: Int = 500, rebuildBatchSize: Int = ProjectionRunner.defaultRebuildBatchSize,
        pollInterval: Duration = .seconds(2), batchInterval: Duration = .milliseconds(50),
        retryAfterFailure: Duration = .seconds(30), logger: Logger = Logger(label: "laurel.projections")
    ) {
        self.projection = projection
        self.configuration = configuration
        self.store = store
        self.batchSize = batchSize
        self.rebuildBatchSize = rebuildBatchSize
        self.pollInterval = pollInterval
        self.batchInterval = batchInterval
        self.retryAfterFailure = retryAfterFailure
        self.logger = logger
    }

    /// Runs until the task is cancelled: stands by until it holds the projection's lock, then
    /// follows the log (see ``ProjectionFollower``, which follows several projections at once).
    /// Cancellation stops it between batches, or interrupts its wait.
    ///
    /// A batch it cannot apply (an event it cannot decode, a statement the server refuses) is
    /// logged as an error and tried again every `retryAfterFailure`: the read model stays where
    /// it was (its lag shows in `laurel projections status` and the metrics). Ending here would
    /// stop the whole service, and it could not start again past the same event.
    public func run() async throws {
        try await ProjectionFollower(runners: [self]).run()
    }

    /// Applies batches until the projection has reached `target` (by default, whatever the log
    /// shows now), waiting for older transactions still running to let it through; throws
    /// `notCaughtUp` after `timeout`. For one-off catch-up, tools and tests.
    @discardableResult
    public func catchUp(to target: LogCheckpoint? = nil, timeout: Duration = .seconds(60)) async throws -> Int {
        try await Connection.withConnection(configuration, logger: logger) {
            try await catchUp(on: $0, to: target, timeout: timeout)
        }
    }

    private func catchUp(on connection: Connection, to target: LogCheckpoint?, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var total = 0
        while true {
            let batch = try await applyBatch(on: connection)
            total += batch.count
            if batch.count == batchSize { continue }
            guard let target, batch.checkpoint < target else { return total }
            // The fence holds events back while an older transaction anywhere on the server is
            // still open; they pass once it ends.
            guard ContinuousClock.now < deadline else {
                throw ProjectionError(.notCaughtUp, "\(projection.name) did not reach \(target) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func applyBatch(on connection: Connection) async throws -> BatchResult {
        let projection = projection
        let store = store
        let batchSize = batchSize
        let lockKey = lockKey
        return try await connection.transaction { transaction in
            // Shared with other batches, exclusive for a rebuild's final switch.
            try transaction.query("SELECT pg_advisory_xact_lock_shared($1)", [lockKey.switchKey])
            return try Self.applyBatch(
                [projection], store: store, in: transaction, schemas: [projection.schema],
                checkpointName: projection.name, limit: batchSize)
        }
    }

    /// Reads up to `limit` events after the checkpoint `checkpointName`, applies them to each
    /// projection's tables in `schemas` (the live ones, or a rebuild's), and advances the
    /// checkpoint, all inside `transaction`. Several projections share one read of the log: a
    /// full rebuild reads it once for all of them.
    static func applyBatch(
        _ projections: [any Projection], store: EventStore, in transaction: PostgresTransaction,
        schemas: [String], checkpointName: String, limit: Int
    ) throws -> BatchResult {
        try setSearchPath(schemas, in: transaction)
        let checkpoint = try ProjectionCheckpoints.lock(checkpointName, in: transaction)
        let events = try store.readAll(in: transaction, after: checkpoint, limit: limit)
        return try BatchSpan.record([checkpointName], events: events) {
            let batch = try PreparedBatch(events, after: checkpoint, for: projections)
            try batch.write(in: transaction, checkpointName: checkpointName)
            return BatchResult(count: batch.count, checkpoint: batch.checkpoint)
        }
    }

    /// Statements name tables without their schema; the schema names come from code, never
    /// from input, and the projections' table names are distinct (see `ProjectionService`).
    static func setSearchPath(_ schemas: [String], in transaction: PostgresTransaction) throws {
        try transaction.execute("SET LOCAL search_path = \(schemas.joined(separator: ", ")), public")
    }

    /// What one batch did: how many events it applied, and the checkpoint it left.
    struct BatchResult: Sendable {
        let count: Int
        let checkpoint: LogCheckpoint
    }
    var lockKey: ProjectionLockKey { ProjectionLockKey(name: projection.name) }
}

/// The advisory lock keys of one projection.
struct ProjectionLockKey: Sendable {
    /// Held for as long as a runner is the projection's active one.
    let key: Int64
    /// Taken shared by every batch, exclusive by a rebuild's switch to the new tables.
    let switchKey: Int64

    init(name: String) {
        key = Self.stableHash("laurel.projection.\(name)")
        switchKey = Self.stableHash("laurel.projection.switch.\(name)")
    }

    /// FNV-1a, kept positive: the same in every process and release, unlike `Hasher`.
    private static func stableHash(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x3FFF_FFFF_FFFF_FFFF)
    }
}
