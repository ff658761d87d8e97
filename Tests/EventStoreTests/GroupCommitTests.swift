@testable import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// With `groupCommitConnections`, concurrent appends share transactions; each caller still gets
/// exactly the outcome it would have alone.
@Suite(.freshDatabase, .tags(.database))
struct GroupCommitTests {
    private static let grouped = EventStore.Options(groupCommitConnections: 1)

    /// Runs `appends` from concurrent tasks and returns each one's outcome, in order.
    private func concurrently(
        _ store: EventStore, _ appends: [(StreamName, ExpectedVersion, [NewEvent])]
    ) async -> [Result<AppendResult, any Error>] {
        await withTaskGroup(of: (Int, Result<AppendResult, any Error>).self) { group in
            for (index, append) in appends.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await store.append(to: append.0, expected: append.1, events: append.2)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes = [Result<AppendResult, any Error>?](repeating: nil, count: appends.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes.map { $0! }
        }
    }

    @Test func concurrentAppendsShareTransactionsAndEachGetsItsOwnResult() async throws {
        try await withStore(options: Self.grouped) { (store: EventStore) async throws in
            let streams = (0..<40).map { _ in uniqueStream() }
            let outcomes = await concurrently(store, streams.map { ($0, .noStream, [event(), event()]) })
            let results = try outcomes.map { try $0.get() }
            #expect(zip(results, streams).allSatisfy { $0.stream == $1 && $0.fromVersion == 1 && $0.toVersion == 2 })
            // Forty callers, one committer: some of them shared a transaction.
            #expect(Set(results.map(\.checkpoint.transactionID)).count < 40)
            for (stream, result) in zip(streams, results) {
                let stored = try await store.readStream(stream)
                #expect(stored.map(\.version) == [1, 2])
                #expect(stored.last?.position == result.checkpoint.position)
                #expect(try await store.verify(stream: stream).isIntact)
            }
        }
    }

    /// A bad append is refused with its own error, and the good ones sent beside it commit.
    @Test func aBadStreamNameOrAnEmptyAppendIsRefusedAndTheOthersCommit() async throws {
        try await withStore(options: Self.grouped) { (store: EventStore) async throws in
            let good = (0..<6).map { _ in uniqueStream() }
            let badName = StreamName(tenant: "vksnd", category: "nomi-nation", id: "x")
            let empty = uniqueStream()
            let outcomes = await concurrently(store, good.map { ($0, .noStream, [event()]) }
                + [(badName, .noStream, [event()]), (empty, .noStream, [])])
            #expect(outcomes.prefix(6).allSatisfy { (try? $0.get())?.toVersion == 1 })
            guard case .failure(let nameError) = outcomes[6], case .failure(let emptyError) = outcomes[7] else {
                Issue.record("the bad appends were not refused")
                return
            }
            #expect((nameError as? EventStoreError)?.code == .invalidStreamName)
            #expect((emptyError as? EventStoreError)?.code == .emptyAppend)
            #expect(try await store.readStream(empty).isEmpty)
        }
    }

    @Test func aConflictFailsOnlyItsOwnAppend() async throws {
        try await withStore(options: Self.grouped) { (store: EventStore) async throws in
            let contested = uniqueStream()
            let others = (0..<10).map { _ in uniqueStream() }
            let appends = (0..<20).map { _ in (contested, ExpectedVersion.noStream, [event()]) }
                + others.map { ($0, ExpectedVersion.noStream, [event()]) }
            let outcomes = await concurrently(store, appends)

            let contestedOutcomes = outcomes.prefix(20)
            #expect(contestedOutcomes.filter { (try? $0.get()) != nil }.count == 1)
            for case .failure(let error) in contestedOutcomes {
                #expect((error as? EventStoreError)?.code == .versionConflict)
                #expect((error as? EventStoreError)?.actual == 1)
            }
            #expect(outcomes.suffix(10).allSatisfy { (try? $0.get())?.toVersion == 1 })
            #expect(try await store.readStream(contested).count == 1)
        }
    }

    @Test func aRetryInAGroupReturnsTheOriginalResultAndAReusedIdFailsAlone() async throws {
        try await withStore(options: Self.grouped) { (store: EventStore) async throws in
            let stream = uniqueStream()
            let submitted = event()
            let original = try await store.append(to: stream, expected: .noStream, events: [submitted])

            let reused = uniqueStream()
            let appends = [
                (stream, ExpectedVersion.noStream, [submitted]),  // the same append again
                (reused, ExpectedVersion.noStream, [event("Other", #"{"khác": true}"#, id: submitted.id)]),
            ] + (0..<10).map { _ in (uniqueStream(), ExpectedVersion.noStream, [event()]) }
            let outcomes = await concurrently(store, appends)

            #expect(try outcomes[0].get() == original)
            guard case .failure(let error) = outcomes[1] else {
                Issue.record("an id stored with other content was accepted")
                return
            }
            #expect((error as? EventStoreError)?.code == .idempotencyMismatch)
            #expect(outcomes.dropFirst(2).allSatisfy { (try? $0.get()) != nil })
            #expect(try await store.readStream(stream).count == 1)
            #expect(try await store.currentVersion(of: reused) == 0)
        }
    }

    @Test func subscribersAreWokenByAGroupsCommit() async throws {
        // A poll interval far longer than the test: only the group's notification can deliver.
        let options = EventStore.Options(pollInterval: .seconds(600), groupCommitConnections: 1)
        try await withStore(listening: true, options: options) { store in
            let streams = Set((0..<5).map { _ in uniqueStream() })
            let start = try await store.headCheckpoint()
            let subscriber = Task {
                var seen = Set<StreamName>()
                for try await recorded in store.subscribe(from: start) where streams.contains(recorded.stream) {
                    seen.insert(recorded.stream)
                    if seen == streams { return true }
                }
                return false
            }
            // Again and again, as a transaction open elsewhere can hold events back past their
            // own notification, never past all later ones.
            let writer = Task {
                var version: Int64 = 0
                while !Task.isCancelled {
                    _ = await concurrently(store, streams.map { ($0, .exact(version), [event()]) })
                    version += 1
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(try await awaitSubscriber(subscriber, whileWriting: writer))
        }
    }

    /// A group waits for a version another transaction holds; an append queued behind it whose
    /// caller is cancelled is dropped, and the group commits once the version is free.
    @Test func aCancelledCallerLeavesTheQueueWhileItsGroupWaits() async throws {
        try await withStore(options: Self.grouped) { (store: EventStore) async throws in
            let held = uniqueStream()
            try await store.append(to: held, expected: .noStream, events: [event()])
            try await Connection.withConnection(try TestDatabase.configuration) { holder in
                try await holder.execute("BEGIN")
                // The holder takes version 2 and stays open: the append below, expecting 1, waits
                // on the log's index for the holder's end.
                try await holder.query("SELECT laurel_append($1, $2, $3, 1, $4::jsonb)",
                                       [held.tenant, held.category, held.streamID, EventStore.eventsJSON([event()])])
                let waiting = Task { try await store.append(to: held, expected: .exact(1), events: [event()]) }
                #expect(try await TestDatabase.waitUntilRunning("laurel_append", blockedByLock: true))

                let dropped = uniqueStream()
                let queued = Task { try await store.append(to: dropped, expected: .noStream, events: [event()]) }
                #expect(try await eventually { store.groupCommitQueue.count == 1 })
                queued.cancel()
                await #expect(throws: CancellationError.self) { try await queued.value }

                try await holder.execute("ROLLBACK")
                #expect(try await waiting.value.toVersion == 2)
                #expect(try await store.currentVersion(of: dropped) == 0)
            }
        }
    }
}
