import Foundation
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// Eligibility reads the nominee's awards from the log, as they stand when the submission is
/// decided: a title revoked a moment ago no longer counts, whatever a read model shows yet.
@Suite(.freshDatabase, .tags(.database))
struct EligibilityFromTheLogTests {
    /// Takes a grassroots emulation fighter title for `year` through intake, the council and approval.
    static func approveGrassrootsTitle(_ app: ServerFixture, nominee: String, year: Int, session: String) async throws -> (id: String, checkpoint: String) {
        try await app.readyForGrassroots(nominee, year: year)
        let body = CouncilRouteTests.grassrootsFighter(id: nominee, name: "Đỗ Thị Hạnh", unit: "vksnd-hanoi")
            .replacingOccurrences(of: "\"year\": 2025,", with: "\"year\": \(year),")
        let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: body)
        #expect(submitted.status == .created, "\(submitted.text)")
        let id = submitted.id
        #expect(try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"]).state == "accepted")
        let scheduled = try await app.send(.post, "/v1/nominations/\(id)/schedule-for-council", as: ["council_secretary"],
                                           json: #"{"session_id": "\#(session)"}"#)
        #expect(scheduled.state == "scheduled", "\(scheduled.text)")
        let tallied = try await app.send(.post, "/v1/nominations/\(id)/record-council-result", as: ["council_secretary"],
                                         json: #"{"session_id": "\#(session)", "in_favour": 6, "against": 0, "abstaining": 0}"#)
        #expect(tallied.state == "council_reviewed", "\(tallied.text)")
        let approved = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"],
                                          json: #"{"decision_number": "\#(year)/QĐ-VKSTC", "decision_date": "2026-03-02"}"#)
        #expect(approved.state == "approved", "\(approved.text)")
        return (id, approved.json["checkpoint"] as? String ?? "")
    }

    static func sectorFighter(nominee: String, year: Int) -> String {
        CouncilRouteTests.grassrootsFighter(id: nominee, name: "Đỗ Thị Hạnh", unit: "vksnd-hanoi")
            .replacingOccurrences(of: "grassroots_emulation_fighter", with: "sector_emulation_fighter")
            .replacingOccurrences(of: "\"year\": 2025,", with: "\"year\": \(year),")
            .replacingOccurrences(of: #""scope": "grassroots""#, with: #""scope": "sector""#)
    }

    @Test func aTitleRevokedAMomentAgoNoLongerCountsTowardEligibility() async throws {
        try await ServerFixture.run { app in
            let present = ServerFixture.jsonList(ServerFixture.hanoiCouncil.prefix(7))
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], json: """
                {"session_id": "S-eligibility", "council": "vksnd-hanoi", "date": "2026-03-02", "present": \(present)}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            let nominee = "staff-eligibility"
            var titles: [Int: String] = [:]
            var checkpoint = ""
            for year in 2023...2025 {
                (titles[year], checkpoint) = try await Self.approveGrassrootsTitle(app, nominee: nominee, year: year,
                                                                                 session: "S-eligibility")
            }
            // The awards registry shows all three: a read model that has caught up agrees with the log.
            let registry = try await app.send(.get, "/v1/awards?nominee_id=\(nominee)&checkpoint=\(checkpoint)", as: ["auditor"])
            #expect((registry.json["items"] as? [Any])?.count == 3, "\(registry.text)")
            // Three consecutive titles: eligible.
            let eligible = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                              json: Self.sectorFighter(nominee: nominee, year: 2025))
            #expect(eligible.status == .created, "\(eligible.text)")

            let revoked = try await app.send(.post, "/v1/nominations/\(try #require(titles[2024]))/revoke", as: ["head_of_agency"],
                                             json: #"{"ground": "standard_not_met", "legal_basis": "Điều 93 Luật Thi đua, khen thưởng", "decision_number": "99/QĐ-VKSTC"}"#)
            #expect(revoked.status == .ok, "\(revoked.text)")
            // At once, with no wait for any read model: 2024 is no longer held.
            let refused = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                             json: Self.sectorFighter(nominee: nominee, year: 2026))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.problemType.hasSuffix("not_eligible"), "\(refused.text)")
        }
    }
}
