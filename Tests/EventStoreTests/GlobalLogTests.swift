import Dispatch
import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Serialized: the out-of-order test holds a transaction open, which fences the whole log.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct GlobalLogTests {
    @Test func aTransactionThatCommitsLateIsDeliveredInTheSafeOrder() async throws {
        try await withStore(listening: true, options: .init(pollInterval: .seconds(5))) { store in
            let (streamA, streamB) = (uniqueStream(), uniqueStream())
            let (eventA, eventB) = (event("A"), event("B"))
            // Other tests of this suite write to the log too: only A's and B's events count.
            let start = LogCheckpoint.start
            let ours: @Sendable (RecordedEvent) -> Bool = { $0.stream == streamA || $0.stream == streamB }

            // A takes the lower position, then stays open while B commits.
            let connection = try await TestDatabase.connect()
            let (appended, signalAppended) = AsyncStream.makeStream(of: AppendResult.self)
            let release = DispatchSemaphore(value: 0)
            let transactionA = Task {
                defer { signalAppended.finish() }
                try await connection.transaction { transaction in
                    signalAppended.yield(try store.append(in: transaction, to: streamA, expected: .noStream, events: [eventA]))
                    release.wait()
                }
            }
            // However the test ends, A must not stay blocked.
            defer { release.signal() }
            var appendedIterator = appended.makeAsyncIterator()
            guard let resultA = await appendedIterator.next() else {
                try await transactionA.value
                Issue.record("transaction A did not append")
                return
            }
            let resultB = try await store.append(to: streamB, expected: .noStream, events: [eventB])
            #expect(resultA.checkpoint.position < resultB.checkpoint.position)
            #expect(resultA.checkpoint.transactionID < resultB.checkpoint.transactionID)

            let subscriber = Task {
                var ids: [UUID] = []
                for try await event in store.subscribe(from: start) where ours(event) {
                    ids.append(event.id)
                    if ids.count == 2 { break }
                }
                return ids
            }

            // A scan by position alone (for building streams from the log at one moment) sees B
            // at once; a reader following the log that way moves its checkpoint past A's position.
            let naive = try await store.scan(afterPosition: start.position, limit: 10_000).filter(ours)
            #expect(naive.map(\.id) == [eventB.id])
            let naiveCheckpoint = naive[0].position
            // The fenced read holds B back while A, an older transaction, is still running.
            #expect(try await store.readAll(after: start, limit: 10_000).filter(ours).isEmpty)

            release.signal()
            try await transactionA.value
            await connection.close()
            await store.notifySubscribers(tenants: [streamA.tenant])

            // After A commits, the naive reader resumes past A: A is lost to it.
            let naiveResumed = try await store.pool.query(
                "SELECT event_id FROM events WHERE position > $1 AND stream IN ($2, $3) ORDER BY position",
                [naiveCheckpoint, streamA.streamID, streamB.streamID])
            #expect(naiveResumed.isEmpty)
            // The subscriber, woken by the NOTIFY after A's commit (or, if other transactions fence it at that moment, by polling), delivers A, then B.
            let delivered = try await withThrowingTaskGroup(of: [UUID]?.self) { group in
                group.addTask { try await subscriber.value }
                group.addTask {
                    try await Task.sleep(for: .seconds(20))
                    return nil
                }
                let first = try await group.next()!
                group.cancelAll()
                subscriber.cancel()
                return first
            }
            #expect(delivered == [eventA.id, eventB.id])
            let fenced = try #require(try await eventually { () -> [RecordedEvent]? in
                let events = try await store.readAll(after: start, limit: 10_000).filter(ours)
                return events.count == 2 ? events : nil
            })
            #expect(fenced.map(\.id) == [eventA.id, eventB.id])
            #expect(fenced.map(\.checkpoint) == [resultA.checkpoint, resultB.checkpoint])
        }
    }

    @Test func readsTheLogInBoundedPagesPerTenant() async throws {
        try await withStore { store in
            let (north, south) = ("north-\(UUID().uuidString.prefix(8))", "south-\(UUID().uuidString.prefix(8))")
            for index in 0..<5 {
                _ = try await store.append([
                    (uniqueStream(tenant: north), .noStream, [event("N\(index)")]),
                    (uniqueStream(tenant: south), .noStream, [event("S\(index)"), event("S\(index)")]),
                ])
            }
            // Transactions of other tests (in other databases too: transaction ids are
            // cluster-wide) may hold the fence back for a moment.
            #expect(try await eventually { try await store.readAll(after: .start, limit: 100, tenant: south).count == 10 })
            var checkpoint = LogCheckpoint.start
            var all: [RecordedEvent] = []
            while true {
                let page = try await store.readAll(after: checkpoint, limit: 4)
                #expect(page.count <= 4)
                guard let last = page.last else { break }
                all += page
                checkpoint = last.checkpoint
            }
            let ours = all.filter { [north, south].contains($0.stream.tenant) }
            #expect(ours.count == 15)
            #expect(all.map(\.checkpoint) == all.map(\.checkpoint).sorted())
            let northern = try await store.readAll(after: .start, limit: 100, tenant: north)
            #expect(northern.map(\.type) == (0..<5).map { "N\($0)" })
        }
    }

    @Test func aSubscriptionStoppedAndResumedDeliversEveryEventExactlyOnce() async throws {
        try await withStore(listening: true, options: .init(subscriptionPageSize: 7, pollInterval: .seconds(1))) { store in
            // Other tests of this suite wrote to the log too: only this stream's events count.
            let start = LogCheckpoint.start
            let stream = uniqueStream()
            var written: [UUID] = []
            for _ in 0..<10 {
                let batch = (0..<5).map { _ in event() }
                written += batch.map(\.id)
                try await store.append(to: stream, expected: .any, events: batch)
            }

            // First run: consume 23 events, keep the checkpoint of the last one handled, stop.
            var received: [UUID] = []
            var checkpoint = start
            for try await event in store.subscribe(from: start) {
                checkpoint = event.checkpoint
                guard event.stream == stream else { continue }
                received.append(event.id)
                if received.count == 23 { break }
            }
            // Meanwhile more are written; the resumed run must catch up and then go live.
            for _ in 0..<3 {
                let batch = (0..<5).map { _ in event() }
                written += batch.map(\.id)
                try await store.append(to: stream, expected: .any, events: batch)
            }
            let live = (0..<4).map { _ in event("Live") }
            written += live.map(\.id)
            let writer = Task {
                try await Task.sleep(for: .milliseconds(300))
                for event in live { try await store.append(to: stream, expected: .any, events: [event]) }
            }
            for try await event in store.subscribe(from: checkpoint) {
                guard event.stream == stream else { continue }
                received.append(event.id)
                if received.count == written.count { break }
            }
            try await writer.value
            #expect(received == written)
            #expect(Set(received).count == received.count)
        }
    }
}
