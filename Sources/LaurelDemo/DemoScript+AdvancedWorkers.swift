import Foundation
import Nominations
import Workflow

extension DemoRun {
    /// How many advanced workers of Hà Nội the demo takes in each run: the grassroots cap is 15%
    /// of them, and four grassroots fighters need 27 (4 of 26 would be 15.4%).
    static let advancedWorkerCount = 27
    /// The year of the titles the demo nominates (its calendar runs from December 2026 into January).
    static let emulationYear = 2026

    /// The Hà Nội procuracy's year before its grassroots fighters: its registration for 2026
    /// amended by the standing office (the January deadline is long past, so its own officer is
    /// refused), its people's task ratings, and its advanced workers taken in, the first of each
    /// grassroots fighter's conditions and the base of their cap. Then its officer files the
    /// registration for 2027 itself, before that year's deadline.
    ///
    /// - Parameter grassroots: the ids and names of the people the demo then nominates grassroots emulation fighters.
    mutating func advancedWorkers(grassroots: [(id: String, name: String)]) async throws {
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
        let given = ["Văn Hải", "Thị Hương", "Minh Tuấn"]
        let colleagues = (0..<(Self.advancedWorkerCount - grassroots.count)).map { index in
            (id: "cb-hn-\(String(format: "%04d", 201 + index))-\(nomineeTag)", name: "\(families[index % 9]) \(given[index / 9 % 3])")
        }
        let workers = grassroots + colleagues
        let unrated = (id: "cb-hn-0299-\(nomineeTag)", name: "Lâm Thị Yến")
        func entry(_ title: String, _ person: (id: String, name: String)) -> String {
            #"{"title": "\#(title)", "person": {"id": "\#(person.id)", "name": "\#(person.name)"}}"#
        }
        let entries = workers.map { entry("advanced_worker", $0) } + grassroots.map { entry("grassroots_emulation_fighter", $0) }
            + [entry("advanced_worker", unrated)]
        let path = "/v1/units/vksnd-hanoi/registrations/\(Self.emulationYear)"
        let late = try await send("POST", path, as: DemoScript.officerHanoi, json: #"{"add": [\#(entries.joined(separator: ", "))]}"#)
        check("registration: after the deadline the unit's own officer is refused", late.status == 403
              && late.object["type"] as? String == "urn:laurel:problem:registration_closed",
              detail: late.object["detail"] as? String ?? "HTTP \(late.status)")
        try await register("registration: the standing office amends Hà Nội's \(Self.emulationYear) registration (\(entries.count) entries), "
                           + "with a reason", path, as: DemoScript.office, json: """
            {"add": [\(entries.joined(separator: ", "))],
             "reason": "Bổ sung danh sách đăng ký thi đua năm \(Self.emulationYear) theo Công văn số 45/VKS-TĐKT của đơn vị"}
            """)

        let ratings = workers.enumerated().map { index, person in
            #"{"person_id": "\#(person.id)", "name": "\#(person.name)", "rating": "\#(index % 3 == 0 ? "excellent" : "well")"}"#
        } + [#"{"person_id": "\#(unrated.id)", "name": "\#(unrated.name)", "rating": "completed"}"#]
        _ = try await expect(200, "task ratings: Hà Nội rates \(ratings.count) people for \(Self.emulationYear)", "POST",
                             "/v1/units/vksnd-hanoi/task-ratings/\(Self.emulationYear)", as: DemoScript.officerHanoi,
                             json: #"{"ratings": [\#(ratings.joined(separator: ", "))]}"#)

        let refused = try await send("POST", "/v1/nominations", as: DemoScript.officerHanoi, json: advancedWorker(unrated))
        check("annual: an advanced worker rated only \"completed\" is refused", refused.status == 422
              && refused.object["type"] as? String == "urn:laurel:problem:task_rating_too_low",
              detail: refused.object["detail"] as? String ?? "HTTP \(refused.status)")
        report.refusals.append((title: "\(unrated.name), advanced worker", reason: refused.object["detail"] as? String ?? ""))
        let early = try await send("POST", "/v1/nominations", as: DemoScript.officerHanoi,
                                   json: fighter(staff: "cb-hn-0106", name: "Chu Văn Khánh", position: "Kiểm sát viên sơ cấp", frontLine: true))
        check("annual: a grassroots emulation fighter without an advanced worker nomination the same year is refused",
              early.status == 422 && early.object["type"] as? String == "urn:laurel:problem:same_year_title_missing",
              detail: early.object["detail"] as? String ?? "HTTP \(early.status)")

        for person in workers {
            let id = try await submit("annual: advanced worker \(person.name)", as: DemoScript.officerHanoi, advancedWorker(person))
            try await command(id, "accept", as: DemoScript.office, expect: "accepted")
        }

        let next = "/v1/units/vksnd-hanoi/registrations/\(Self.emulationYear + 1)"
        try await register("registration: Hà Nội's officer files the unit's \(Self.emulationYear + 1) registration before its deadline",
                           next, as: DemoScript.officerHanoi, json: """
            {"collective_title": "excellent_labour_collective",
             "add": [\(grassroots.map { entry("advanced_worker", $0) }.joined(separator: ", "))]}
            """)
    }

    /// Records a registration: filed (201), or amended (200) when an earlier run filed it.
    private mutating func register(_ what: String, _ path: String, as person: Person, json: String) async throws {
        let reply = try await send("POST", path, as: person, json: json)
        guard reply.status == 201 || reply.status == 200 else {
            throw DemoStepFailed(step: what, status: reply.status, body: String(decoding: reply.body, as: UTF8.self))
        }
        if let checkpoint = reply.object["checkpoint"] as? String { lastCheckpoint = checkpoint }
        narrate(what)
    }

    /// A submission of an advanced worker of Hà Nội for this year.
    func advancedWorker(_ person: (id: String, name: String)) -> String {
        """
        {"kind": "annual", "title": "advanced_worker", "year": \(Self.emulationYear),
         "nominee": {"type": "individual", "id": "\(person.id)", "name": "\(person.name)", "unit": "vksnd-hanoi",
                     "position": "Kiểm sát viên", "is_front_line": true},
         "achievement_summary": "Hoàn thành tốt nhiệm vụ năm \(Self.emulationYear).",
         "documents": [\(documents("submission", "achievement_report", "review_minutes"))]}
        """
    }
}
