import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct TransactionTests {
    struct Boom: Error {}

    private func makeTable(_ connection: Connection, _ name: String) async throws {
        try await connection.execute("CREATE TABLE \(name) (id int PRIMARY KEY, note text NOT NULL)")
    }

    private func count(_ connection: Connection, _ table: String) async throws -> Int {
        try await connection.query("SELECT count(*) FROM \(table)")[0].decode(0, as: Int.self)
    }

    @Test func commitsWhenTheBodyReturns() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await makeTable(connection, "committed")
            let value = try await connection.transaction { transaction in
                try transaction.query("INSERT INTO committed VALUES ($1, $2)", [1, "một"])
                try transaction.query("INSERT INTO committed VALUES ($1, $2)", [2, "hai"])
                return try transaction.query("SELECT count(*) FROM committed")[0].decode(0, as: Int.self)
            }
            #expect(value == 2)
            // Visible to another session: really committed.
            let seenByOther = try await Connection.withConnection(try TestDatabase.configuration) { other in
                try await count(other, "committed")
            }
            #expect(seenByOther == 2)
        }
    }

    /// `afterCommit` runs after the commit, in the same round trip: it sees what the
    /// transaction wrote, and its failure does not undo it nor reach the caller. A body that
    /// throws sends none of it.
    @Test func afterCommitRunsOnceTheTransactionHasCommitted() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await makeTable(connection, "before_after")
            try await makeTable(connection, "seen_after")
            let afterwards = [PostgresStatement("INSERT INTO seen_after SELECT 100 + count(*), 'after' FROM before_after")]
            let value = try await connection.transaction(afterCommit: afterwards) { transaction in
                try transaction.query("INSERT INTO before_after VALUES ($1, $2)", [1, "năm"])
                return 5
            }
            #expect(value == 5)
            #expect(try await count(connection, "before_after") == 1)
            #expect(try await connection.query("SELECT id FROM seen_after").first?.decode(0, as: Int.self) == 101)

            let failing = try await connection.transaction(afterCommit: [PostgresStatement("SELECT 1 / 0")]) { transaction in
                try transaction.query("INSERT INTO before_after VALUES ($1, $2)", [3, "bảy"])
                return 7
            }
            #expect(failing == 7)
            #expect(try await count(connection, "before_after") == 2)

            await #expect(throws: Boom.self) {
                try await connection.transaction(afterCommit: afterwards) { transaction in
                    try transaction.query("INSERT INTO before_after VALUES ($1, $2)", [2, "sáu"])
                    throw Boom()
                }
            }
            #expect(try await count(connection, "before_after") == 2)
            #expect(try await count(connection, "seen_after") == 1)
        }
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await makeTable(connection, "rolled_back")
            await #expect(throws: Boom.self) {
                try await connection.transaction { transaction in
                    try transaction.query("INSERT INTO rolled_back VALUES ($1, $2)", [1, "ba"])
                    throw Boom()
                }
            }
            #expect(try await count(connection, "rolled_back") == 0)
            // The session is idle again: a new transaction can start.
            _ = try await connection.transaction { try $0.query("INSERT INTO rolled_back VALUES ($1, $2)", [2, "bốn"]) }
            #expect(try await count(connection, "rolled_back") == 1)
        }
    }

    @Test func rollsBackWhenAStatementFails() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await makeTable(connection, "failed_statement")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.transaction { transaction in
                    try transaction.query("INSERT INTO failed_statement VALUES ($1, $2)", [1, "a"])
                    try transaction.query("INSERT INTO failed_statement VALUES ($1, $2)", [1, "b"])
                }
            }
            #expect(error?.sqlState == .uniqueViolation)
            #expect(try await count(connection, "failed_statement") == 0)
        }
    }

    @Test func savepointUndoesOnlyItsOwnWork() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await makeTable(connection, "savepoints")
            try await connection.transaction { transaction in
                try transaction.query("INSERT INTO savepoints VALUES ($1, $2)", [1, "kept"])
                #expect(throws: PostgresError.self) {
                    try transaction.savepoint {
                        try transaction.query("INSERT INTO savepoints VALUES ($1, $2)", [2, "undone"])
                        try transaction.query("INSERT INTO savepoints VALUES ($1, $2)", [1, "duplicate"])
                    }
                }
                try transaction.query("INSERT INTO savepoints VALUES ($1, $2)", [3, "after"])
            }
            let ids = try await connection.query("SELECT id FROM savepoints ORDER BY id").map { try $0.decode(0, as: Int.self) }
            #expect(ids == [1, 3])
        }
    }

    @Test func nestedTransactionIsRefused() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await makeTable(connection, "nested")
            try await connection.execute("BEGIN")
            try await connection.query("INSERT INTO nested VALUES ($1, $2)", [1, "in the outer transaction"])
            let error = await #expect(throws: PostgresError.self) {
                try await connection.transaction { _ in 1 }
            }
            #expect(error?.code == .nestedTransaction)
            // The refusal left the open transaction alone: neither committed nor rolled back.
            try await connection.execute("ROLLBACK")
            #expect(try await count(connection, "nested") == 0)
            #expect(try await connection.transaction { _ in 7 } == 7)
        }
    }

    @Test func isolationLevelIsApplied() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            for (level, expected) in [(IsolationLevel.readCommitted, "read committed"),
                                      (.repeatableRead, "repeatable read"), (.serializable, "serializable")] {
                let actual = try await connection.transaction(isolation: level) { transaction in
                    try transaction.query("SHOW transaction_isolation")[0].decode(0, as: String.self)
                }
                #expect(actual == expected)
            }
        }
    }

    @Test func poolTransactionRollsBackOnThrow() async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration,
                                  options: .init(maxConnections: 2))
        defer { Task { await pool.close() } }
        try await pool.query("CREATE TABLE pooled (id int PRIMARY KEY)")
        await #expect(throws: Boom.self) {
            try await pool.transaction { transaction in
                try transaction.query("INSERT INTO pooled VALUES ($1)", [1])
                throw Boom()
            }
        }
        #expect(try await pool.query("SELECT count(*) FROM pooled")[0].decode(0, as: Int.self) == 0)
    }
}
