import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct CancellationTests {
    /// Waits until session `pid` is running a statement, as the server sees it.
    private func waitUntilActive(_ pid: Int32, observer: Connection) async throws -> Bool {
        try await eventually {
            let rows = try await observer.query(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'",
                [pid])
            return try rows[0].decode(0, as: Int.self) == 1
        }
    }

    @Test func cancellingTheTaskCancelsPgSleepOnTheServer() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await Connection.withConnection(try TestDatabase.configuration) { observer in
                let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)

                let started = ContinuousClock.now
                let sleeper = Task { try await connection.query("SELECT pg_sleep(30)") }
                #expect(try await waitUntilActive(pid, observer: observer))
                sleeper.cancel()
                let error = await #expect(throws: PostgresError.self) { try await sleeper.value }
                #expect(error?.code == .queryCancelled)
                #expect(error?.sqlState == .queryCanceled)
                #expect(ContinuousClock.now - started < .seconds(10))

                // Same session, still usable.
                #expect(try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) == pid)
                #expect(try await connection.query("SELECT $1::text", ["vẫn chạy"])[0].decode(0, as: String.self) == "vẫn chạy")
            }
        }
    }

    @Test func aTaskCancelledBeforehandNeverRunsItsStatement() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE never (id int)")
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await connection.query("INSERT INTO never VALUES (1)")
            }
            let error = await #expect(throws: PostgresError.self) { try await task.value }
            #expect(error?.code == .queryCancelled)
            #expect(try await connection.query("SELECT count(*) FROM never")[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func cancellationInsideATransactionRollsItBack() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await Connection.withConnection(try TestDatabase.configuration) { observer in
                try await connection.execute("CREATE TABLE cancelled_work (id int)")
                let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
                let task = Task {
                    try await connection.transaction { transaction in
                        try transaction.query("INSERT INTO cancelled_work VALUES ($1)", [1])
                        try transaction.query("SELECT pg_sleep(30)")
                    }
                }
                #expect(try await waitUntilActive(pid, observer: observer))
                task.cancel()
                let error = await #expect(throws: PostgresError.self) { try await task.value }
                #expect(error?.code == .queryCancelled)
                #expect(try await connection.query("SELECT count(*) FROM cancelled_work")[0].decode(0, as: Int.self) == 0)
            }
        }
    }

    @Test func aCancellationNeverHitsTheNextStatement() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            // Cancel each short statement at a random moment: before, during or just after it
            // runs. Whatever it hits, the statement after it on the same session must never be the
            // one cancelled.
            for index in 0..<40 {
                let task = Task { try await connection.query("SELECT pg_sleep(0.002), $1::int", [index]) }
                try await Task.sleep(for: .microseconds(Int.random(in: 0...4_000)))
                task.cancel()
                do {
                    _ = try await task.value
                } catch let error as PostgresError where error.code == .queryCancelled {
                    // Cancelled in time: fine.
                }
                let after = try await connection.query("SELECT pg_sleep(0.002), $1::int", [index])
                #expect(try after[0].decode(1, as: Int.self) == index)
            }
        }
    }
}
