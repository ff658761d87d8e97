import Foundation

extension DemoRun {
    /// The sector's movement of 2026 for the procuracy's 66th anniversary, launched by the
    /// Supreme's standing office (once: a later run finds it launched), and a thematic award for a
    /// Nghệ An prosecutor who led it, approved by the Prosecutor General and counted in the
    /// movement's statistics.
    mutating func thematicAward() async throws {
        let movement = "ky-niem-66-nam-2026"
        let launched = try await send("POST", "/v1/movements", as: DemoScript.office, json: """
            {"id": "\(movement)", "name": "Thi đua lập thành tích chào mừng kỷ niệm 66 năm thành lập ngành Kiểm sát nhân dân",
             "authority": "vksndtc", "decision": "Kế hoạch số 10/KH-VKSTC ngày 15/01/2026", "from": "2026-01-15", "to": "2026-12-31",
             "goals": ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ theo Nghị quyết của Quốc hội"],
             "criteria": ["Không để xảy ra oan, sai", "Có sáng kiến được công nhận"],
             "anniversary": "66 năm thành lập ngành Kiểm sát nhân dân (26/7/1960-26/7/2026)"}
            """)
        check("emulation: the standing office launches the sector's anniversary movement (or an earlier run did)",
              launched.status == 201 || launched.status == 409, detail: "HTTP \(launched.status)")
        narrate("emulation: movement \(movement) running from 2026-01-15 to 2026-12-31")
        let id = try await submit("emulation: a thematic certificate of merit for a Nghệ An prosecutor, naming the movement",
                                  as: DemoScript.officerNghean, """
            {"kind": "ad_hoc", "title": "certificate_of_merit", "year": 2026, "movement": "\(movement)",
             "nominee": {"type": "individual", "id": "cb-nghean-0412", "name": "Phan Văn Thắng", "unit": "vksnd-nghean",
                         "position": "Kiểm sát viên trung cấp", "is_front_line": true},
             "achievement_summary": "Dẫn đầu phong trào thi đua chào mừng 66 năm thành lập ngành: 100% án kiểm sát đúng hạn, 2 sáng kiến.",
             "documents": [\(documents("submission", "achievement_summary"))]}
            """)
        try await command(id, "accept", as: DemoScript.office, expect: "accepted")
        try await command(id, "approve", as: DemoScript.head,
                          json: #"{"decision_number": "301/QĐ-VKSTC", "decision_date": "\#(today)"}"#, expect: "approved")
        let statistics = try await send("GET", "/v1/movements/\(movement)/statistics?checkpoint=\(lastCheckpoint)",
                                        as: DemoScript.office, json: nil)
        let approved = (statistics.object["counts"] as? [[String: Any]] ?? [])
            .filter { $0["unit"] as? String == "vksnd-nghean" && $0["state"] as? String == "approved" }
            .reduce(0) { $0 + ($1["nominations"] as? Int ?? 0) }
        check("emulation: the movement's statistics count the thematic award approved for Nghệ An", approved >= 1,
              detail: "\(approved) approved in the movement for vksnd-nghean")
    }
}
