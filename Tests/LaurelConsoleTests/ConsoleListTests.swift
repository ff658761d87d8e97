import Foundation
import HTTPTypes
import NIOCore
import PostgresTestSupport
import Testing

/// The unit officer's year-end list: a CSV file read and stored by the API's own controller, all
/// rows or none, each bad row named by number, field and reason.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleListTests {
    static let sha = String(repeating: "ab", count: 32)
    static let header = "title,nominee_id,name,position,is_front_line,achievement_summary,submission_sha256,achievement_report_sha256,review_minutes_sha256"

    static func row(_ title: String, _ id: String, _ name: String) -> String {
        "\(title),\(id),\(name),Kiểm sát viên,true,\"Hoàn thành tốt nhiệm vụ, không vi phạm kỷ luật\",\(sha),\(sha),\(sha)"
    }

    /// Registers `people` of Hà Nội for advanced worker in 2025 and rates them, through the API.
    static func registerAndRate(_ fixture: ConsoleFixture, _ people: [String]) async throws {
        let office = try await fixture.services.tenants.defaultTenant.authority.issue(subject: "office", name: "Văn phòng", roles: ["standing_office"],
                                                                unit: "vksndtc", lifetime: .seconds(600))
        let officer = try await fixture.services.tenants.defaultTenant.authority.issue(subject: "officer", name: "Cán bộ", roles: ["unit_officer"],
                                                                 unit: "vksnd-hanoi", lifetime: .seconds(600))
        let entries = people.map { #"{"title": "advanced_worker", "person": {"id": "\#($0)", "name": "Cán bộ \#($0)"}}"# }
        let ratings = people.map { #"{"person_id": "\#($0)", "name": "Cán bộ \#($0)", "rating": "excellent"}"# }
        for (path, token, body) in [
            ("/v1/units/vksnd-hanoi/registrations/2025", office, #"{"add": [\#(entries.joined(separator: ","))], "reason": "Bổ sung"}"#),
            ("/v1/units/vksnd-hanoi/task-ratings/2025", officer, #"{"ratings": [\#(ratings.joined(separator: ","))]}"#),
        ] {
            let status = try await fixture.client.execute(uri: path, method: .post,
                                                          headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                          body: ByteBuffer(string: body)) { $0.status }
            #expect(status == .created || status == .ok, "\(path)")
        }
    }

    @Test func aCSVListIsStoredWholeOrRefusedNamingEachBadRow() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-l1", roles: ["unit_officer"])
            try await fixture.account("hai-l1", roles: ["unit_officer"], unit: "vksnd-haiphong")
            try await Self.registerAndRate(fixture, ["l1-1", "l1-2"])
            let officer = try await fixture.session("lan-l1")
            let form = try await fixture.send(.get, "/lists/new", cookies: officer.cookies)
            #expect(form.status == .ok && form.text.contains("enctype=\"multipart/form-data\""))

            let bad = [Self.header, Self.row("advanced_worker", "l1-1", "Nguyễn Thị Hằng"), Self.row("no_such_title", "l1-2", "Trần Văn Đức")]
            let refused = try await fixture.sendMultipart("/lists", cookies: officer.cookies,
                                                          fields: [("csrf", officer.csrf), ("list", "L-l1"), ("year", "2025")],
                                                          files: [(name: "file", filename: "danh-sach.csv", content: Data(bad.joined(separator: "\r\n").utf8))])
            #expect(refused.status == .unprocessableContent && refused.text.contains("list_rows_invalid"), "\(refused.text)")
            #expect(refused.text.contains("Dòng 2 · <code>title</code>"), "the bad row by number and field")
            #expect(try await fixture.send(.get, "/lists/L-l1", cookies: officer.cookies).status == .notFound, "nothing stored")

            let good = [Self.header, Self.row("advanced_worker", "l1-1", "Nguyễn Thị Hằng"), Self.row("advanced_worker", "l1-2", "Trần Văn Đức")]
            let sent = try await fixture.sendMultipart("/lists", cookies: officer.cookies,
                                                       fields: [("csrf", officer.csrf), ("list", "L-l1"), ("year", "2025")],
                                                       files: [(name: "file", filename: "danh-sach.csv", content: Data(good.joined(separator: "\r\n").utf8))])
            #expect(sent.status == .seeOther, "\(sent.text)")
            let list = try await fixture.send(.get, try #require(sent.location), cookies: officer.cookies)
            #expect(list.status == .ok && list.text.contains("L-l1-1") && list.text.contains("L-l1-2"), "\(list.text)")
            let stranger = try await fixture.session("hai-l1")
            #expect(try await fixture.send(.get, "/lists/L-l1", cookies: stranger.cookies).status == .notFound)
            let tokenless = try await fixture.sendMultipart("/lists", cookies: officer.cookies, fields: [("list", "L-l1b"), ("year", "2025")],
                                                            files: [(name: "file", filename: "a.csv", content: Data(good.joined(separator: "\r\n").utf8))])
            #expect(tokenless.status == .forbidden)
        }
    }
}
