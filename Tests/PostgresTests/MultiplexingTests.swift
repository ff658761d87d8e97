import Foundation
@testable import Postgres
import PostgresTestSupport
import Testing

/// A pool with `multiplexingConnections` sends the `query` calls of many callers together on a
/// few connections, each statement its own implicit transaction.
@Suite(.freshDatabase, .tags(.database))
struct MultiplexingTests {
    private func pool(
        connections: Int = 2, multiplexing: Int = 1, acquireTimeout: Duration = .seconds(10)
    ) throws -> ConnectionPool {
        ConnectionPool(
            configuration: try TestDatabase.configuration,
            options: .init(maxConnections: connections, acquireTimeout: acquireTimeout, multiplexingConnections: multiplexing))
    }

    /// Runs `statements` from concurrent tasks while a first statement waits for a lock on the
    /// only multiplexing connection, and checks that all of them (but those that control the
    /// session, which are lent a connection) waited in the queue, to go in one round trip once
    /// the lock is let go. (A fixed sleep instead of the lock was over before every task had
    /// queued its statement on a loaded machine.)
    private func inOneRoundTrip(
        _ pool: ConnectionPool, _ statements: [(String, [any PostgresEncodable])]
    ) async throws -> [Result<PostgresRows, any Error>] {
        let holder = try await Connection.connect(try TestDatabase.configuration)
        try await holder.query("SELECT pg_advisory_lock(804)")
        let blocked = Task { try await pool.query("SELECT pg_advisory_xact_lock(804)") }
        #expect(try await TestDatabase.waitUntilRunning("pg_advisory_xact_lock(804)", blockedByLock: true))
        let tasks = statements.map { sql, parameters in Task { try await pool.query(sql, parameters) } }
        let queueing = statements.filter { !ConnectionPool.controlsSession($0.0) }.count
        #expect(try await waitUntilQueued(pool, count: queueing))
        try await holder.query("SELECT pg_advisory_unlock(804)")
        await holder.close()
        _ = try await blocked.value
        var results: [Result<PostgresRows, any Error>] = []
        for task in tasks { results.append(await task.result) }
        return results
    }

    /// Waits until `count` statements are in the pool's queue (their tasks have run that
    /// far); false if they are not within 30 s.
    private func waitUntilQueued(_ pool: ConnectionPool, count: Int = 1) async throws -> Bool {
        _ = try await eventually(timeout: .seconds(30), every: .milliseconds(10)) { await pool.usage.queued >= count }
        return await pool.usage.queued == count
    }

    /// Waits until every connection the pool has open is back in it (a multiplexing
    /// connection goes back just after handing out its last results).
    private func expectAllIdle(_ pool: ConnectionPool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        _ = try await eventually(timeout: .seconds(5), every: .milliseconds(10)) { await pool.usage.idle == pool.usage.open }
        let usage = await pool.usage
        #expect(usage.idle == usage.open && usage.waiting == 0, sourceLocation: sourceLocation)
    }

