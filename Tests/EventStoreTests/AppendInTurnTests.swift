import Dispatch
import EventStore
import Foundation
import Postgres
import Synchronization
import PostgresTestSupport
import Testing

/// `append(_:inTurn:_:)`: appends of one line do their bulk side by side, and each one's ordered
/// part (a register's next number) waits for the append holding the place before it, then reads
/// its streams as that one left them; the expected versions still decide.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct AppendInTurnTests {
    /// Holds `place` of `line` in a transaction of its own that appends the register's first event,
    /// until `release` is signalled; then commits, or rolls back when `rollBack`.
    private func holder(_ store: EventStore, _ line: String, place: Int32, register: StreamName, release: DispatchSemaphore,
                        rollBack: Bool) -> Task<Void, any Error> {
        struct RolledBack: Error {}
        return Task {
            do {
                try await store.pool.transaction { transaction in
                    _ = try transaction.query("SELECT pg_advisory_xact_lock(hashtext($1), $2)", [line, place])
                    try store.append(in: transaction, to: register, expected: .noStream, events: [event("NumberTaken")])
                    release.wait()
                    if rollBack { throw RolledBack() }
                }
            } catch is RolledBack {}
        }
    }

    /// Whether a session waits for an advisory lock.
    private func someoneWaitsForATurn(_ store: EventStore) async throws -> Bool {
        try await eventually {
            try await store.pool.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = \(Self.thisDatabase)")[0]
                .decode(0, as: Int64.self) > 0
        }
    }

    /// An append of `bulk` events to a new stream at place `place + 1` of a register's line,
    /// expecting the register at version 1, while another transaction holds `place` and appends
    /// the register's first event: once the append waits for its turn, that transaction commits
    /// (or rolls back when `rollBack`). The append's outcome, the register and the bulk's stream.
    private func appendBehind(
        _ store: EventStore, place: Int32, bulk: Int, rollBack: Bool
    ) async throws -> (outcome: Result<[AppendResult], any Error>, register: StreamName, bulk: StreamName) {
        let (register, approvals) = (uniqueStream(category: "decision_register"), uniqueStream())
        let line = register.description
        let release = DispatchSemaphore(value: 0)
        let first = holder(store, line, place: place, register: register, release: release, rollBack: rollBack)
        #expect(try await eventually { try await someoneHoldsATurn(store) })
        let second = Task {
            try await store.append([(approvals, .noStream, (0..<bulk).map { _ in event() })],
                                   inTurn: AppendTurn(line: line, place: place + 1), [(register, .exact(1), [event("NumberTaken")])])
        }
        #expect(try await someoneWaitsForATurn(store), "the append waits for its turn")
        #expect(try await store.currentVersion(of: approvals) == 0, "its bulk is not visible before it commits")
        release.signal()
        try await first.value
        return (await second.result, register, approvals)
    }

    @Test func theOrderedPartWaitsForTheAppendBeforeItAndReadsWhatThatLeft() async throws {
        try await withStore { store in
            let (outcome, register, approvals) = try await appendBehind(store, place: 1, bulk: 2, rollBack: false)
            let results = try outcome.get()
            #expect(results.map(\.stream) == [approvals, register], "the bulk's results, then the ordered part's")
            #expect(results.map(\.toVersion) == [2, 2])
            #expect(try await store.readStream(register).map(\.version) == [1, 2])
        }
    }

    @Test func anOrderedPartWhoseAppendBeforeRolledBackConflictsAndNothingOfItIsStored() async throws {
        try await withStore { store in
            let (outcome, register, approvals) = try await appendBehind(store, place: 7, bulk: 1, rollBack: true)
            #expect(throws: EventStoreError.self) { try outcome.get() }
            if case .failure(let error as EventStoreError) = outcome {
                #expect(error.code == .versionConflict)
                #expect(error.stream == register)
            }
            #expect(try await store.readStream(approvals).isEmpty)
            #expect(try await store.readStream(register).isEmpty)
        }
    }

    @Test func anAppendWhoseTurnBeforeNobodyHoldsMeetsTheStreamsAsTheyAre() async throws {
        try await withStore { store in
            let (register, approvals) = (uniqueStream(category: "decision_register"), uniqueStream())
            let turn = AppendTurn(line: register.description, place: 3)
            await #expect { try await store.append([(approvals, .noStream, [event()])], inTurn: turn, [(register, .exact(2), [event()])]) }
                throws: { ($0 as? EventStoreError)?.code == .versionConflict }
            #expect(try await store.readStream(approvals).isEmpty)
            let results = try await store.append([(approvals, .noStream, [event()])], inTurn: turn, [(register, .noStream, [event()])])
            #expect(results.map(\.toVersion) == [1, 1])
            let alone = try await store.append([], inTurn: AppendTurn(line: register.description, place: 4),
                                               [(register, .exact(1), [event()])])
            #expect(alone.map(\.toVersion) == [2], "an append in turn with no bulk")
        }
    }

    /// An append in turn waits at its bulk's insert for a row another writer holds, and that
    /// writer then waits for the turn the append took: PostgreSQL rolls the append back (it waited
    /// first, so its check finds the cycle), and the store reports a conflict, nothing stored.
    @Test func aDeadlockIsAConflictAndNothingOfTheAppendIsStored() async throws {
        try await withStore { store in
            let (register, contested) = (uniqueStream(category: "decision_register"), uniqueStream())
            let turn = AppendTurn(line: register.description, place: 2)
            let release = DispatchSemaphore(value: 0)
            let otherSession = Mutex<Int32?>(nil)
            let other = Task {
                try await store.pool.transaction { transaction in
                    let pid = try transaction.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
                    try store.append(in: transaction, to: contested, expected: .noStream, events: [event("Other")])
                    otherSession.withLock { $0 = pid }
                    release.wait()
                    _ = try transaction.query("SELECT pg_advisory_xact_lock(hashtext($1), $2)", [turn.line, turn.place])
                }
            }
            let pid = try #require(try await eventually { otherSession.withLock { $0 } }, "the other writer holds its row")
            let append = Task {
                try await store.append([(contested, .noStream, [event()])], inTurn: turn, [(register, .noStream, [event()])])
            }
            #expect(try await eventually {
                try await store.pool.query("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", [pid])[0]
                    .decode(0, as: Int64.self) > 0
            }, "the append waits at its insert for the other writer's row")
            release.signal()
            await #expect { try await append.value } throws: { ($0 as? EventStoreError)?.code == .versionConflict }
            try await other.value
            #expect(try await store.readStream(contested).map(\.type) == ["Other"])
            #expect(try await store.readStream(register).isEmpty)
        }
    }

    /// This database's oid: advisory locks are listed for the whole cluster, where other suites run.
    private static let thisDatabase = "(SELECT oid FROM pg_database WHERE datname = current_database())"

    /// Whether a session holds a turn (an advisory lock of two keys).
    private func someoneHoldsATurn(_ store: EventStore) async throws -> Bool {
        try await store.pool.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND database = \(Self.thisDatabase)")[0]
            .decode(0, as: Int64.self) > 0
    }
}
