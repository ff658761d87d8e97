import Postgres

extension EventStore {
    /// ``readAll(after:limit:tenant:)`` inside the caller's transaction, so that a projection can
    /// read a batch and store what it made of it, with its new checkpoint, atomically.
    public func readAll(in transaction: PostgresTransaction, after checkpoint: LogCheckpoint, limit: Int) throws -> [RecordedEvent] {
        let rows = try transaction.query(Self.orderedPage(), [TransactionID(checkpoint.transactionID), checkpoint.position, Int64(max(0, limit))])
        return try Self.decodeEvents(rows)
    }

    /// ``readAll(in:after:limit:)`` and, in the same round trip, ``headCheckpoint()``: a reader
    /// that got fewer than `limit` events learns whether the fence held some back.
    public func readAllAndHead(
        in transaction: PostgresTransaction, after checkpoint: LogCheckpoint, limit: Int
    ) throws -> (events: [RecordedEvent], head: LogCheckpoint) {
        let results = try transaction.pipeline([
            PostgresStatement(Self.orderedPage(), [TransactionID(checkpoint.transactionID), checkpoint.position, Int64(max(0, limit))]),
            PostgresStatement(Self.headQuery),
        ])
        return (try Self.decodeEvents(results[0]), try Self.head(of: results[1]))
    }

    /// The checkpoint of the last event in log order, whether or not older transactions still
    /// hold it back from readers; `.start` for an empty log.
    public func headCheckpoint() async throws -> LogCheckpoint {
        try Self.head(of: try await pool.query(Self.headQuery))
    }

    private static let headQuery = "SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1"

    private static func head(of rows: PostgresRows) throws -> LogCheckpoint {
        guard let row = rows.first else { return .start }
        return LogCheckpoint(transactionID: UInt64(bitPattern: try row.decode(0, as: Int64.self)), position: try row.decode(1))
    }

    /// Whether an event of the log is at `checkpoint` (a checkpoint a command's result named).
    public func contains(_ checkpoint: LogCheckpoint) async throws -> Bool {
        try await pool.query(
            "SELECT EXISTS (SELECT 1 FROM events WHERE position = $2 AND transaction_id = $1)",
            [TransactionID(checkpoint.transactionID), checkpoint.position])[0].decode(0)
    }

    /// How many events of the log come after `checkpoint`: a reader's lag.
    public func countEvents(after checkpoint: LogCheckpoint) async throws -> Int {
        try await pool.query(
            "SELECT count(*) FROM events WHERE (transaction_id, position) > ($1, $2)",
            [TransactionID(checkpoint.transactionID), checkpoint.position])[0].decode(0)
    }
}
