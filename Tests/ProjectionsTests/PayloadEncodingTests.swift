import EventStore
import Foundation
import Nominations
import PostgresTestSupport
@testable import Projections
import Testing

/// Every payload of full workflows (all kinds, council sessions) written by the store's encoder
/// reads back as the payload, and as `JSONEncoder`'s text of it.
@Suite(.freshDatabase, .tags(.database))
struct PayloadEncodingTests {
    @Test func everyPayloadOfFullWorkflowsReadsBackTheSame() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        var workload = try Workload(store: fixture.store, seed: 41)
        for index in 0..<60 {
            if index % 20 == 0 { try await workload.convene("S\(index / 20)") }
            try await workload.drive(nominationID: "N\(index)", steps: 4 + index % 17)
        }
        // The whole log: other suites' open transactions may hold its newest events back a while.
        let stored = try await fixture.count("SELECT count(*) FROM events")
        var records: [RecordedEvent] = []
        #expect(try await eventually {
            records = try await fixture.pool.transaction { transaction in
                try fixture.store.readAll(in: transaction, after: .start, limit: 100_000)
            }
            return records.count == stored
        })
        var types = Set<String>()
        for record in records {
            let event = try ProjectedEvent(record)
            let payload: any Encodable = switch event.body {
            case .nomination(let event): event.payload
            case .council(let event): event.payload
            case .awards(let event): event.storedPayload
            case .account(let event): event.storedPayload
            }
            let stored = try StoredJSONEncoder.encode(payload)
            let expected = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(payload)) as? NSDictionary)
            #expect(try JSONSerialization.jsonObject(with: stored) as? NSDictionary == expected, "\(record.type)")
            var rewritten = record
            rewritten.payload = stored
            switch (try ProjectedEvent(rewritten).body, event.body) {
            case let (.nomination(reread), .nomination(original)): #expect(reread == original, "\(record.type)")
            case let (.council(reread), .council(original)): #expect(reread == original, "\(record.type)")
            case let (.awards(reread), .awards(original)): #expect(reread == original, "\(record.type)")
            case let (.account(reread), .account(original)): #expect(reread == original, "\(record.type)")
            default: Issue.record("\(record.type) read back as another kind of event")
            }
            types.insert(record.type)
        }
        #expect(types.count >= 15, "the workload should store most kinds of event: \(types.sorted())")
    }
}
