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
        let deferredIndexes = try await connection.transaction { transaction in
            let indexes = try projections.flatMap { try Self.prepareCopy(of: $0, in: transaction) }
            try transaction.query("DELETE FROM laurel_projection_checkpoints WHERE name = $1", [checkpointName])
            return indexes
        }
        let started = Date()
        var applied = 0
        // Three batches in flight: the server reads one while the client decodes and folds the
        // one before it and the server writes the one before that.
        var next = Task { try await prepare(Task { try await read(after: .start) }, after: .start) }
        do {
            while true {
                let (batch, nextRead) = try await next.value
                if let nextRead { next = Task { try await prepare(nextRead, after: batch.checkpoint) } }
                try await connection.transaction { transaction in
                    try Self.write(batch, to: rebuildSchemas, checkpointName: checkpointName, in: transaction)
                }
                applied += batch.count
                let elapsed = max(Date().timeIntervalSince(started), 0.001)
                progress(RebuildProgress(applied: applied, total: total, eventsPerSecond: Double(applied) / elapsed))
                if nextRead == nil { break }
            }
        } catch {
            next.cancel()
            throw error
        }
        try await connection.transaction { transaction in
            for statement in deferredIndexes { try transaction.execute(statement) }
        }
        try await Self.analyseFilledTables(in: rebuildSchemas, on: connection)
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

    /// Gathers the planner's statistics for the fresh tables that hold rows enough, before they
    /// take the live ones' place. The live runners' first batches after the switch and the first
    /// queries plan from them; without them the follower would stop applying the log to gather
    /// them itself (``ProjectionFollower/analyseUnanalysedTables(on:)``), a pause as long as the
    /// analysis, at the moment readers wait for the read models to catch up. Tables with fewer
    /// rows are left to the follower, as it leaves them.
    private static func analyseFilledTables(in schemas: [String], on connection: Connection) async throws {
        let tables = try await connection.query(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = ANY($1) ORDER BY 1",
            [PostgresArray(schemas)]).map { try $0.decode(0, as: String.self) }
        var filled: [String] = []
        for table in tables {
            let rows = try await connection.query("SELECT count(*) FROM (SELECT FROM \(table) LIMIT $1) AS sample",
                                                  [Int64(ProjectionFollower.rowsBeforeFirstAnalysis)])
            if try rows[0].decode(0, as: Int.self) >= ProjectionFollower.rowsBeforeFirstAnalysis { filled.append(table) }
        }
        guard !filled.isEmpty else { return }
        try await connection.execute("ANALYZE \(filled.joined(separator: ", "))")
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

    /// The events of the batch after `checkpoint`, read outside any transaction: the write
    /// checks that the checkpoint is still there.
    private func read(after checkpoint: LogCheckpoint) async throws -> [RecordedEvent] {
        try await store.readAll(after: checkpoint, limit: batchSize)
    }

    /// The batch `read` brings, after `checkpoint`, and the read of the batch after it, started
    /// before this one is decoded (nil when this one is the log's last).
    private func prepare(
        _ read: Task<[RecordedEvent], any Error>, after checkpoint: LogCheckpoint
    ) async throws -> (PreparedBatch, nextRead: Task<[RecordedEvent], any Error>?) {
        let events = try await read.value
        let nextRead = events.count == batchSize ? Task { try await self.read(after: events[events.count - 1].checkpoint) } : nil
        do {
            return (try PreparedBatch(events, after: checkpoint, for: projections), nextRead)
        } catch {
            nextRead?.cancel()
            throw error
        }
    }

    /// An empty copy of the projection's tables in `<schema>_rebuild`: columns, defaults, checks,
    /// and the primary keys and unique constraints the statements' upserts and updates need.
    /// Returns the statements that create the tables' other indexes, for after the load: one sort
    /// of a filled table costs the server less than inserting every row into every index.
    private static func prepareCopy(of projection: any Projection, in transaction: PostgresTransaction) throws -> [String] {
        try transaction.execute("DROP SCHEMA IF EXISTS \(projection.rebuildSchema) CASCADE")
        try transaction.execute("CREATE SCHEMA \(projection.rebuildSchema)")
        let tables = try transaction.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [projection.schema])
        for row in tables {
            let table = try row.decode(0, as: String.self)
            try transaction.execute("""
                CREATE TABLE \(projection.rebuildSchema).\(table)
                    (LIKE \(projection.schema).\(table) INCLUDING ALL EXCLUDING INDEXES)
                """)
            let constraints = try transaction.query("""
                SELECT format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', $2::text, $3::text, conname,
                    pg_get_constraintdef(oid))
                FROM pg_constraint
                WHERE conrelid = format('%I.%I', $1::text, $3::text)::regclass AND contype IN ('p', 'u', 'x')
                ORDER BY conname
                """, [projection.schema, projection.rebuildSchema, table])
            for constraint in constraints { try transaction.execute(try constraint.decode(0, as: String.self)) }
        }
        // PostgreSQL prints each definition on the live table (`… ON schema.table …`): its first
        // such mention is turned to the copy.
        return try transaction.query("""
            SELECT regexp_replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident($1) || '\\.',
                ' ON ' || quote_ident($2) || '.')
            FROM pg_index AS i
            JOIN pg_class AS t ON t.oid = i.indrelid
            JOIN pg_namespace AS n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
            ORDER BY i.indexrelid::regclass::text
            """, [projection.schema, projection.rebuildSchema]).map { try $0.decode(0, as: String.self) }
    }
}