    @Test func manyCallersShareAFewConnectionsAndEachGetsItsOwnRows() async throws {
        let pool = try pool(connections: 8, multiplexing: 2)
        defer { Task { await pool.close() } }
        let answers = try await withThrowingTaskGroup(of: (Int, Int, Int32).self) { group in
            for value in 0..<300 {
                group.addTask {
                    let row = try await pool.query("SELECT $1::int, pg_backend_pid()", [value])[0]
                    return (value, try row.decode(0, as: Int.self), try row.decode(1, as: Int32.self))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 300)
        #expect(answers.allSatisfy { $0.0 == $0.1 })
        #expect(Set(answers.map(\.2)).count <= 2)
        try await expectAllIdle(pool)
    }

    @Test func oneFailingStatementFailsOnlyItself() async throws {
        let pool = try pool(connections: 1)
        defer { Task { await pool.close() } }
        try await pool.query("CREATE TABLE mux_items (id int PRIMARY KEY)")
        try await pool.query("INSERT INTO mux_items VALUES (1)")
        var statements: [(String, [any PostgresEncodable])] = (1...40).map { ("INSERT INTO mux_items VALUES ($1)", [$0]) }
        statements.append(("SELECT 1 / $1::int", [0]))  // fails on execution
        statements.append(("SELECT FROM mux_nowhere", []))  // fails to prepare
        statements.append(("SELECT $1::text", ["sau lỗi"]))
        let results = try await inOneRoundTrip(pool, statements)

        let failures = results.indices.compactMap { index -> (Int, PostgresError)? in
            guard case .failure(let error) = results[index] else { return nil }
            return (index, error as! PostgresError)
        }
        #expect(failures.map(\.0) == [0, 40, 41])
        #expect(failures[0].1.sqlState == .uniqueViolation)
        #expect(failures[1].1.sqlState?.rawValue == "22012")
        #expect(failures[2].1.sqlState?.rawValue == "42P01")
        #expect(try results[42].get()[0].decode(0, as: String.self) == "sau lỗi")
        // The other 39 inserts committed, each on its own.
        #expect(try await pool.query("SELECT count(*) FROM mux_items")[0].decode(0, as: Int.self) == 40)
    }

    /// The statement sleeps for seconds, so that "at once" is unmistakable on a loaded machine.
    @Test func aCancelledCallerStopsWaitingAndTheOthersGoOn() async throws {
        let pool = try pool(connections: 1)
        defer { Task { await pool.close() } }
        let sleeper = Task { try await pool.query("SELECT pg_sleep(5)") }
        #expect(try await TestDatabase.waitUntilRunning("pg_sleep(5)"))

        // Queued behind the sleeper: dropped from the queue.
        let queued = Task { try await pool.query("SELECT 7") }
        #expect(try await waitUntilQueued(pool))
        #expect(await pool.usage.queued == 1)
        var started = ContinuousClock.now
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(await pool.usage.queued == 0)

        // In flight: its caller stops waiting at once; the statement runs to its end.
        started = ContinuousClock.now
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(ContinuousClock.now - started < .seconds(3))

        // The connection serves the next statement once the sleep is over.
        #expect(try await pool.query("SELECT $1::int", [8])[0].decode(0, as: Int.self) == 8)
        #expect(ContinuousClock.now - started > .seconds(1))
        try await expectAllIdle(pool)
    }

    @Test func closingThePoolFailsWhatIsQueued() async throws {
        let pool = try pool(connections: 1)
        // Opened first, so that the sleeper is sent at once, not still queued when the pool closes.
        try await pool.query("SELECT 1")
        try await expectAllIdle(pool)
        // Long enough for the next statement to be seen queued behind it on a loaded machine.
        let sleeper = Task { try await pool.query("SELECT pg_sleep(2), 1") }
        #expect(try await TestDatabase.waitUntilRunning("pg_sleep(2)"))
        let queued = Task { try await pool.query("SELECT 2") }
        #expect(try await waitUntilQueued(pool))
        await pool.close()
        let error = await #expect(throws: PostgresError.self) { try await queued.value }
        #expect(error?.code == .poolClosed)
        #expect(try await sleeper.value[0].decode(1, as: Int.self) == 1)
        let after = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 3") }
        #expect(after?.code == .poolClosed)
    }

    /// With every connection lent, a multiplexing connection waits its turn like any borrower,
    /// and the statements queued for it fail with the pool's timeout.
    @Test func statementsFailWithThePoolTimeoutWhenNoConnectionComesFree() async throws {
        let pool = try pool(connections: 1, acquireTimeout: .milliseconds(300))
        defer { Task { await pool.close() } }
        try await pool.withConnection { (held: Connection) async throws in
            let first = Task { try await pool.query("SELECT 1") }
            let second = Task { try await pool.query("SELECT 2") }
            for task in [first, second] {
                let error = await #expect(throws: PostgresError.self) { try await task.value }
                #expect(error?.code == .poolTimeout)
            }
            #expect(try await held.query("SELECT 3")[0].decode(0, as: Int.self) == 3)
        }
        #expect(try await pool.query("SELECT 4")[0].decode(0, as: Int.self) == 4)
    }

    /// A `BEGIN` or `SET` sent through `query` gets a connection of its own, as without
    /// multiplexing, so the statements of other callers never run inside its transaction.
    @Test func statementsThatControlTheSessionAreNotMultiplexed() async throws {
        #expect(ConnectionPool.controlsSession("  begin isolation level serializable"))
        #expect(ConnectionPool.controlsSession("SET search_path = x"))
        #expect(ConnectionPool.controlsSession("\nCOMMIT"))
        #expect(!ConnectionPool.controlsSession("SELECT 1"))
        #expect(!ConnectionPool.controlsSession("SETTLE"))
        #expect(!ConnectionPool.controlsSession("INSERT INTO settings VALUES (1)"))

        let pool = try pool(connections: 3)
        defer { Task { await pool.close() } }
        try await pool.query("CREATE TABLE mux_session (id int)")
        let results = try await inOneRoundTrip(pool, [("BEGIN", [])] + (1...5).map { ("INSERT INTO mux_session VALUES ($1)", [$0]) })
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        // Every insert committed: none ran inside the BEGIN's transaction.
        #expect(try await pool.query("SELECT count(*) FROM mux_session")[0].decode(0, as: Int.self) == 5)
    }

    /// Inside a loan, `query` runs on the connection the task holds, not through the queue:
    /// with a pool of one, the queue could never get a connection.
    @Test func aLoanIsNotMultiplexed() async throws {
        let pool = try pool(connections: 1, acquireTimeout: .milliseconds(500))
        defer { Task { await pool.close() } }
        try await pool.withConnection { (connection: Connection) async throws in
            let held = try await connection.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            #expect(try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) == held)
            let inTransaction = try await pool.transaction { try $0.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self) }
            #expect(inTransaction == held)
        }
    }

    /// A statement the session prepared before a schema change is prepared again and run, as
    /// outside multiplexing.
    @Test func aStalePreparedStatementIsPreparedAgain() async throws {
        let pool = try pool(connections: 1)
        defer { Task { await pool.close() } }
        try await pool.query("CREATE TABLE mux_shapes (id int, name text)")
        try await pool.query("INSERT INTO mux_shapes VALUES (1, 'một')")
        let select = "SELECT * FROM mux_shapes WHERE id = $1"
        #expect(try await pool.query(select, [1]).columns.count == 2)
        try await pool.query("ALTER TABLE mux_shapes ADD COLUMN note text DEFAULT 'mới'")
        let results = try await inOneRoundTrip(pool, [(select, [1]), ("SELECT $1::int", [5])])
        #expect(try results[0].get()[0].decode(2, as: String.self) == "mới")
        #expect(try results[1].get()[0].decode(0, as: Int.self) == 5)
    }
}
