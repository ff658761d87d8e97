import EventStore
import Foundation
import Postgres

/// The `laurel_projection_checkpoints` table: where each projection (and each rebuild in
/// progress) has got to in the ordered log.
enum ProjectionCheckpoints {
    /// NOTIFY channel on which runners announce progress, for read-your-writes waits.
    static let channel = "laurel_projections"

    /// Reads a checkpoint and locks its row for the transaction, creating it at the start of the
    /// log on first use.
    static func lock(_ name: String, in transaction: PostgresTransaction) throws -> LogCheckpoint {
        try transaction.query("""
            INSERT INTO laurel_projection_checkpoints (name, transaction_id, position) VALUES ($1, 0, 0)
            ON CONFLICT (name) DO NOTHING
            """, [name])
        let row = try transaction.query(
            "SELECT transaction_id, position FROM laurel_projection_checkpoints WHERE name = $1 FOR UPDATE", [name])[0]
        return LogCheckpoint(transactionID: UInt64(try row.decode(0, as: Int64.self)), position: try row.decode(1))
    }

    static func advance(_ name: String, to checkpoint: LogCheckpoint, by count: Int) -> PostgresStatement {
        PostgresStatement("""
            UPDATE laurel_projection_checkpoints
            SET transaction_id = $2, position = $3, events_applied = events_applied + $4, updated_at = now()
            WHERE name = $1
            """, [name, Int64(checkpoint.transactionID), checkpoint.position, count])
    }

    /// The checkpoint of `name`, or the start of the log if it never ran.
    static func read(_ name: String, on connection: Connection) async throws -> LogCheckpoint {
        let rows = try await connection.query(
            "SELECT transaction_id, position FROM laurel_projection_checkpoints WHERE name = $1", [name])
        guard let row = rows.first else { return .start }
        return LogCheckpoint(transactionID: UInt64(try row.decode(0, as: Int64.self)), position: try row.decode(1))
    }
}
