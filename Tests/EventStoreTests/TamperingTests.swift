import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Tampering as the superuser, with the immutability triggers disabled: `verify` must name what
/// changed. Each case has a database of its own, since `verifyAll` looks at everything.
enum TamperingTests {
    /// Appends three events to a stream, runs `tamper` as superuser without triggers, returns the reports.
    static func tamper(
        sealFirst: Bool = false, _ sql: (StreamName, [RecordedEvent]) -> [String]
    ) async throws -> (events: [RecordedEvent], stream: IntegrityReport, all: IntegrityReport, name: StreamName) {
        try await withStore { store in
            let bystander = uniqueStream(category: "council")
            try await store.append(to: bystander, expected: .noStream, events: [event(), event()])
            let stream = uniqueStream()
            try await store.append(to: stream, expected: .noStream, events: [event("A", #"{"n": 1}"#)])
            try await store.append(to: stream, expected: .exact(1), events: [event("B", #"{"n": 2}"#), event("C", #"{"n": 3}"#)])
            try await store.append(to: uniqueStream(category: "council"), expected: .noStream, events: [event()])
            let events = try await store.readStream(stream)
            if sealFirst { try await sealEverything(store) }
            #expect(try await store.verifyAll().isIntact)

            let statements = sql(stream, events)
            try await store.pool.transaction { transaction in
                try transaction.execute("SET LOCAL session_replication_role = replica")  // disables the triggers
                for statement in statements { try transaction.execute(statement) }
            }
            return (events, try await store.verify(stream: stream), try await store.verifyAll(), stream)
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct ChangedPayload {
        @Test func isReportedAsAlteredNamingTheEvent() async throws {
            let result = try await tamper { stream, events in
                ["UPDATE events SET payload = '{\"n\": 20}' WHERE event_id = '\(events[1].id)'"]
            }
            let issue = try #require(result.stream.issues.first)
            #expect(issue.kind == .altered && issue.eventID == result.events[1].id && issue.version == 2)
            #expect(result.all.issues == [issue])
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct DeletedRow {
        @Test func isReportedAsRemovedNamingTheVersion() async throws {
            let result = try await tamper { _, events in
                ["DELETE FROM events WHERE event_id = '\(events[1].id)'"]
            }
            let issue = try #require(result.stream.issues.first)
            #expect(issue.kind == .removed && issue.version == 2 && issue.stream == result.name)
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct DeletedLastRow {
        @Test func isFoundByTheSealThatCoveredIt() async throws {
            // A stream's end removed leaves its chain whole: only the seal's count and digest show it.
            let result = try await tamper(sealFirst: true) { _, events in
                ["DELETE FROM events WHERE event_id = '\(events[2].id)'"]
            }
            #expect(result.stream.isIntact)
            #expect(!result.all.issues.isEmpty)
            #expect(result.all.issues.allSatisfy { $0.kind == .sealMismatch && $0.sealNumber != nil })
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct DeletedStream {
        @Test func isFoundByTheSealThatCoveredIt() async throws {
            let result = try await tamper(sealFirst: true) { stream, _ in
                ["DELETE FROM events WHERE tenant_id = '\(stream.tenant)' AND stream = '\(stream.streamID)'"]
            }
            #expect(result.stream.isIntact)  // nothing left of it to check on its own
            #expect(!result.all.issues.isEmpty)
            #expect(result.all.issues.allSatisfy { $0.kind == .sealMismatch && $0.sealNumber != nil })
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct SwappedEvents {
        @Test func isReportedAsReorderedNamingTheEvent() async throws {
            let result = try await tamper(sealFirst: true) { _, events in
                ["UPDATE events SET stream_version = stream_version + 1000 WHERE event_id IN ('\(events[0].id)', '\(events[1].id)')",
                 "UPDATE events SET stream_version = 2 WHERE event_id = '\(events[0].id)'",
                 "UPDATE events SET stream_version = 1 WHERE event_id = '\(events[1].id)'"]
            }
            let issue = try #require(result.stream.issues.first)
            #expect(issue.kind == .reordered && issue.eventID == result.events[1].id && issue.version == 1)
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct SwappedPositions {
        @Test func inTheGlobalLogIsFoundByTheSeal() async throws {
            // Exchanging two events' positions keeps every stream's chain intact: only the seal sees it.
            let result = try await tamper(sealFirst: true) { _, events in
                ["ALTER TABLE events ALTER COLUMN position SET GENERATED BY DEFAULT",
                 "UPDATE events SET position = -position WHERE event_id IN ('\(events[0].id)', '\(events[1].id)')",
                 "UPDATE events SET position = \(events[1].position), transaction_id = '\(events[1].transactionID)' WHERE event_id = '\(events[0].id)'",
                 "UPDATE events SET position = \(events[0].position), transaction_id = '\(events[0].transactionID)' WHERE event_id = '\(events[1].id)'"]
            }
            #expect(result.stream.isIntact)
            #expect(!result.all.issues.isEmpty)
            #expect(result.all.issues.allSatisfy { $0.kind == .sealMismatch && $0.sealNumber != nil })
        }
    }

    @Suite(.freshDatabase, .tags(.database)) struct Seals {
        @Test func chainAndCoverOnlyWhatIsNew() async throws {
            try await withStore { store in
                #expect(try await store.seal() == nil)
                try await store.append(to: uniqueStream(), expected: .noStream, events: [event(), event()])
                try await waitForFence(store, after: .start, count: 2)
                let first = try #require(try await store.seal())
                #expect(first.number == 1 && first.eventCount == 2 && first.previousSealHash == nil && first.from == .start)
                #expect(try await store.seal() == nil)
                try await store.append(to: uniqueStream(), expected: .noStream, events: [event()])
                try await waitForFence(store, after: first.to, count: 1)
                let second = try #require(try await store.seal())
                #expect(second.number == 2 && second.eventCount == 1 && second.previousSealHash == first.hash && second.from == first.to)
                let report = try await store.verifyAll()
                #expect(report.isIntact && report.sealsChecked == 2 && report.eventsChecked == 3 && report.streamsChecked == 2)

                try await store.pool.transaction { transaction in
                    try transaction.execute("SET LOCAL session_replication_role = replica")
                    try transaction.execute("DELETE FROM seals WHERE seal_number = 1")
                }
                let broken = try await store.verifyAll()
                #expect(broken.issues.map(\.sealNumber) == [2] && broken.issues.first?.kind == .sealMismatch)
            }
        }
    }
}
