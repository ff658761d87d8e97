import Dispatch
import EventStore
import Foundation
import Postgres
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
            try await store.pool.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0]
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

    /// Whether a session holds a turn (an advisory lock of two keys).
    private func someoneHoldsATurn(_ store: EventStore) async throws -> Bool {
        try await store.pool.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2")[0]
            .decode(0, as: Int64.self) > 0
    }
}
