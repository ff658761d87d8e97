import Foundation
@testable import LaurelServer
import Testing

extension OpenAPIExampleTests {
    /// The emulation examples in their order: a table refused for its bands and published, Hà
    /// Nội's score refused for missing evidence, self-scored, reviewed by the head of its cluster
    /// (Hải Phòng) and corrected by the standing office, and the cluster's ranking with its history.
    static func sendEmulationExamples(_ examples: OpenAPIExamples, app: ServerFixture) async throws {
        let year = ["year": "2026"]
        let office = ["standing_office"]
        let refused = try await examples.send("publishScoringTable", example: "overlapping_bands", parameters: year, app: app, as: office,
                                              unit: ServerFixture.sector)
        #expect(refused.status == .unprocessableContent, "\(refused.text)")
        #expect(refused.problemType == "urn:laurel:problem:invalid_scoring_table")
        #expect((refused.json["detail"] as? String)?.contains("tie_break[0]: 'group_total:C' names no group of the table") == true)
        #expect((refused.json["detail"] as? String)?.contains("overlap") == true, "\(refused.text)")
        let published = try await examples.send("publishScoringTable", example: "sector_2026", parameters: year, app: app, as: office,
                                                unit: ServerFixture.sector)
        #expect(published.status == .created, "\(published.text)")
        #expect(published.json["highest_total"] as? Int == 103)
        try await examples.send("getScoringTable", parameters: year, app: app, as: ["unit_officer"])

        let hanoi = ["unit": "vksnd-hanoi", "year": "2026"]
        let incomplete = try await examples.send("recordUnitScore", example: "missing_evidence", parameters: hanoi, app: app, as: ["unit_officer"])
        #expect(incomplete.status == .unprocessableContent)
        #expect((incomplete.json["detail"] as? String)?.contains("A1: points on it need evidence") == true, "\(incomplete.text)")
        #expect((incomplete.json["detail"] as? String)?.contains("B3: not scored") == true)
        let scored = try await examples.send("recordUnitScore", example: "self_score", parameters: hanoi, app: app, as: ["unit_officer"])
        #expect(scored.status == .created, "\(scored.text)")
        #expect((scored.json["totals"] as? [String: Any])?["total"] as? Double == 93.5)
        let reviewed = try await examples.send("reviewUnitScore", example: "adjusted", parameters: hanoi, app: app, as: ["unit_officer"],
                                               unit: "vksnd-haiphong")
        #expect(reviewed.json["stage"] as? String == "reviewed", "\(reviewed.text)")
        let corrected = try await examples.send("correctUnitScore", example: "discipline_found", parameters: hanoi, app: app, as: office,
                                                unit: ServerFixture.sector)
        #expect((corrected.json["totals"] as? [String: Any])?["total"] as? Double == 88.5, "\(corrected.text)")
        try await examples.send("getUnitScore", parameters: hanoi, app: app, as: ["unit_officer"])
        let ranking = try await examples.send("getRanking", parameters: year, query: "?group=cum-1", app: app, as: ["unit_officer"])
        #expect((ranking.json["entries"] as? [[String: Any]])?.map { $0["unit"] as? String } == ["vksnd-hanoi"], "\(ranking.text)")
        #expect((ranking.json["pending"] as? [[String: Any]])?.count == 3)
        #expect((ranking.json["history"] as? [[String: Any]])?.map { $0["event"] as? String }
                == ["scoring_table.published", "unit_score.self_scored", "unit_score.reviewed", "unit_score.corrected"])
    }
}
