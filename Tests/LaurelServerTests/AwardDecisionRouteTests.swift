import Foundation
import HTTPTypes
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// A numbered award decision over HTTP: it approves every nomination it lists, takes the next
/// number of its authority's register, and is printed, certified and listed as CSV.
@Suite(.freshDatabase, .tags(.database))
struct AwardDecisionRouteTests {
    /// List `tag` of `count` Hà Nội advanced workers, taken in and recommended by one ballot.
    static func reviewed(_ tag: String, count: Int, app: ServerFixture, names: [String]? = nil) async throws -> [String] {
        try await NominationListRouteTests.register(tag, count: count, app: app)
        var csv = NominationListRouteTests.csv(tag, count: count)
        if let names {
            for (index, name) in names.enumerated() {
                csv = csv.replacingOccurrences(of: ",\(tag)-\(index + 1),\(NominationListRouteTests.names[(index + 1) % 5]) \(index + 1),",
                                               with: ",\(tag)-\(index + 1),\"\(name)\",")
            }
        }
        let sent = try await app.send(.put, "/v1/nomination-lists/\(tag)?unit=vksnd-hanoi&year=2025", as: ["unit_officer"], json: csv,
                                      headers: NominationListRouteTests.csvHeaders)
        #expect(sent.status == .created, "\(sent.text)")
        #expect(try await app.send(.post, "/v1/nomination-lists/\(tag)/intake", as: ["standing_office"], json: "{}").status == .ok)
        let present = ServerFixture.jsonList(ServerFixture.hanoiCouncil)
        let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], json: """
            {"session_id": "S-\(tag)", "council": "vksnd-hanoi", "date": "2026-03-02", "present": \(present)}
            """)
        #expect(convened.status == .created, "\(convened.text)")
        let ids = (1...count).map { "\(tag)-\($0)" }
        for id in ids {
            let scheduled = try await app.send(.post, "/v1/nominations/\(id)/schedule-for-council", as: ["council_secretary"],
                                               json: #"{"session_id": "S-\#(tag)"}"#)
            #expect(scheduled.state == "scheduled", "\(scheduled.text)")
        }
        let results = ids.map { #"{"nomination_id": "\#($0)", "in_favour": 8, "against": 1, "abstaining": 0}"# }
        let ballot = try await app.send(.post, "/v1/council-sessions/S-\(tag)/ballot", as: ["council_secretary"],
                                        json: #"{"results": ["# + results.joined(separator: ",") + "]}")
        #expect(ballot.status == .ok, "\(ballot.text)")
        return ids
    }

    static func decision(_ ids: [String], authority: String = "vksnd-hanoi") -> String {
        """
        {"authority": "\(authority)", "date": "2026-03-02", "symbol": "QĐ-VKSHN", "place": "Hà Nội",
         "subject": "Về việc công nhận danh hiệu Lao động tiên tiến năm 2025",
         "signed_by": "Nguyễn Quang Dũng", "signer_position": "Viện trưởng",
         "legal_bases": ["Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng"],
         "nominations": \(ServerFixture.jsonList(ids))}
        """
    }

    @Test func aDecisionApprovesItsWholeListAndIsPrinted() async throws {
        try await ServerFixture.run { app in
            let ids = try await Self.reviewed("DQ", count: 6, app: app, names: ["Đặng Thị <b>Ngọc</b> Ánh"])
            let refused = try await app.send(.post, "/v1/award-decisions", as: ["head_of_agency"],
                                             json: Self.decision(ids + ["DQ-nowhere"]))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect((refused.json["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [7])
            #expect(try await app.send(.post, "/v1/award-decisions", as: ["head_of_agency"], unit: "vksnd-nghean",
                                       json: Self.decision(ids)).status == .unprocessableContent)
            #expect(try await app.send(.post, "/v1/award-decisions", as: ["unit_officer"], json: Self.decision(ids)).status == .forbidden)

            let issued = try await app.send(.post, "/v1/award-decisions", as: ["head_of_agency"], json: Self.decision(ids))
            #expect(issued.status == .created, "\(issued.text)")
            #expect(issued.json["number"] as? String == "1/QĐ-VKSHN", "the register's first number: nothing was taken by the refusals")
            let id = try #require(issued.json["id"] as? String)
            #expect((issued.json["awardees"] as? [Any])?.count == 6)
            let approved = try await app.send(.get, "/v1/nominations/DQ-3", as: ["unit_officer"])
            #expect(approved.nomination["state"] as? String == "approved")

            let document = try await app.send(.get, "/v1/award-decisions/\(id)/document", as: ["unit_officer"])
            #expect(document.status == .ok)
            #expect(document.headers[.contentType] == "text/html; charset=utf-8")
            let page = document.text
            for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 1/QĐ-VKSHN",
                             "Hà Nội, ngày 02 tháng 3 năm 2026", "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                             "Căn cứ Luật số 06/2022/QH15;", "Điều 1.", "“Lao động tiên tiến” năm 2025 cho 6 cá nhân",
                             "Nơi nhận:", "Nguyễn Quang Dũng", "DANH SÁCH", "Đặng Thị &lt;b&gt;Ngọc&lt;/b&gt; Ánh"] {
                #expect(page.contains(expected), "\(expected)")
            }
            #expect(!page.contains("<b>Ngọc</b>"), "names are escaped")
            let certificates = try await app.send(.get, "/v1/award-decisions/\(id)/certificates", as: ["head_of_agency"])
            #expect(certificates.text.components(separatedBy: "<section class=\"certificate\">").count - 1 == 6)
            #expect(certificates.text.contains("Lao động tiên tiến năm 2025"))
            let csv = try await app.send(.get, "/v1/award-decisions/\(id)/awardees.csv", as: ["standing_office"])
            #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]), "a byte order mark for spreadsheet programs")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 7)
            #expect(lines[1].contains("\"Đặng Thị <b>Ngọc</b> Ánh\"") == false)
            #expect(try await app.send(.get, "/v1/award-decisions/\(id)", as: ["standing_office"], unit: "vksnd-nghean").status
                    == .notFound)

            let second = try await app.send(.post, "/v1/award-decisions", as: ["head_of_agency"], json: """
                {"authority": "vksnd-hanoi", "date": "2026-03-02", "symbol": "QĐ-VKSHN", "subject": "Về việc đính chính Quyết định số 1/QĐ-VKSHN",
                 "signed_by": "Nguyễn Quang Dũng", "signer_position": "Viện trưởng", "corrects": "\(id)",
                 "correction": "Sửa tên: Đặng Thị Ngọc Ánh"}
                """)
            #expect(second.status == .created, "\(second.text)")
            #expect(second.json["number"] as? String == "2/QĐ-VKSHN")
            let corrected = try await app.send(.get, "/v1/award-decisions/\(id)", as: ["standing_office"])
            #expect(corrected.json["corrected_by"] as? String == second.json["id"] as? String)
        }
    }
}
