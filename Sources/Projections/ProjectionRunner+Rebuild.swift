import EventStore
import Foundation
import Logging
import Postgres

/// How far a rebuild has got.
public struct RebuildProgress: Sendable {
    public let applied: Int
    /// Events in the log when the rebuild began (an estimate of the work).
    public let total: Int
    public let eventsPerSecond: Double

    /// Seconds left at the current rate.
    public var secondsLeft: Double? {
        eventsPerSecond > 0 ? Double(max(total - applied, 0)) / eventsPerSecond : nil
    }
}

extension ProjectionRunner {
    /// Events per batch of a rebuild unless told otherwise: more than a live runner takes, since
    /// nobody waits on a rebuild's batch and each statement writes a whole batch's rows, so
    /// larger batches spread the cost of statements and transactions over more events.
    public static let defaultRebuildBatchSize = 5_000

    /// Rebuilds the projection from the start of the log without downtime; see
    /// ``ProjectionRebuild``.
    public func rebuild(progress: @Sendable (RebuildProgress) -> Void = { _ in }) async throws {
        try await ProjectionRebuild(projections: [projection], configuration: configuration, store: store,
                                    batchSize: rebuildBatchSize, logger: logger).run(progress: progress)
    }
}

/// Rebuilds projections from the start of the log without downtime: fills a fresh copy of their
/// tables (`<schema>_rebuild`) while the live ones keep serving, then, once caught up, takes
/// their place in one transaction, and the live runners carry on from the rebuild's checkpoint.
/// Several projections rebuilt together share one read of the log.
struct ProjectionRebuild: Sendable {
    let projections: [any Projection]
    let configuration: PostgresConfiguration
    let store: EventStore
    let batchSize: Int
    let logger: Logger

    private var checkpointName: String { "rebuild:" + projections.map(\.name).joined(separator: ",") }
    private var rebuildSchemas: [String] { projections.map(\.rebuildSchema) }

    func run(progress: @Sendable (RebuildProgress) -> Void) async throws {
        try await Connection.withConnection(configuration, logger: logger) {
            try await run(on: $0, progress: progress)
        }
    }

    private func run(on connection: Connection, progress: @Sendable (RebuildProgress) -> Void) async throws {
        let (projections, store, batchSize) = (projections, store, batchSize)
        let (checkpointName, rebuildSchemas) = (checkpointName, rebuildSchemas)
        let total = try await connection.query("SELECT count(*) FROM events")[0].decode(0, as: Int.self)
        try await connection.transaction { transaction in
            for projection in projections {
                try Self.prepareCopy(of: projection, in: transaction)
            }
            try transaction.query("DELETE FROM laurel_projection_checkpoints WHERE name = $1", [checkpointName])
        }
        let started = Date()
        var applied = 0
        // The client prepares the next batch (reading, decoding, folding) while the server
        // writes the current one.
        var next = Task { try await prepare(after: .start) }
        do {
            while true {
                let batch = try await next.value
                if batch.count == batchSize { next = Task { try await prepare(after: batch.checkpoint) } }
                try await connection.transaction { transaction in
                    try Self.write(batch, to: rebuildSchemas, checkpointName: checkpointName, in: transaction)
                }
                applied += batch.count
                let elapsed = max(Date().timeIntervalSince(started), 0.001)
                progress(RebuildProgress(applied: applied, total: total, eventsPerSecond: Double(applied) / elapsed))
                if batch.count < batchSize { break }
            }
        } catch {
            next.cancel()
            throw error
        }
        // The switch: wait for the live runners' batches in flight (their shared locks), apply
        // what came since, and swap the schemas. Readers see the old tables until this commits,
        // the new ones after.
        try await connection.transaction { transaction in
            for key in projections.map({ ProjectionLockKey(name: $0.name).switchKey }).sorted() {
                try transaction.query("SELECT pg_advisory_xact_lock($1)", [key])
            }
            while try ProjectionRunner.applyBatch(
                projections, store: store, in: transaction, schemas: rebuildSchemas,
                checkpointName: checkpointName, limit: batchSize).count > 0 {}
            try transaction.execute("SET LOCAL search_path = public")
            for projection in projections {
                try transaction.execute("""
                    ALTER SCHEMA \(projection.schema) RENAME TO \(projection.schema)_retired;
                    ALTER SCHEMA \(projection.rebuildSchema) RENAME TO \(projection.schema);
                    DROP SCHEMA \(projection.schema)_retired CASCADE
                    """)
                try transaction.query("""
                    INSERT INTO laurel_projection_checkpoints (name, transaction_id, position, events_applied)
                    SELECT $1, transaction_id, position, events_applied FROM laurel_projection_checkpoints WHERE name = $2
                    ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                        position = EXCLUDED.position, events_applied = EXCLUDED.events_applied, updated_at = now()
                    """, [projection.name, checkpointName])
            }
            try transaction.query("DELETE FROM laurel_projection_checkpoints WHERE name = $1", [checkpointName])
        }
    }

    /// Writes a batch prepared outside the transaction, if the checkpoint is still where the
    /// batch starts; throws `checkpointMoved`, writing nothing, otherwise.
    static func write(
        _ batch: PreparedBatch, to schemas: [String], checkpointName: String, in transaction: PostgresTransaction
    ) throws {
        try ProjectionRunner.setSearchPath(schemas, in: transaction)
        let checkpoint = try ProjectionCheckpoints.lock(checkpointName, in: transaction)
        guard checkpoint == batch.after else {
            throw ProjectionError(
                .checkpointMoved, "\(checkpointName) is at \(checkpoint), not at \(batch.after) where its next batch starts")
        }
        try batch.write(in: transaction, checkpointName: checkpointName)
    }

    /// The batch after `checkpoint`, read outside any transaction: the write checks that the
    /// checkpoint is still there.
    private func prepare(after checkpoint: LogCheckpoint) async throws -> PreparedBatch {
        try PreparedBatch(try await store.readAll(after: checkpoint, limit: batchSize), after: checkpoint, for: projections)
    }

    /// An empty copy of the projection's tables, with their indexes, in `<schema>_rebuild`.
    private static func prepareCopy(of projection: any Projection, in transaction: PostgresTransaction) throws {
        try transaction.execute("DROP SCHEMA IF EXISTS \(projection.rebuildSchema) CASCADE")
        try transaction.execute("CREATE SCHEMA \(projection.rebuildSchema)")
        let tables = try transaction.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [projection.schema])
        for row in tables {
            let table = try row.decode(0, as: String.self)
            try transaction.execute("""
                CREATE TABLE \(projection.rebuildSchema).\(table) (LIKE \(projection.schema).\(table) INCLUDING ALL)
                """)
        }
    }
}
