import Foundation
@testable import LaurelServer
import Testing

extension OpenAPIExampleTests {
    /// The cluster year examples in their order: Hà Nội recorded as cluster 1's head for 2026,
    /// its programme drawn up and its commitments signed, the registrations gathered once Lào Cai
    /// has registered, the year sent to the standing office and read with its history, and its
    /// proposals refused while members' scores are not final.
    static func sendClusterYearExamples(_ examples: OpenAPIExamples, app: ServerFixture) async throws {
        let year = ["code": "cum-1", "year": "2026"]
        let head = try await examples.send("recordClusterHead", example: "rotation_2026", parameters: year, app: app, as: ["standing_office"],
                                           unit: ServerFixture.sector)
        #expect(head.json["head"] as? String == "vksnd-hanoi", "\(head.text)")
        let programme = try await examples.send("drawUpClusterProgramme", example: "programme_2026", parameters: year, app: app,
                                                as: ["unit_officer"])
        #expect(programme.status == .ok, "\(programme.text)")
        let signed = try await examples.send("signClusterPact", example: "hanoi_commitments", parameters: year.merging(["unit": "vksnd-hanoi"]) { $1 },
                                             app: app, as: ["unit_officer"])
        #expect(signed.status == .ok, "\(signed.text)")
        let registered = try await app.send(.post, "/v1/units/vksnd-laocai/registrations/2026", as: ["standing_office"], unit: ServerFixture.sector,
                                            json: #"{"collective_title": "excellent_labour_collective", "reason": "Đơn vị gửi muộn"}"#)
        #expect(registered.status == .created, "\(registered.text)")
        let gathered = try await examples.send("gatherClusterRegistrations", example: "gather", parameters: year, app: app, as: ["unit_officer"])
        #expect(((gathered.json["registrations"] as? [String: Any])?["gathered"] as? [[String: Any]])?.contains {
            $0["unit"] as? String == "vksnd-laocai"
        } == true, "\(gathered.text)")
        let sent = try await examples.send("sendClusterYear", example: "first", parameters: year, app: app, as: ["unit_officer"])
        #expect(sent.json["sendings"] as? Int == 1, "\(sent.text)")
        let read = try await examples.send("getClusterYear", parameters: year, app: app, as: ["unit_officer"])
        #expect((read.json["history"] as? [Any])?.count == 5, "\(read.text)")
        // Only Hà Nội's score is final: the ranking proposes nothing until every member's is.
        let early = try await examples.send("proposeFromClusterRanking", example: "year_end", parameters: year, app: app, as: ["unit_officer"])
        #expect(early.status == .conflict, "\(early.text)")
        #expect((early.json["detail"] as? String)?.contains("vksnd-haiphong, vksnd-quangninh, vksnd-laocai not yet") == true, "\(early.text)")
    }
}
