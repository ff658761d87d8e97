import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct PoolTests {
    @Test func reusesItsConnections() async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 2))
        defer { Task { await pool.close() } }
        var pids = Set<Int32>()
        for _ in 0..<10 {
            pids.insert(try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self))
        }
        #expect(pids.count == 1)
        let usage = await pool.usage
        #expect(usage.open == 1 && usage.idle == 1 && usage.waiting == 0)
    }

    @Test func neverOpensMoreThanItsMaximum() async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 3))
        defer { Task { await pool.close() } }
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    try await pool.query("SELECT pg_backend_pid() FROM pg_sleep(0.01)")[0].decode(0, as: Int32.self)
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(pids.count <= 3)
        let usage = await pool.usage
        #expect(usage.open <= 3 && usage.waiting == 0 && usage.idle == usage.open)
    }

    @Test func exhaustionThenTimeout() async throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: 1, acquireTimeout: .milliseconds(300)))
        defer { Task { await pool.close() } }
        try await pool.withConnection { (held: Connection) async throws in
            let started = ContinuousClock.now
            // Another task: this one would use the connection it holds again.
            let error = await #expect(throws: PostgresError.self) { try await Task { try await pool.query("SELECT 1") }.value }
            #expect(error?.code == .poolTimeout)
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(250) && waited < .seconds(5))
            let usage = await pool.usage
            #expect(usage.open == 1 && usage.idle == 0 && usage.waiting == 0)
            // The held connection is untouched by the timeout.
            #expect(try await held.query("SELECT 1")[0].decode(0, as: Int.self) == 1)
        }
        // Free again: the next caller gets it at once.
        #expect(try await pool.query("SELECT 2")[0].decode(0, as: Int.self) == 2)
    }

    /// A task holding a connection that calls the pool again gets the same session, even from a
    /// pool of one, where a second loan would wait forever; a task it starts gets its own.
    @Test func aTaskHoldingAConnectionUsesItAgain() async throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: 1, acquireTimeout: .milliseconds(300)))
        defer { Task { await pool.close() } }
        try await pool.withConnection { connection in
            let held = try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            #expect(try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) == held)
            let nested = try await pool.withConnection { _ in
                try await pool.transaction { try $0.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) }
            }
            #expect(nested == held)
            let error = await #expect(throws: PostgresError.self) { try await Task { try await pool.query("SELECT 1") }.value }
            #expect(error?.code == .poolTimeout)
        }
        // Given back once, not once per nested use.
        let usage = await pool.usage
        #expect(usage.open == 1 && usage.idle == 1 && usage.waiting == 0)
    }

    @Test func aWaiterGetsTheConnectionWhenItIsReleased() async throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: 1, acquireTimeout: .seconds(5)))
        defer { Task { await pool.close() } }
        let (released, releasing) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await pool.withConnection { connection in
                releasing.yield()
                // Held until the waiter is known to be in line.
                while await pool.usage.waiting == 0 { await Task.yield() }
                return try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            }
        }
        for await _ in released { break }
        let waiterPID = try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
        #expect(try await holder.value == waiterPID)
    }

    @Test func aConnectionGivenBackInsideATransactionIsNotLentAgain() async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 1))
        defer { Task { await pool.close() } }
        let leftOpen = try await pool.withConnection { connection in
            try await connection.execute("BEGIN")
            return try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
        }
        // The next borrower gets a fresh session, outside any transaction.
        let next = try await pool.withConnection { connection in
            let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            #expect(try await connection.transaction { _ in 7 } == 7)
            return pid
        }
        #expect(next != leftOpen)
        let usage = await pool.usage
        #expect(usage.open == 1 && usage.idle == 1)
    }

    @Test func aWaiterGetsAFreshSessionWhenTheConnectionComesBackInsideATransaction() async throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: 1, acquireTimeout: .seconds(5)))
        defer { Task { await pool.close() } }
        let (held, waiter) = try await pool.withConnection { connection in
            try await connection.execute("BEGIN")
            let held = try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            let waiter = Task { try await pool.transaction { try $0.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) } }
            while await pool.usage.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
            return (held, waiter)
        }
        #expect(try await waiter.value != held)
        #expect(await pool.usage.open == 1)
    }

    /// What a stopping server does to a busy pool: a session ends in the middle of a
    /// transaction. The connection must not come back as "already in a transaction".
    @Test func aSessionEndedMidTransactionDoesNotPoisonThePool() async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 1))
        defer { Task { await pool.close() } }
        let pid = try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
        let killer = Task {
            try await Connection.withConnection(try TestDatabase.configuration) { other in
                // Waits until the victim is inside its transaction's sleep, then ends its session.
                while try await other.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'", [pid]
                )[0].decode(0, as: Int.self) == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await other.query("SELECT pg_terminate_backend($1)", [pid])
            }
        }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { transaction in
                try transaction.query("SELECT 1")
                try transaction.query("SELECT pg_sleep(30)")
            }
        }
        try await killer.value
        #expect(try await pool.transaction { try $0.query("SELECT 2")[0].decode(0, as: Int.self) } == 2)
        #expect(try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) != pid)
    }

    @Test func aCancelledWaiterLeavesTheLine() async throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: 1, acquireTimeout: .seconds(30)))
        defer { Task { await pool.close() } }
        try await pool.withConnection { (_: Connection) async throws in
            let waiter = Task { try await pool.query("SELECT 1") }
            #expect(try await eventually { await pool.usage.waiting == 1 })
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(await pool.usage.waiting == 0)
        }
        #expect(try await pool.query("SELECT 3")[0].decode(0, as: Int.self) == 3)
    }

    @Test func closingFailsWaitersAndLaterCalls() async throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: 1, acquireTimeout: .seconds(30)))
        try await pool.withConnection { (_: Connection) async throws in
            let waiter = Task { try await pool.query("SELECT 1") }
            #expect(try await eventually { await pool.usage.waiting == 1 })
            await pool.close()
            let error = await #expect(throws: PostgresError.self) { try await waiter.value }
            #expect(error?.code == .poolClosed)
        }
        #expect(await pool.usage.open == 0)
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }

    @Test func aConnectionIsReplacedAfterTheServerRestarts() async throws {
        try await PrivateCluster.with { cluster in
            let pool = ConnectionPool(configuration: try cluster.configuration(), options: .init(maxConnections: 1))
            defer { Task { await pool.close() } }
            let before = try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            try await cluster.restart()
            let after = try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            #expect(after != before)
            #expect(await pool.usage.open == 1)
            #expect(try await pool.query("SELECT $1::text", ["lại"])[0].decode(0, as: String.self) == "lại")
        }
    }
}
