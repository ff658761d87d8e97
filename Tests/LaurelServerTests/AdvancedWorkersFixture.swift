import Foundation
@testable import LaurelServer
import Testing

extension ServerFixture {
    /// Makes `people` (ids) of `unit` advanced workers of `year` under way, as a grassroots
    /// emulation fighter needs and as the grassroots cap counts: registered for both titles (by
    /// the standing office with a reason, the deadline being past; years under rule set 2017.1
    /// kept no registration), rated excellent, and their advanced worker nominations submitted
    /// and taken in. Returns those nominations' ids.
    @discardableResult
    func advancedWorkers(_ people: [String], unit: String = "vksnd-hanoi", year: Int) async throws -> [String] {
        try await registerAndRate(people, unit: unit, year: year)
        var ids: [String] = []
        for id in people {
            let submitted = try await send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                           json: Self.advancedWorkerBody(id: id, unit: unit, year: year))
            #expect(submitted.status == .created, "\(submitted.text)")
            let accepted = try await send(.post, "/v1/nominations/\(submitted.id)/accept", as: ["standing_office"], unit: ServerFixture.sector)
            #expect(accepted.state == "accepted", "\(accepted.text)")
            ids.append(submitted.id)
        }
        return ids
    }

    /// Registers `people` (ids) of `unit` for advanced worker and grassroots emulation fighter of
    /// `year` (by the standing office with a reason, the deadline being past; years under rule set
    /// 2017.1 kept no registration) and rates them excellent: what their nominations need first.
    func registerAndRate(_ people: [String], unit: String = "vksnd-hanoi", year: Int) async throws {
        if year >= 2024 {
            let entries = people.flatMap { id in
                ["advanced_worker", "grassroots_emulation_fighter"].map {
                    #"{"title": "\#($0)", "person": {"id": "\#(id)", "name": "Cán bộ \#(id)"}}"#
                }
            }
            let registered = try await send(.post, "/v1/units/\(unit)/registrations/\(year)", as: ["standing_office"],
                                            unit: ServerFixture.sector, json: """
                {"add": [\(entries.joined(separator: ", "))], "reason": "Bổ sung đăng ký theo danh sách của đơn vị"}
                """)
            #expect(registered.status == .created || registered.status == .ok, "\(registered.text)")
        }
        let ratings = people.map { #"{"person_id": "\#($0)", "name": "Cán bộ \#($0)", "rating": "excellent"}"# }
        let rated = try await send(.post, "/v1/units/\(unit)/task-ratings/\(year)", as: ["unit_officer"], unit: unit,
                                   json: #"{"ratings": [\#(ratings.joined(separator: ", "))]}"#)
        #expect(rated.status == .ok, "\(rated.text)")
    }

    /// A submission of an advanced worker of `unit` for `year`, with its dossier.
    static func advancedWorkerBody(id: String, unit: String, year: Int) -> String {
        let documents = ["submission", "achievement_report", "review_minutes"]
            .map { #"{"kind": "\#($0)", "title": "\#($0)", "sha256": "\#(String(repeating: "0f", count: 32))"}"# }
        return """
            {"kind": "annual", "title": "advanced_worker", "year": \(year),
             "nominee": {"type": "individual", "id": "\(id)", "name": "Cán bộ \(id)", "unit": "\(unit)",
                         "position": "Kiểm sát viên", "is_front_line": true},
             "achievement_summary": "Hoàn thành tốt nhiệm vụ năm \(year)",
             "documents": [\(documents.joined(separator: ", "))]}
            """
    }
}

extension ServerFixture {
    /// Readies `nominee` of `unit` for a grassroots emulation fighter nomination of `year`: an
    /// advanced worker under way with six colleagues, so that the cap (15% of the advanced workers)
    /// leaves a place for each nominee readied this way.
    func readyForGrassroots(_ nominee: String, unit: String = "vksnd-hanoi", year: Int) async throws {
        try await advancedWorkers([nominee] + (1...6).map { "\(nominee)-\(year)-colleague-\($0)" }, unit: unit, year: year)
    }
}
