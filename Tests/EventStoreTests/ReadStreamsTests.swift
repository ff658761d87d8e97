import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Reading many streams in one statement, as a command on many aggregates does.
@Suite(.freshDatabase, .tags(.database))
struct ReadStreamsTests {
    @Test func readsEachStreamsEventsInOrderAndLeavesOutStreamsWithout() async throws {
        try await withStore { store in
            let streams = (0..<3).map { _ in uniqueStream() }
            for (index, stream) in streams.enumerated() {
                try await store.append(to: stream, expected: .noStream, events: (0...index).map { _ in event() })
            }
            try await store.append(to: StreamName(tenant: "another", category: "nomination", id: streams[0].id), expected: .noStream,
                                   events: [event()])
            let empty = uniqueStream()
            let read = try await store.readStreams(streams + [empty])
            #expect(read.count == 3, "the empty stream is absent, another tenant's same id not read")
            for (index, stream) in streams.enumerated() {
                #expect(read[stream]?.map(\.version) == Array(1...Int64(index + 1)))
                #expect(read[stream]?.allSatisfy { $0.stream == stream } == true)
            }
            #expect(read[empty] == nil)
        }
    }
}
