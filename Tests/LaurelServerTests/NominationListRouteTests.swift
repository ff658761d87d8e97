import Foundation
import HTTPTypes
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// Year-end lists over HTTP: a CSV upload or a JSON body, stored whole or refused with every bad
/// row named; the standing office takes rows in and returns them in one request each.
@Suite(.freshDatabase, .tags(.database))
struct NominationListRouteTests {
    static let sha = String(repeating: "ab", count: 32)
    static let csvHeader = "title,nominee_id,name,position,is_front_line,achievement_summary,"
        + "submission_sha256,achievement_report_sha256,review_minutes_sha256"
    static let names = ["Nguyễn Thị Hằng", "Trần Văn Đức", "Lê Thị Ánh Tuyết", "Phạm Quốc Việt", "Hoàng Thị Hương"]

    /// A CSV list of `count` advanced workers, as a spreadsheet program saves it: byte order
    /// mark, CRLF, quoted fields with commas.
    static func csv(_ tag: String, count: Int) -> String {
        let rows = (1...count).map { index in
            "advanced_worker,\(tag)-\(index),\(names[index % names.count]) \(index),Kiểm sát viên,true,"
                + "\"Hoàn thành tốt nhiệm vụ, không vi phạm kỷ luật\",\(sha),\(sha),\(sha)"
        }
        return "\u{FEFF}" + ([csvHeader] + rows).joined(separator: "\r\n") + "\r\n"
    }

    /// The people of list `tag` of `count`, registered for the year and rated, as an advanced worker needs.
    static func register(_ tag: String, count: Int, app: ServerFixture) async throws {
        try await app.registerAndRate((1...count).map { "\(tag)-\($0)" }, year: 2025)
    }

    static let csvHeaders: HTTPFields = [.contentType: "text/csv; charset=utf-8"]

