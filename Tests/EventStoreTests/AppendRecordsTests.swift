import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// `append(_:recording:)`: what a caller records of an append (an idempotency record) commits
/// with its events or not at all, alone and in a group commit.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct AppendRecordsTests {
    /// A record of the append's last version, in a table of the test's own.
    private static func record(_ stream: StreamName) -> EventStore.Records {
        { results in
            [PostgresStatement("INSERT INTO test_append_records (stream, version) VALUES ($1, $2)",
                               [stream.streamID, results[0].toVersion])]
        }
    }

    private static let failing: EventStore.Records = { _ in [PostgresStatement("SELECT 1 / 0")] }

    private func recorded(_ stream: StreamName, in store: EventStore) async throws -> [Int64] {
        try await store.pool.query("SELECT version FROM test_append_records WHERE stream = $1", [stream.streamID])
            .map { try $0.decode(0) }
    }

    private func createTable(_ store: EventStore) async throws {
        try await store.pool.query("CREATE TABLE IF NOT EXISTS test_append_records (stream text, version bigint)")
    }

    @Test(arguments: [0, 1])
    func aRecordCommitsWithItsAppendAndAFailingOneTakesTheAppendBack(groupCommitConnections: Int) async throws {
        try await withStore(options: .init(groupCommitConnections: groupCommitConnections)) { store in
            try await createTable(store)
            let (kept, refused) = (uniqueStream(), uniqueStream())
            let result = try await store.append([(kept, .noStream, [event(), event()])], recording: Self.record(kept))
            #expect(result[0].toVersion == 2)
            #expect(try await recorded(kept, in: store) == [2])

            await #expect { try await store.append([(refused, .noStream, [event()])], recording: Self.failing) } throws: {
                ($0 as? PostgresError)?.sqlState?.rawValue == "22012"
            }
            #expect(try await store.currentVersion(of: refused) == 0)
            #expect(try await store.readStream(refused).isEmpty)
        }
    }

    /// Appends one event to each stream from concurrent tasks, each with its record (the one at
    /// `failing` with a failing one); the results in order, nil for a failure.
    private func concurrently(_ store: EventStore, _ streams: [StreamName], failing: Int? = nil) async -> [AppendResult?] {
        await withTaskGroup(of: (Int, AppendResult?).self) { group in
            for (index, stream) in streams.enumerated() {
                group.addTask {
                    let records = index == failing ? Self.failing : Self.record(stream)
                    return (index, try? await store.append([(stream, .noStream, [event()])], recording: records).first)
                }
            }
            var outcomes = [AppendResult?](repeating: nil, count: streams.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    @Test func inAGroupRecordsCommitWithTheirAppendsAndAFailingOneFailsOnlyItsOwn() async throws {
        try await withStore(options: .init(groupCommitConnections: 1)) { store in
            try await createTable(store)
            let together = (0..<24).map { _ in uniqueStream() }
            let committed = await concurrently(store, together).compactMap { $0 }
            #expect(committed.count == together.count)
            // One committer for twenty-four callers: some shared a transaction, records and all.
            #expect(Set(committed.map(\.checkpoint.transactionID)).count < committed.count)
            for stream in together { #expect(try await recorded(stream, in: store) == [1]) }

            // A failing record fails its group's transaction; run again one by one, only its own
            // append fails, and a record made twice commits once.
            let streams = (0..<24).map { _ in uniqueStream() }
            let failingIndex = 11
            let outcomes = await concurrently(store, streams, failing: failingIndex)
            for (index, stream) in streams.enumerated() {
                let failed = index == failingIndex
                #expect((outcomes[index] == nil) == failed)
                #expect(try await recorded(stream, in: store) == (failed ? [] : [1]))
                #expect(try await store.currentVersion(of: stream) == (failed ? 0 : 1))
            }
        }
    }
}
