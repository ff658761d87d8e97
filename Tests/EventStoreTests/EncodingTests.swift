import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct EncodingTests {
    /// The worked example of docs/event-encoding.md.
    static let documentedHash = "77aeecee16bb58626f595f53d6a08f4702029c8e31cc3d2adffff0ab152c25b5"

    @Test func theDatabaseHashesTheDocumentedExampleAsDocumented() async throws {
        try await withStore { store in
            let rows = try await store.pool.query("""
                SELECT laurel_event_hash('vksnd', 'nomination-42', 1, '0b6c0f5e-8f1c-4c53-9a47-3d1c2b7f9e10',
                    'NominationSubmitted', 1, '{"score": 95}', '{"actor_roles": ["unit_officer"], "actor_id": "officer-7"}',
                    '2026-11-29 02:55:38.123456+00', NULL)
                """)
            #expect(try rows[0].decode(0, as: String.self) == Self.documentedHash)
            // The form appends use, from the fields' texts.
            let fromTexts = try await store.pool.query("""
                SELECT laurel_event_hash_of_texts('vksnd', 'nomination-42', '1', '0b6c0f5e-8f1c-4c53-9a47-3d1c2b7f9e10',
                    'NominationSubmitted', '1', '{"score": 95}', '{"actor_id": "officer-7", "actor_roles": ["unit_officer"]}',
                    '2026-11-29T02:55:38.123456Z', NULL)
                """)
            #expect(try fromTexts[0].decode(0, as: String.self) == Self.documentedHash)
        }
    }

    @Test func theVerifierAgreesWithTheDatabaseOnStoredEvents() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            // One event alone and then a batch: appends hash them by different statements.
            try await store.append(to: stream, expected: .noStream, events: [
                event("Unicode", #"{"tên": "Nguyễn Văn A", "điểm": 9.50, "list": [1, 2.0, "x"], "nested": {"b": null, "a": true}}"#,
                      reason: "lý do: \"đặc biệt\"\n"),
            ])
            try await store.append(to: stream, expected: .exact(1), events: [
                event("Empty", "{}"),
                event("Quoted", #"{"q": "\"\\ 🏅", "n": -0.0}"#, reason: ""),
            ])
            let report = try await store.verify(stream: stream)
            #expect(report.isIntact && report.eventsChecked == 3)
        }
    }
}