    @Test func aCSVListOfFortyIsStoredWholeAndSendingItAgainStoresNothing() async throws {
        try await ServerFixture.run { app in
            try await Self.register("hn", count: 40, app: app)
            let path = "/v1/nomination-lists/L-2025-hn?unit=vksnd-hanoi&year=2025"
            let sent = try await app.send(.put, path, as: ["unit_officer"], json: Self.csv("hn", count: 40), headers: Self.csvHeaders)
            #expect(sent.status == .created, "\(sent.text)")
            let rows = try #require(sent.json["rows"] as? [[String: Any]])
            #expect(rows.count == 40)
            #expect(rows.allSatisfy { $0["state"] as? String == "submitted" })
            #expect(rows[1]["nominee_name"] as? String == "Lê Thị Ánh Tuyết 2")
            let id = try #require(rows[0]["nomination_id"] as? String)
            let shownNomination = try await app.send(.get, "/v1/nominations/\(id)", as: ["unit_officer"])
            let nomination = try #require(shownNomination.json["nomination"] as? [String: Any])
            #expect((nomination["nominee"] as? [String: Any])?["name"] as? String == "Trần Văn Đức 1")
            #expect(nomination["achievement_summary"] as? String == "Hoàn thành tốt nhiệm vụ, không vi phạm kỷ luật")

            let events = try await app.eventCount(streamsLike: "nomination%-L-2025-hn%")
            let again = try await app.send(.put, path, as: ["unit_officer"], json: Self.csv("hn", count: 40), headers: Self.csvHeaders)
            #expect(again.status == .created)
            #expect(again.body == sent.body, "the first answer, again")
            #expect(try await app.eventCount(streamsLike: "nomination%-L-2025-hn%") == events)

            let shown = try await app.send(.get, "/v1/nomination-lists/L-2025-hn", as: ["standing_office"])
            #expect((shown.json["rows"] as? [[String: Any]])?.count == 40)
            #expect(try await app.send(.get, "/v1/nomination-lists/L-2025-hn", as: ["standing_office"], unit: "vksnd-nghean").status
                    == .notFound)
        }
    }

    @Test func aListWithBadRowsIsRefusedWholeNamingEachRowAndField() async throws {
        try await ServerFixture.run { app in
            var lines = Self.csv("bad", count: 6).components(separatedBy: "\r\n")
            lines[2] = lines[2].replacingOccurrences(of: ",bad-2,", with: ",,")           // row 2: no nominee id
            lines[4] = lines[4].replacingOccurrences(of: ",true,", with: ",sometimes,")   // row 4: not a boolean
            let path = "/v1/nomination-lists/L-bad?unit=vksnd-hanoi&year=2025"
            let refused = try await app.send(.put, path, as: ["unit_officer"], json: lines.joined(separator: "\r\n"),
                                             headers: Self.csvHeaders)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.problemType == "urn:laurel:problem:list_rows_invalid")
            let errors = try #require(refused.json["errors"] as? [[String: Any]])
            #expect(errors.map { $0["row"] as? Int } == [2, 4])
            #expect(errors.map { $0["field"] as? String } == ["nominee.id", "nominee.is_front_line"])

            // Rows the rules refuse: a person listed twice, a sector title without the titles it needs.
            try await app.registerAndRate(["twice"], year: 2025)
            let rows = """
                [{"title": "advanced_worker", "nominee": {"type": "individual", "id": "twice", "name": "Đỗ Văn Hai",
                  "position": "Kiểm sát viên", "is_front_line": true}, "achievement_summary": "Tốt"},
                 {"title": "sector_emulation_fighter", "nominee": {"type": "individual", "id": "early", "name": "Vũ Thị Lan",
                  "position": "Kiểm sát viên", "is_front_line": false}, "achievement_summary": "Xuất sắc"},
                 {"title": "advanced_worker", "nominee": {"type": "individual", "id": "twice", "name": "Đỗ Văn Hai",
                  "position": "Kiểm sát viên", "is_front_line": true}, "achievement_summary": "Tốt"}]
                """
            let body = #"{"unit": "vksnd-hanoi", "year": 2025, "documents": [{"kind": "submission", "title": "Tờ trình", "sha256": ""#
                + Self.sha + #""}], "rows": "# + rows + "}"
            let ruled = try await app.send(.put, "/v1/nomination-lists/L-ruled", as: ["unit_officer"], json: body)
            #expect(ruled.status == .unprocessableContent, "\(ruled.text)")
            let refusals = try #require(ruled.json["errors"] as? [[String: Any]])
            #expect(refusals.map { $0["row"] as? Int } == [2, 3])
            #expect(refusals.map { $0["code"] as? String } == ["not_eligible", "already_nominated"])
            #expect(refusals.map { $0["field"] as? String } == ["title", "nominee.id"])
            #expect(try await app.send(.get, "/v1/nomination-lists/L-ruled", as: ["unit_officer"]).status == .notFound)
            #expect(try await app.send(.get, "/v1/nominations/L-ruled-1", as: ["unit_officer"]).status == .notFound, "nothing stored")

            let unknown = try await app.send(.put, path, as: ["unit_officer"],
                                             json: Self.csvHeader + ",favourite_colour\r\n", headers: Self.csvHeaders)
            #expect((unknown.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "favourite_colour", "\(unknown.text)")
            var latin1 = Data(Self.csvHeader.utf8)
            latin1.append(contentsOf: [0x0D, 0x0A, 0x4E, 0x67, 0x75, 0x79, 0xEA, 0x6E])
            let notUTF8 = try await app.send(.put, path, as: ["unit_officer"], json: String(decoding: latin1, as: UTF8.self),
                                             headers: Self.csvHeaders)
            #expect(notUTF8.status != .created)
            #expect(try await app.send(.put, path, as: ["standing_office"], json: Self.csv("x", count: 1), headers: Self.csvHeaders)
                    .status == .forbidden)
            // An officer of Nghệ An sends a list for Hà Nội: refused for the list, once.
            let foreign = try await app.send(.put, path, as: ["unit_officer"], unit: "vksnd-nghean", json: Self.csv("x", count: 3),
                                             headers: Self.csvHeaders)
            #expect(foreign.status == .forbidden, "\(foreign.text)")
            #expect(foreign.problemType == "urn:laurel:problem:unit_not_allowed")
        }
    }

    @Test func theStandingOfficeTakesRowsInAndReturnsOthersInOneRequestEach() async throws {
        try await ServerFixture.run { app in
            try await Self.register("in", count: 5, app: app)
            let path = "/v1/nomination-lists/L-intake?unit=vksnd-hanoi&year=2025"
            #expect(try await app.send(.put, path, as: ["unit_officer"], json: Self.csv("in", count: 5), headers: Self.csvHeaders)
                    .status == .created)
            let returns = #"{"rows": [{"row": 2, "reasons": ["Thiếu biên bản họp xét"]}]}"#
            #expect(try await app.send(.post, "/v1/nomination-lists/L-intake/returns", as: ["standing_office"], unit: "vksnd-nghean",
                                       json: returns).status == .notFound)
            #expect(try await app.send(.post, "/v1/nomination-lists/L-intake/returns", as: ["unit_officer"], json: returns).status
                    == .forbidden)
            let returned = try await app.send(.post, "/v1/nomination-lists/L-intake/returns", as: ["standing_office"], json: returns)
            #expect(returned.status == .ok, "\(returned.text)")
            let afterReturn = try #require(returned.json["rows"] as? [[String: Any]])
            #expect(afterReturn[1]["returned"] as? Bool == true)
            #expect(afterReturn[1]["state"] as? String == "returned")

            let takenIn = try await app.send(.post, "/v1/nomination-lists/L-intake/intake", as: ["standing_office"], json: "{}")
            #expect(takenIn.status == .ok, "\(takenIn.text)")
            let rows = try #require(takenIn.json["rows"] as? [[String: Any]])
            #expect(rows.map { $0["taken_in"] as? Bool } == [true, false, true, true, true])
            #expect(rows.compactMap { $0["state"] as? String } == ["accepted", "accepted", "accepted", "accepted"])
            let again = try await app.send(.post, "/v1/nomination-lists/L-intake/intake", as: ["standing_office"], json: #"{"rows": [1]}"#)
            #expect(again.status == .unprocessableContent, "\(again.text)")
            #expect((again.json["errors"] as? [[String: Any]])?.first?["row"] as? Int == 1)
        }
    }
}
