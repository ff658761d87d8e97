import Foundation
import Nominations
import Workflow

extension DemoRun {
    /// How many advanced workers of Hà Nội the demo's year-end list names each run: the
    /// grassroots cap is 15% of them, and four grassroots fighters need at least 27.
    static let advancedWorkerCount = 40
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

        // The year-end list: every advanced worker in one request, taken in in one command.
        let listID = "DS-\(Self.emulationYear)-vksnd-hanoi-\(nomineeTag)"
        let rows = workers.map { person in
            #"{"title": "advanced_worker", "nominee": {"type": "individual", "id": "\#(person.id)", "name": "\#(person.name)", "#
                + #""position": "Kiểm sát viên", "is_front_line": true}, "achievement_summary": "Hoàn thành tốt nhiệm vụ năm \#(Self.emulationYear)."}"#
        }
        let sent = try await expect(201, "year-end: Hà Nội sends its list of \(workers.count) advanced workers in one request",
                                    "PUT", "/v1/nomination-lists/\(listID)", as: DemoScript.officerHanoi, json: """
            {"unit": "vksnd-hanoi", "year": \(Self.emulationYear),
             "documents": [\(documents("submission", "achievement_report", "review_minutes"))],
             "rows": [\(rows.joined(separator: ",\n"))]}
            """)
        yearEndList = (sent.object["rows"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String }
        let takenIn = try await expect(200, "year-end: the standing office takes the whole list in, in one command", "POST",
                                       "/v1/nomination-lists/\(listID)/intake", as: DemoScript.office, json: "{}")
        let accepted = (takenIn.object["rows"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "accepted" }.count
        check("year-end: a list of \(workers.count) stored whole and taken in", yearEndList.count == workers.count && accepted == workers.count,
              detail: "\(yearEndList.count) rows stored, \(accepted) taken in")

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

    /// The year-end list's advanced workers go before the Hà Nội council in one session, are voted
    /// in one ballot, and are awarded by one numbered decision of the head of Hà Nội, then printed.
    mutating func yearEndDecision() async throws {
        let session = try await convene("vksnd-hanoi", absent: 0, recusal: nil)
        _ = try await expect(200, "year-end: the secretary puts all \(yearEndList.count) on the agenda of session \(session.id) in one command",
                             "POST", "/v1/council-sessions/\(session.id)/agenda", as: DemoScript.secretary,
                             json: #"{"nominations": [\#(yearEndList.map { "\"\($0)\"" }.joined(separator: ", "))]}"#)
        let results = yearEndList.map {
            #"{"nomination_id": "\#($0)", "in_favour": \#(session.present - 1), "against": 1, "abstaining": 0}"#
        }
        let ballot = try await expect(200, "year-end: the secretary records the session's ballot on all \(yearEndList.count) in one command",
                                      "POST", "/v1/council-sessions/\(session.id)/ballot", as: DemoScript.secretary,
                                      json: #"{"results": [\#(results.joined(separator: ", "))]}"#)
        let recommended = (ballot.object["results"] as? [[String: Any]] ?? []).filter { $0["recommended"] as? Bool == true }.count
        let decided = try await expect(201, "year-end: the head of Hà Nội awards all of them by one numbered decision", "POST",
                                       "/v1/award-decisions", as: DemoScript.headHanoi, json: """
            {"authority": "vksnd-hanoi", "date": "\(today)", "symbol": "QĐ-VKSHN", "place": "Hà Nội",
             "subject": "Về việc công nhận danh hiệu Lao động tiên tiến năm \(Self.emulationYear)",
             "signed_by": "\(DemoScript.headHanoi.name)", "signer_position": "Viện trưởng",
             "legal_bases": ["Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân thành phố Hà Nội"],
             "recipients": ["Như Điều 3", "Viện kiểm sát nhân dân tối cao (Văn phòng)", "Lưu: VT, Phòng Tổ chức cán bộ"],
             "nominations": [\(yearEndList.map { "\"\($0)\"" }.joined(separator: ", "))]}
            """)
        let number = decided.object["number"] as? String ?? ""
        let awardees = (decided.object["awardees"] as? [Any])?.count ?? 0
        check("year-end: one ballot recommends all \(yearEndList.count), one decision (\(number)) awards them",
              recommended == yearEndList.count && awardees == yearEndList.count && number.hasSuffix("/QĐ-VKSHN"),
              detail: "\(recommended) recommended, \(awardees) awarded by decision \(number)")
        if let links = decided.object["links"] as? [String: String] {
            report.printables = ["document", "certificates", "awardees_csv"].compactMap { key in
                links[key].map { (label: ["document": "the decision \(number), to print",
                                          "certificates": "its \(awardees) certificates",
                                          "awardees_csv": "its list as CSV"][key] ?? key, path: $0) }
            }
            report.printables.append((label: "the session's minutes and ballot count", path: "/v1/council-sessions/\(session.id)/minutes"))
        }
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
