import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// Emulation movements and the units' responses over HTTP: who may launch, amend, close and
/// respond, what each reads, the problem documents of bad bodies, and another tenant that finds
/// none of it. The server's today is 2026-03-02.
/// Serialized: its tests would otherwise hold their connections at once, beside every other suite's.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct MovementRouteTests {
    static func movement(id: String, authority: String = ServerFixture.sector, from: String = "2026-01-15", to: String = "2026-07-26",
                         criteria: String = #"["Đạt và vượt chỉ tiêu nghiệp vụ"]"#) -> String {
        """
        {"id": "\(id)", "name": "Thi đua lập thành tích chào mừng kỷ niệm 66 năm thành lập ngành KSND", "authority": "\(authority)",
         "decision": "Kế hoạch số 10/KH-VKSTC ngày 15/01/2026", "from": "\(from)", "to": "\(to)",
         "goals": ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ"], "criteria": \(criteria),
         "anniversary": "66 năm thành lập ngành KSND (26/7/1960-26/7/2026)"}
        """
    }

    static let plan = #"{"targets": ["Giải quyết 100% tin báo tố giác tội phạm", "Có ít nhất 01 sáng kiến cấp ngành"]}"#

    @Test func launchedReadAndRespondedToByWhoMay() async throws {
        try await ServerFixture.run { app in
            let office = ["standing_office"]
            let officer = try await app.send(.post, "/v1/movements", as: ["unit_officer"], json: Self.movement(id: "ky-niem-66"))
            #expect(officer.status == .forbidden)
            #expect(officer.problemType == "urn:laurel:problem:role_not_allowed")
            let provincial = try await app.send(.post, "/v1/movements", as: office, json: Self.movement(id: "ky-niem-66"))
            #expect(provincial.status == .forbidden)
            #expect(provincial.problemType == "urn:laurel:problem:unit_not_allowed", "\(provincial.text)")
            #expect(try await app.send(.get, "/v1/movements/ky-niem-66", as: ["unit_officer"]).status == .notFound, "nothing refused was stored")

            let launched = try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector, json: Self.movement(id: "ky-niem-66"))
            #expect(launched.status == .created, "\(launched.text)")
            #expect(launched.headers[.location] == "/v1/movements/ky-niem-66")
            #expect(launched.json["stage"] as? String == "running")
            #expect(launched.json["launched_on"] as? String == "2026-03-02")
            let checkpoint = try #require(launched.json["checkpoint"] as? String)
            #expect(Int(checkpoint) == nil && !checkpoint.contains(":"), "a sealed token, not a log position: \(checkpoint)")
            let again = try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector, json: Self.movement(id: "ky-niem-66"))
            #expect(again.status == .conflict)
            #expect(again.problemType == "urn:laurel:problem:already_exists")
            // A provincial procuracy's standing office launches its own movement; without an id the server makes one.
            let own = try await app.send(.post, "/v1/movements", as: office,
                                         json: Self.movement(id: "x", authority: "vksnd-hanoi").replacingOccurrences(of: #""id": "x", "#, with: ""))
            #expect(own.status == .created, "\(own.text)")
            #expect((own.json["id"] as? String)?.hasPrefix("M-") == true)

            let listed = try await app.send(.get, "/v1/movements?year=2026", as: ["unit_officer"], unit: "vksnd-danang")
            // The suite's tests share a database: other movements of 2026 may be listed too, launched before or after.
            let ids = (listed.json["movements"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let first = try #require(ids.firstIndex(of: "ky-niem-66"), "\(listed.text)")
            #expect(ids.firstIndex(of: own.json["id"] as? String ?? "") == first + 1, "in the order launched: \(ids)")
            #expect((try await app.send(.get, "/v1/movements?year=2024", as: ["unit_officer"]).json["movements"] as? [Any])?.isEmpty == true)
            let yearless = try await app.send(.get, "/v1/movements", as: ["unit_officer"])
            #expect(yearless.status == .unprocessableContent)
            #expect(yearless.problemType == "urn:laurel:problem:validation_failed")

            let read = try await app.send(.get, "/v1/movements/ky-niem-66", as: ["unit_officer"], unit: "vksnd-danang")
            #expect(read.status == .ok)
            #expect(read.json["goals"] as? [String] == ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ"])
            #expect(read.json["checkpoint"] == nil)
            #expect(read.headers[.eTag] == "\"1\"")

            let response = "/v1/movements/ky-niem-66/responses/vksnd-hanoi"
            let before = try await app.send(.get, response, as: ["unit_officer"])
            #expect(before.json["responded"] as? Bool == false)
            #expect(before.json["version"] as? Int == 0)
            let intruder = try await app.send(.post, response, as: ["unit_officer"], unit: "vksnd-danang", json: Self.plan)
            #expect(intruder.status == .forbidden)
            #expect(intruder.problemType == "urn:laurel:problem:unit_not_allowed")
            let byOffice = try await app.send(.post, response, as: office, unit: ServerFixture.sector, json: Self.plan)
            #expect(byOffice.problemType == "urn:laurel:problem:role_not_allowed")
            let recorded = try await app.send(.post, response, as: ["unit_officer"], json: Self.plan)
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect(recorded.headers[.location] == response)
            #expect(recorded.json["targets"] as? [String] == ["Giải quyết 100% tin báo tố giác tội phạm", "Có ít nhất 01 sáng kiến cấp ngành"])
            let signed = #"{"targets": ["Giải quyết 100% tin báo tố giác tội phạm"], "document_sha256": "\#(String(repeating: "ab", count: 32))"}"#
            let amended = try await app.send(.post, response, as: ["unit_officer"], json: signed)
            #expect(amended.status == .ok, "\(amended.text)")
            #expect(amended.json["amendments"] as? Int == 1)
            #expect(amended.json["document_sha256"] as? String == String(repeating: "ab", count: 32))
            // Reads: whoever covers the unit; no one else, as if it did not exist.
            #expect(try await app.send(.get, response, as: ["auditor"], unit: ServerFixture.sector).json["version"] as? Int == 2)
            #expect(try await app.send(.get, response, as: ["unit_officer"], unit: "vksnd-danang").status == .notFound)
            #expect(try await app.send(.get, "/v1/movements/no-such/responses/vksnd-hanoi", as: ["unit_officer"]).status == .notFound)

            // Closed early with a reason only; then it takes no more responses nor amendments.
            let close = "/v1/movements/ky-niem-66/close"
            let reasonless = try await app.send(.post, close, as: office, unit: ServerFixture.sector, json: "{}")
            #expect(reasonless.status == .unprocessableContent)
            #expect(reasonless.problemType == "urn:laurel:problem:invalid_command")
            let closed = try await app.send(.post, close, as: office, unit: ServerFixture.sector, json: #"{"reason": "Kết thúc sớm"}"#)
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(closed.json["stage"] as? String == "closed")
            #expect(closed.json["close_reason"] as? String == "Kết thúc sớm")
            let late = try await app.send(.post, response, as: ["unit_officer"], json: Self.plan)
            #expect(late.status == .conflict)
            #expect(late.problemType == "urn:laurel:problem:transition_not_allowed")
            let amend = try await app.send(.post, "/v1/movements/ky-niem-66/amend", as: office, unit: ServerFixture.sector, json: """
                {"name": "Thi đua chào mừng 66 năm", "decision": "Kế hoạch số 10/KH-VKSTC", "from": "2026-01-15", "to": "2026-09-02",
                 "goals": ["Hoàn thành chỉ tiêu"], "criteria": ["Đạt chỉ tiêu"], "reason": "Kéo dài"}
                """)
            #expect(amend.status == .conflict, "\(amend.text)")
            #expect(amend.problemType == "urn:laurel:problem:transition_not_allowed")
        }
    }

    @Test func aMovementPastItsEndTakesNoResponse() async throws {
        try await ServerFixture.run { app in
            // The plan's movement of 2020, recorded afterwards: it ended on 26/7/2020.
            let launched = try await app.send(.post, "/v1/movements", as: ["standing_office"], unit: ServerFixture.sector,
                                              json: Self.movement(id: "ky-niem-60", from: "2020-01-10", to: "2020-07-26"))
            #expect(launched.status == .created, "\(launched.text)")
            let late = try await app.send(.post, "/v1/movements/ky-niem-60/responses/vksnd-hanoi", as: ["unit_officer"], json: Self.plan)
            #expect(late.status == .conflict)
            #expect((late.json["detail"] as? String) == "ky-niem-60 ended on 2020-07-26: it takes no more responses", "\(late.text)")
            let closed = try await app.send(.post, "/v1/movements/ky-niem-60/close", as: ["standing_office"], unit: ServerFixture.sector,
                                            json: "{}")
            #expect(closed.status == .ok, "closed after its end, no reason needed: \(closed.text)")
        }
    }

    /// A thematic award names the movement it rewards: kept on the nomination and counted in the
    /// movement's statistics (of the units the caller covers), refused with a problem document for
    /// a movement never launched.
    @Test func aThematicAwardNamesItsMovement() async throws {
        try await ServerFixture.run { app in
            let launched = try await app.send(.post, "/v1/movements", as: ["standing_office"], unit: ServerFixture.sector,
                                              json: Self.movement(id: "chuyen-de-2026"))
            #expect(launched.status == .created, "\(launched.text)")
            func body(_ movement: String, name: String) -> String {
                ServerFixture.adHocBody(name: name).replacingOccurrences(of: #""kind": "ad_hoc","#,
                                                                         with: #""kind": "ad_hoc", "movement": "\#(movement)","#)
            }
            let thematic = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                              json: body("chuyen-de-2026", name: "Trần Thị Chuyên"))
            #expect(thematic.status == .created, "\(thematic.text)")
            let nomination = thematic.json["nomination"] as? [String: Any]
            #expect(nomination?["movement"] as? String == "chuyen-de-2026")
            let checkpoint = try #require(thematic.json["checkpoint"] as? String)
            let path = "/v1/movements/chuyen-de-2026/statistics?checkpoint=\(checkpoint)"
            let statistics = try await app.send(.get, path, as: ["unit_officer"])
            #expect(statistics.status == .ok, "\(statistics.text)")
            let counts = statistics.json["counts"] as? [[String: Any]] ?? []
            #expect(statistics.json["nominations"] as? Int == 1 && counts.count == 1)
            #expect(counts.first?["unit"] as? String == "vksnd-hanoi" && counts.first?["title"] as? String == "certificate_of_merit")
            #expect(counts.first?["state"] as? String == nomination?["state"] as? String)
            let elsewhere = try await app.send(.get, path, as: ["unit_officer"], unit: "vksnd-danang")
            #expect(elsewhere.json["nominations"] as? Int == 0, "another unit's officer counts only its own unit: \(elsewhere.text)")
            #expect(try await app.send(.get, "/v1/movements/khong-co/statistics", as: ["unit_officer"]).status == .notFound)

            let unknown = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                             json: body("khong-co", name: "Lê Văn Không"))
            #expect(unknown.status == .notFound)
            #expect(unknown.problemType == "urn:laurel:problem:not_found")
            #expect(unknown.json["detail"] as? String == "movement khong-co has not been launched", "\(unknown.text)")
        }
    }

    @Test func anAmendmentMovingTheStartMovesTheMovementToThatYearsListAndItRunsInBoth() async throws {
        try await ServerFixture.run { app in
            let office = ["standing_office"]
            #expect(try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector,
                                       json: Self.movement(id: "chuyen-nam")).status == .created)
            let amended = try await app.send(.post, "/v1/movements/chuyen-nam/amend", as: office, unit: ServerFixture.sector, json: """
                {"name": "Thi đua chào mừng 66 năm", "decision": "Kế hoạch số 10/KH-VKSTC", "from": "2025-12-01", "to": "2026-07-26",
                 "goals": ["Hoàn thành chỉ tiêu"], "criteria": ["Đạt chỉ tiêu"], "reason": "Tính từ ngày 01/12/2025"}
                """)
            #expect(amended.status == .ok, "\(amended.text)")
            #expect(amended.json["amendments"] as? Int == 1)
            #expect(amended.json["authority"] as? String == ServerFixture.sector, "the authority stays")
            let ids = { (year: Int) in
                try await app.send(.get, "/v1/movements?year=\(year)", as: ["unit_officer"]).json["movements"] as? [[String: Any]]
            }
            #expect(try await ids(2025)?.map { $0["id"] as? String } == ["chuyen-nam"])
            #expect(try await ids(2026)?.contains { $0["id"] as? String == "chuyen-nam" } == false,
                    "listed under 2026 at its launch, no longer starting then")
            // It runs in 2026 all the same, whichever year it started in; not in 2027, after its last day.
            let running = { (year: Int) in
                try await app.send(.get, "/v1/movements?year=\(year)&running=true", as: ["unit_officer"]).json
            }
            let in2026 = try await running(2026)
            #expect(in2026["running"] as? Bool == true)
            #expect((in2026["movements"] as? [[String: Any]])?.contains { $0["id"] as? String == "chuyen-nam" } == true, "\(in2026)")
            #expect((try await running(2027)["movements"] as? [[String: Any]])?.contains { $0["id"] as? String == "chuyen-nam" } == false)
        }
    }

    @Test func badBodiesAreProblemDocumentsAndStoreNothing() async throws {
        try await ServerFixture.run { app in
            let office = ["standing_office"]
            let reversed = try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector,
                                              json: Self.movement(id: "dao-nguoc", from: "2026-12-31", to: "2026-01-01",
                                                                  criteria: #"["Đúng giờ", "Đúng giờ"]"#))
            #expect(reversed.status == .unprocessableContent)
            #expect(reversed.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(reversed.problemType == "urn:laurel:problem:invalid_command")
            let detail = reversed.json["detail"] as? String ?? ""
            #expect(detail.contains("to: the period ends on 2026-01-01, before it starts on 2026-12-31"), "\(detail)")
            #expect(detail.contains("criteria[1]: is stated twice"), "\(detail)")
            let fields = try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector,
                                            json: #"{"id": "a.b", "name": " ", "authority": "vksndtc", "decision": "KH 1", "from": "2026-02-30", "to": "2026-03-01", "goals": "một", "criteria": ["x"], "colour": "đỏ"}"#)
            #expect(fields.status == .unprocessableContent)
            #expect(fields.problemType == "urn:laurel:problem:validation_failed")
            let named = Set((fields.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(named == ["id", "name", "from", "goals", "colour"], "\(fields.text)")
            let garbled = try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector, json: #"{"name": "#)
            #expect(garbled.status == .badRequest)
            #expect(garbled.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try await app.send(.get, "/v1/movements/dao-nguoc", as: ["unit_officer"]).status == .notFound, "nothing refused was stored")

            #expect(try await app.send(.post, "/v1/movements", as: office, unit: ServerFixture.sector, json: Self.movement(id: "m1")).status
                    == .created)
            let response = "/v1/movements/m1/responses/vksnd-hanoi"
            let badPlan = try await app.send(.post, response, as: ["unit_officer"], json: #"{"targets": ["Một", "Một"], "document_sha256": "ABC"}"#)
            #expect(badPlan.status == .unprocessableContent)
            #expect((badPlan.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "document_sha256", "\(badPlan.text)")
            let twice = try await app.send(.post, response, as: ["unit_officer"], json: #"{"targets": ["Một", "Một"]}"#)
            #expect(twice.problemType == "urn:laurel:problem:invalid_command")
            #expect(twice.json["detail"] as? String == "the plan has problems: targets[1]: is stated twice")
            #expect(try await app.send(.get, response, as: ["unit_officer"]).json["version"] as? Int == 0, "nothing refused was stored")
            #expect(try await app.send(.get, "/v1/movements/m1/responses/no-such-unit", as: ["unit_officer"]).status == .notFound)
            #expect(try await app.send(.get, "/v1/movements/m%2E1", as: ["unit_officer"]).status == .notFound)
        }
    }

    @Test func anotherTenantFindsNoneOfIt() async throws {
        try await ServerFixture.run { app in
            let record = try await TenantTests.record("agency-m")
            try await TenantTests.save(record)
            let b = try await TenantTests.token(record)
            let probes = ["/v1/movements/ky-niem-b", "/v1/movements/ky-niem-b/responses/vksnd-hanoi"]
            var before: [String: Reply] = [:]
            for path in probes { before[path] = try await TenantTests.send(app, .get, path, token: b) }

            #expect(try await app.send(.post, "/v1/movements", as: ["standing_office"], unit: ServerFixture.sector,
                                       json: Self.movement(id: "ky-niem-b")).status == .created)
            #expect(try await app.send(.post, "/v1/movements/ky-niem-b/responses/vksnd-hanoi", as: ["unit_officer"],
                                       json: Self.plan).status == .created)

            for path in probes {
                let after = try await TenantTests.send(app, .get, path, token: b)
                #expect(after.status == .notFound, "\(path): \(after.text)")
                #expect(after.text == before[path]?.text, "\(path): \(after.text)")
            }
            let list = try await TenantTests.send(app, .get, "/v1/movements?year=2026", token: b)
            #expect(list.status == .ok)
            #expect((list.json["movements"] as? [Any])?.isEmpty == true, "\(list.text)")
            // B's office, which covers everything of B's, cannot close or respond to A's movement either.
            let close = try await TenantTests.send(app, .post, "/v1/movements/ky-niem-b/close", token: b, json: #"{"reason": "Thử"}"#)
            #expect(close.status == .notFound, "\(close.text)")
            let respond = try await TenantTests.send(app, .post, "/v1/movements/ky-niem-b/responses/vksnd-hanoi", token: b, json: Self.plan)
            #expect(respond.status == .notFound, "\(respond.text)")
            #expect(try await app.send(.get, "/v1/movements/ky-niem-b", as: ["unit_officer"]).json["stage"] as? String == "running")
        }
    }
}
