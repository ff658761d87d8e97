import Foundation
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// A time or date that does not exist is a 422 naming its field, never rolled over into another
/// day nor answered as if the nomination "did not exist yet".
@Suite(.freshDatabase, .tags(.database))
struct StrictTimeTests {
    @Test func aTimeOrDateThatDoesNotExistIsRefusedNamingItsField() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let id = try await app.submitAdHoc().id
            for asOf in ["2026-02-30T10:00:00Z", "2026-03-02T24:30:00Z", "2026-03-02T10:00:00+25:00"] {
                let reply = try await app.send(.get, "/v1/nominations/\(id)/state?as_of=\(asOf.replacingOccurrences(of: "+", with: "%2B"))",
                                               as: ["standing_office"])
                #expect(reply.status == .unprocessableContent, "\(asOf): \(reply.text)")
                #expect((reply.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "as_of", "\(asOf)")
            }
            let later = try await app.send(.get, "/v1/nominations/\(id)/state?as_of=2100-01-01T07:00:00%2B07:00",
                                           as: ["standing_office"])
            #expect(later.state == "submitted", "\(later.text)")

            try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"])
            let november31 = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                                                json: #"{"decision_number": "1/QĐ", "decision_date": "2025-11-31"}"#)
            #expect(november31.status == .unprocessableContent)
            #expect((november31.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "decision_date")
            #expect(try await app.send(.get, "/v1/nominations/\(id)", as: ["standing_office"]).state == "accepted")
        }
    }
}
