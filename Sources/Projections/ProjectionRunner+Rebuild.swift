import EventStore
import Foundation
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
    /// Rebuilds the projection from the start of the log without downtime: fills a fresh copy of
    /// its tables (`<schema>_rebuild`) while the live ones keep serving, then, once caught up,
    /// takes their place in one transaction and carries on from the rebuild's checkpoint.
    public func rebuild(progress: @Sendable (RebuildProgress) -> Void = { _ in }) async throws {
        let connection = try await Connection.connect(configuration, logger: logger)
        do {
            try await rebuild(on: connection, progress: progress)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private func rebuild(on connection: Connection, progress: @Sendable (RebuildProgress) -> Void) async throws {
        let projection = projection
        let store = store
        let batchSize = batchSize
        let switchKey = lockKey.switchKey
        let rebuildName = projection.name + ":rebuild"
        let total = try await connection.query("SELECT count(*) FROM events")[0].decode(0, as: Int.self)
        try await connection.transaction { transaction in
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
            try transaction.query("DELETE FROM laurel_projection_checkpoints WHERE name = $1", [rebuildName])
        }
        let started = Date()
        var applied = 0
        while true {
            let count = try await connection.transaction { transaction in
                try Self.applyBatch(
                    projection, store: store, in: transaction, schema: projection.rebuildSchema,
                    checkpointName: rebuildName, limit: batchSize).count
            }
            applied += count
            let elapsed = max(Date().timeIntervalSince(started), 0.001)
            progress(RebuildProgress(applied: applied, total: total, eventsPerSecond: Double(applied) / elapsed))
            if count < batchSize { break }
        }
        // The switch: wait for the live runner's batch in flight, apply what came since, and
        // swap the schemas. Readers see the old tables until this commits, the new ones after.
        try await connection.transaction { transaction in
            try transaction.query("SELECT pg_advisory_xact_lock($1)", [switchKey])
            while try Self.applyBatch(
                projection, store: store, in: transaction, schema: projection.rebuildSchema,
                checkpointName: rebuildName, limit: batchSize).count > 0 {}
            try transaction.execute("""
                ALTER SCHEMA \(projection.schema) RENAME TO \(projection.schema)_retired;
                ALTER SCHEMA \(projection.rebuildSchema) RENAME TO \(projection.schema);
                DROP SCHEMA \(projection.schema)_retired CASCADE;
                SET LOCAL search_path = public
                """)
            try transaction.query("DELETE FROM laurel_projection_checkpoints WHERE name = $1", [projection.name])
            try transaction.query(
                "UPDATE laurel_projection_checkpoints SET name = $1, updated_at = now() WHERE name = $2",
                [projection.name, rebuildName])
        }
    }
}
