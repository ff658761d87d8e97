import Foundation

extension DemoScript {
    static let officerThanhhoa = Person(id: "cb-thanhhoa-tdkt", name: "Lê Văn Minh", role: "unit_officer", unit: "vksnd-thanhhoa")
    static let officerHue = Person(id: "cb-hue-tdkt", name: "Tôn Nữ Thu Hà", role: "unit_officer", unit: "vksnd-hue")
}

extension DemoRun {
    /// Cluster 2's emulation year (Thanh Hóa, Nghệ An, Huế; Nghệ An heads it): the programme and
    /// the pact, the members' registrations gathered and sent, the sector's scoring table, each
    /// member's self-score reviewed, a correction with its reason that moves Huế below Thanh Hóa,
    /// the ranking, and the proposals it makes for the emulation flag and a certificate of merit,
    /// each a nomination linked to its place. Once: a later run finds the year's proposals made
    /// and shows them.
    mutating func clusterYear() async throws {
        let year = DemoRun.emulationYear
        let path = "/v1/clusters/cum-2/years/\(year)"
        let head = DemoScript.officerNghean
        let members = [DemoScript.officerThanhhoa, DemoScript.officerNghean, DemoScript.officerHue]
        let before = try await expect(200, "cluster year: cluster 2's year \(year) read by its head unit", "GET", path, as: head, json: nil)
        if before.object["proposals"] == nil {
            try await organise(path, before: before.object, head: head, members: members)
            try await score(year, head: head)
            try await expect(201, "cluster year: Nghệ An proposes the units the final ranking names", "POST", path + "/proposals", as: head,
                             json: "{}")
        }
        let after = try await send("GET", path, as: head, json: nil).object
        let rows = (after["proposals"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
        let proposed = rows.map { "\($0["unit"] ?? "?"):\($0["title"] ?? "?")" }
        check("cluster year: the ranking proposes Nghệ An for the flag and Thanh Hóa for a certificate of merit",
              proposed == ["vksnd-nghean:sector_emulation_flag", "vksnd-thanhhoa:certificate_of_merit"],
              detail: proposed.joined(separator: ", "))
        for row in rows {
            narrate("cluster year: \(row["rank"] ?? "?"). \(row["unit_name"] ?? row["unit"] ?? "?") \(row["total"] ?? "?") điểm → "
                    + "\(row["title"] ?? "?") (nomination \(row["nomination_id"] ?? "?"))")
        }
        let flagID = rows.first?["nomination_id"] as? String ?? "?"
        let flag = try await send("GET", "/v1/nominations/\(flagID)", as: DemoScript.office, json: nil).object["nomination"] as? [String: Any] ?? [:]
        let link = flag["ranking"] as? [String: Any]
        check("cluster year: the flag's nomination is Nghệ An's, linked to its first place in cluster 2's ranking",
              (flag["nominee"] as? [String: Any])?["id"] as? String == "vksnd-nghean" && link?["rank"] as? Int == 1
                && link?["group"] as? String == "cum-2",
              detail: "\(flagID): \(flag["state"] ?? "?"), ranking \(link ?? [:])")
        let ranking = try await send("GET", "/v1/rankings/\(year)?group=cum-2", as: DemoScript.office, json: nil).object
        let corrected = (ranking["history"] as? [[String: Any]] ?? []).contains { $0["event"] as? String == "unit_score.corrected" }
        check("cluster year: the ranking's history keeps the correction with its reason", corrected,
              detail: "version \(ranking["version"] ?? "?"), \((ranking["history"] as? [Any])?.count ?? 0) changes")
    }

    /// The head unit's programme, each member's signature, the registrations gathered and the
    /// year sent, each step only where an earlier run did not take it.
    private mutating func organise(_ path: String, before: [String: Any], head: Person, members: [Person]) async throws {
        if before["programme"] == nil {
            try await expect(200, "cluster year: Nghệ An, head of cluster 2, draws up the year's programme", "PUT", path + "/programme",
                             as: head, json: """
                {"items": ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo giữa các đơn vị trong Cụm", "Tổng kết, chấm điểm, xếp hạng cuối năm"],
                 "text": "Chương trình công tác năm \(DemoRun.emulationYear) của Cụm thi đua số 2"}
                """)
        }
        let signed = Set((before["pact"] as? [[String: Any]] ?? []).filter { $0["signed"] as? Bool == true }.compactMap { $0["unit"] as? String })
        for member in members where !signed.contains(member.unit) {
            try await expect(200, "cluster year: \(member.name) signs \(member.unit)'s commitments in the pact", "POST",
                             path + "/pact/\(member.unit)", as: member, json: """
                {"commitments": ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ theo Nghị quyết của Quốc hội"],
                 "targets": ["Giải quyết 100% tin báo, tố giác tội phạm đúng thời hạn"]}
                """)
        }
        if before["registrations"] == nil {
            // Nghệ An's registration, filed late: the January deadline is past, so the standing office records it with a reason.
            let registration = try await send("POST", "/v1/units/vksnd-nghean/registrations/\(DemoRun.emulationYear)", as: DemoScript.office,
                                              json: #"{"collective_title": "excellent_labour_collective", "reason": "Đơn vị gửi đăng ký muộn"}"#)
            check("cluster year: Nghệ An's registration is recorded (or an earlier run did)", [200, 201, 422].contains(registration.status),
                  detail: "HTTP \(registration.status)")
            try await expect(200, "cluster year: Nghệ An gathers the members' registrations", "POST", path + "/registrations", as: head,
                             json: "{}")
        }
        if before["sent_on"] == nil {
            try await expect(200, "cluster year: Nghệ An sends the programme, the pact and the registrations to the standing office",
                             "POST", path + "/send", as: head, json: "{}")
        }
    }

    /// The sector's table (published once), each member's self-score reviewed by the head unit (its
    /// own by the standing office), and the standing office's correction of Huế's.
    private mutating func score(_ year: Int, head: Person) async throws {
        let table = "/v1/scoring-tables/\(year)"
        if try await send("GET", table, as: DemoScript.office, json: nil).status == 404 {
            try await expect(201, "scoring: the standing office publishes the sector's scoring table for \(year)", "POST", table,
                             as: DemoScript.office, json: Self.scoringTable)
        }
        // Nghệ An 101, Huế 93, Thanh Hóa 92.
        let sheets: [(DemoScript.Person, [Int], Int?)] = [
            (DemoScript.officerNghean, [39, 20, 15, 10, 15], 2), (DemoScript.officerHue, [37, 18, 14, 10, 14], nil),
            (DemoScript.officerThanhhoa, [36, 18, 14, 10, 14], nil),
        ]
        for (officer, points, bonus) in sheets {
            let score = "/v1/units/\(officer.unit)/scores/\(year)"
            let scored = try await send("POST", score, as: officer, json: Self.sheet(points, bonus: bonus))
            if scored.status == 409 { continue }  // reviewed in an earlier run
            guard scored.status == 201 || scored.status == 200 else {
                throw DemoStepFailed(step: "self-score of \(officer.unit)", status: scored.status, body: String(decoding: scored.body, as: UTF8.self))
            }
            narrate("scoring: \(officer.name) scores \(officer.unit) on the table, with its evidence")
            let reviewer = officer.unit == head.unit ? DemoScript.office : head
            try await expect(200, "scoring: \(reviewer.unit) reviews \(officer.unit)'s score", "POST", score + "/review", as: reviewer, json: "{}")
        }
        let correction = try await send("POST", "/v1/units/vksnd-hue/scores/\(year)/corrections", as: DemoScript.office, json: """
            {"adjustments": [{"item": "TR1", "points": 2, "evidence": [{"text": "Quyết định kỷ luật số 7/QĐ-VKS ngày 20/11/\(year)"}]}],
             "reason": "Kiểm tra phát hiện một công chức bị kỷ luật khiển trách trong năm"}
            """)
        check("scoring: the standing office corrects Huế's score with its reason (or an earlier run did)",
              correction.status == 200 || correction.status == 422, detail: "HTTP \(correction.status)")
    }

    /// Lines for A1, A2, B1, B2, B3 of the demo's table, and the bonus when given.
    private static func sheet(_ points: [Int], bonus: Int?) -> String {
        var lines = zip(["A1", "A2", "B1", "B2", "B3"], points).map { item, value in
            item == "A1" ? #"{"item": "A1", "points": \#(value), "evidence": [{"text": "Báo cáo thống kê nghiệp vụ năm \#(DemoRun.emulationYear)"}]}"#
                : #"{"item": "\#(item)", "points": \#(value)}"#
        }
        if let bonus {
            lines.append(#"{"item": "TH1", "points": \#(bonus), "evidence": [{"text": "Quyết định công nhận sáng kiến số 5/QĐ-VKSTC"}]}"#)
        }
        return #"{"lines": [\#(lines.joined(separator: ", "))]}"#
    }

    private static let scoringTable = """
        {"source": "Quyết định số 25/QĐ-VKSTC ngày 05/02/\(DemoRun.emulationYear) ban hành Bảng tiêu chí chấm điểm, xếp loại thi đua",
         "groups": [
           {"code": "A", "name": "Thực hiện công tác chuyên môn, nghiệp vụ", "criteria": [
             {"code": "A1", "name": "Chỉ tiêu nghiệp vụ theo Nghị quyết của Quốc hội", "max_points": 40, "evidence": "Báo cáo thống kê nghiệp vụ"},
             {"code": "A2", "name": "Chất lượng kháng nghị, kiến nghị", "max_points": 20}]},
           {"code": "B", "name": "Xây dựng ngành, xây dựng đơn vị", "criteria": [
             {"code": "B1", "name": "Công tác tổ chức cán bộ", "max_points": 15},
             {"code": "B2", "name": "Công tác thi đua, khen thưởng", "max_points": 10},
             {"code": "B3", "name": "Chế độ thông tin, báo cáo", "max_points": 15}]}],
         "bonuses": [{"code": "TH1", "name": "Sáng kiến được công nhận cấp ngành", "max_points": 3, "evidence": "Quyết định công nhận sáng kiến"}],
         "penalties": [{"code": "TR1", "name": "Cán bộ bị xử lý kỷ luật", "max_points": 5, "evidence": "Quyết định kỷ luật"}],
         "bands": [{"code": "xuat_sac", "name": "Xuất sắc", "minimum": 95}, {"code": "tot", "name": "Tốt", "minimum": 80, "below": 95},
                   {"code": "kha", "name": "Khá", "minimum": 65, "below": 80}, {"code": "chua_dat", "name": "Chưa đạt", "minimum": 0, "below": 65}],
         "tie_break": ["group_total:A", "fewer_penalty_points", "earlier_submission"],
         "proposals": [{"title": "sector_emulation_flag", "places": 1, "bands": ["xuat_sac"]},
                       {"title": "certificate_of_merit", "places": 1, "bands": ["xuat_sac", "tot"]}]}
        """
}
