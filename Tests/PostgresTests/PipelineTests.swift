import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct PipelineTests {
    @Test func returnsEveryResultInOrder() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let results = try await connection.pipeline([
                PostgresStatement("SELECT $1::int", [1]),
                PostgresStatement("SELECT $1::text, $2::text", ["hai", "'; DROP TABLE x; --"]),
                PostgresStatement("SELECT generate_series(1, $1::int)", [3]),
            ])
            #expect(results.count == 3)
            #expect(try results[0][0].decode(0, as: Int.self) == 1)
            #expect(try results[1][0].decode(0, as: String.self) == "hai")
            #expect(try results[1][0].decode(1, as: String.self) == "'; DROP TABLE x; --")
            #expect(try results[2].map { try $0.decode(0, as: Int.self) } == [1, 2, 3])
            #expect(try await connection.pipeline([]).isEmpty)
        }
    }

    @Test func oneFailureUndoesTheWholePipeline() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE atomic (id int PRIMARY KEY)")
            try await connection.query("INSERT INTO atomic VALUES (1)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.pipeline([
                    PostgresStatement("INSERT INTO atomic VALUES ($1)", [2]),
                    PostgresStatement("INSERT INTO atomic VALUES ($1)", [1]),  // duplicate
                    PostgresStatement("INSERT INTO atomic VALUES ($1)", [3]),
                ])
            }
            #expect(error?.sqlState == .uniqueViolation)
            #expect(error?.constraint == "atomic_pkey")
            let ids = try await connection.query("SELECT id FROM atomic ORDER BY id").map { try $0.decode(0, as: Int.self) }
            #expect(ids == [1])
            // Out of pipeline mode and idle again: plain statements and pipelines both work.
            #expect(try await connection.query("SELECT 41 + 1")[0].decode(0, as: Int.self) == 42)
            let again = try await connection.pipeline([
                PostgresStatement("INSERT INTO atomic VALUES ($1)", [2]),
                PostgresStatement("INSERT INTO atomic VALUES ($1)", [3]),
            ])
            #expect(again.map(\.affectedRows) == [1, 1])
            #expect(try await connection.query("SELECT count(*) FROM atomic")[0].decode(0, as: Int.self) == 3)
        }
    }

    @Test func statementsAfterwardsRunAfterTheCommitWhateverItsOutcome() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE work (id int PRIMARY KEY); CREATE TABLE signals (note text)")
            let signal = { (note: String) in PostgresStatement("INSERT INTO signals VALUES ($1)", [note]) }
            let results = try await connection.pipeline(
                [PostgresStatement("INSERT INTO work VALUES ($1) RETURNING id", [1])], afterwards: [signal("after success")])
            #expect(try results.map { try $0[0].decode(0, as: Int.self) } == [1])

            // The pipeline fails and is undone; what follows it still runs, in its own transaction.
            await #expect(throws: PostgresError.self) {
                try await connection.pipeline(
                    [PostgresStatement("INSERT INTO work VALUES ($1)", [2]), PostgresStatement("INSERT INTO work VALUES ($1)", [1])],
                    afterwards: [signal("after failure")])
            }
            // A failure afterwards is dropped: the pipeline's own result stands.
            let committed = try await connection.pipeline(
                [PostgresStatement("INSERT INTO work VALUES ($1)", [3])],
                afterwards: [PostgresStatement("SELECT 1 / $1::int", [0]), signal("after a failed signal")])
            #expect(committed.map(\.affectedRows) == [1])

            let work = try await connection.query("SELECT id FROM work ORDER BY id").map { try $0.decode(0, as: Int.self) }
            #expect(work == [1, 3])
            let signals = try await connection.query("SELECT note FROM signals ORDER BY note").map { try $0.decode(0, as: String.self) }
            #expect(signals == ["after failure", "after success"])
            #expect(try await connection.query("SELECT 41 + 1")[0].decode(0, as: Int.self) == 42)
        }
    }

    @Test func largeBatchDoesNotDeadlock() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            // Big enough that neither side can buffer all of it: both directions must be drained
            // while sending.
            let padding = String(repeating: "x", count: 8_000)
            let statements = (0..<2_000).map { PostgresStatement("SELECT $1::int, $2::text", [$0, padding]) }
            let results = try await connection.pipeline(statements)
            #expect(results.count == 2_000)
            #expect(try results[1_999][0].decode(0, as: Int.self) == 1_999)
            #expect(try results[5][0].decode(1, as: String.self).count == 8_000)
        }
    }

    @Test func failureInsideATransactionAbortsIt() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE in_transaction (id int PRIMARY KEY)")
            await #expect(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try transaction.query("INSERT INTO in_transaction VALUES ($1)", [10])
                    _ = try transaction.pipeline([
                        PostgresStatement("INSERT INTO in_transaction VALUES ($1)", [11]),
                        PostgresStatement("SELECT 1 / $1::int", [0]),
                    ])
                }
            }
            #expect(try await connection.query("SELECT count(*) FROM in_transaction")[0].decode(0, as: Int.self) == 0)
            #expect(try await connection.transaction { try $0.query("SELECT 1")[0].decode(0, as: Int.self) } == 1)
        }
    }
}
