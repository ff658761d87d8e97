import Postgres

/// A place in a line of appends that commit their ordered part one after another: the numbers
/// an authority's register gives its decisions, say.
public struct AppendTurn: Sendable, Hashable {
    /// The line, named by what it orders (a register's stream, say).
    public let line: String
    /// This append's place in the line: the append before it holds `place - 1`.
    public let place: Int32

    public init(line: String, place: Int32) {
        self.line = line
        self.place = place
    }
}

extension EventStore {
    /// Appends `batch` and `ordered` atomically, as one append of both would, with `ordered`
    /// appended only once the append holding the place before `turn` in its line has ended:
    /// appends of one line run side by side through their bulk (`batch`: a decision's hundreds
    /// of approvals), and only their short ordered part (the register's next number) waits for
    /// the one before, then reads its streams as that one left them. Results come in the order
    /// of `batch`, then `ordered`.
    ///
    /// The turn is an advisory lock of the line and place, taken first and held until the
    /// transaction ends, and the place before's, taken (shared) before `ordered`. It only orders:
    /// the expected versions still decide. An append that reaches its turn before the one before
    /// it has begun (sent later, or never) meets the streams as they are, and conflicts when they
    /// are not as it expects. A deadlock (two such appends, each waiting at an insert for a row
    /// the other holds) is a conflict too: nothing is stored. Always in a transaction of its
    /// own, never in a group commit, whose other appends would wait for the turn with it.
    public func append(
        _ batch: [(StreamName, ExpectedVersion, [NewEvent])], inTurn turn: AppendTurn,
        _ ordered: [(StreamName, ExpectedVersion, [NewEvent])], recording records: Records? = nil
    ) async throws -> [AppendResult] {
        guard !ordered.isEmpty else { return try await append(batch, records: records) }
        let all = batch + ordered
        try Self.validate(all)
        let statements = [Self.takeTurn(turn.line, turn.place)] + (batch.isEmpty ? [] : try Self.appendStatements(batch))
            + [Self.waitForTurn(turn.line, turn.place - 1)] + (try Self.appendStatements(ordered))
        let bulk = batch.isEmpty ? nil : 1
        let orderedAt = statements.count - 1
        return try await pool.withConnection { connection in
            try await commitAlone(all, statements, records: records, on: connection) { results in
                (try bulk.map { try Self.appendResults([results[$0]], batch) } ?? [])
                    + (try Self.appendResults([results[orderedAt]], ordered))
            }
        }
    }

    /// Takes `place` in `line` until the transaction ends. Advisory locks of two 32-bit keys
    /// are apart from those of one 64-bit key, which the projections and the seal use.
    private static func takeTurn(_ line: String, _ place: Int32) -> PostgresStatement {
        PostgresStatement("SELECT pg_advisory_xact_lock(hashtext($1), $2)", [line, place])
    }

    /// Waits until the append holding `place` in `line` (if one does) has ended.
    private static func waitForTurn(_ line: String, _ place: Int32) -> PostgresStatement {
        PostgresStatement("SELECT pg_advisory_xact_lock_shared(hashtext($1), $2)", [line, place])
    }
}
