import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// The scoring table, the units' scores and the rankings over HTTP: who may do and read what,
/// the problem documents of bad bodies, and another tenant that finds none of it.
/// Serialized: its tests would otherwise hold their connections at once, beside every other suite's.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct EmulationRouteTests {
    static func table(source: String = "Quyết định 12/QĐ-VKSTC", maxA1: String = "60", tieBreak: String = #"["group_total:A"]"#) -> String {
        """
        {"source": "\(source)",
         "groups": [{"code": "A", "name": "Nghiệp vụ", "criteria": [{"code": "A1", "name": "Chỉ tiêu", "max_points": \(maxA1),
                                                                      "evidence": "Báo cáo thống kê"}]},
                    {"code": "B", "name": "Xây dựng đơn vị", "criteria": [{"code": "B1", "name": "Tổ chức cán bộ", "max_points": 40}]}],
         "penalties": [{"code": "TR1", "name": "Kỷ luật", "max_points": 5}],
         "bands": [{"code": "tot", "name": "Tốt", "minimum": 80}, {"code": "chua_dat", "name": "Chưa đạt", "minimum": 0, "below": 80}],
         "tie_break": \(tieBreak)}
        """
    }

    static func lines(a1: String, b1: String) -> String {
        #"{"lines": [{"item": "A1", "points": \#(a1), "evidence": [{"text": "Báo cáo 12/BC"}]}, {"item": "B1", "points": \#(b1)}]}"#
    }

    @Test func eachRoleDoesAndReadsOnlyWhatIsItsOwn() async throws {
        try await ServerFixture.run { app in
            let table = "/v1/scoring-tables/2026"
            let officer = try await app.send(.post, table, as: ["unit_officer"], json: Self.table())
            #expect(officer.status == .forbidden)
            #expect(officer.problemType == "urn:laurel:problem:role_not_allowed")
            let provincial = try await app.send(.post, table, as: ["standing_office"], unit: "vksnd-hanoi", json: Self.table())
            #expect(provincial.status == .forbidden)
            #expect(provincial.problemType == "urn:laurel:problem:unit_not_allowed", "\(provincial.text)")
            #expect(try await app.send(.get, table, as: ["unit_officer"]).status == .notFound, "not published yet")
            let early = try await app.send(.post, "/v1/units/vksnd-hanoi/scores/2026", as: ["unit_officer"],
                                           json: Self.lines(a1: "50", b1: "30"))
            #expect(early.status == .conflict)
            #expect(early.problemType == "urn:laurel:problem:scoring_table_missing")
            let published = try await app.send(.post, table, as: ["standing_office"], unit: ServerFixture.sector, json: Self.table())
            #expect(published.status == .created, "\(published.text)")
            #expect(published.headers[.location] == table)

            let score = "/v1/units/vksnd-hanoi/scores/2026"
            let intruder = try await app.send(.post, score, as: ["unit_officer"], unit: "vksnd-danang", json: Self.lines(a1: "60", b1: "40"))
            #expect(intruder.status == .forbidden)
            #expect(intruder.problemType == "urn:laurel:problem:unit_not_allowed")
            let scored = try await app.send(.post, score, as: ["unit_officer"], json: Self.lines(a1: "50", b1: "30"))
            #expect(scored.status == .created, "\(scored.text)")
            #expect(scored.json["stage"] as? String == "self_scored")
            #expect(scored.json["emulation_group"] as? String == "cum-1")
            // The unit does not review its own score; the head of its cluster does.
            let own = try await app.send(.post, score + "/review", as: ["unit_officer"], json: "{}")
            #expect(own.status == .forbidden)
            #expect(own.problemType == "urn:laurel:problem:unit_not_allowed")
            #expect((own.json["detail"] as? String)?.contains("vksnd-haiphong, head of cum-1") == true, "\(own.text)")
            let unexplained = try await app.send(.post, score + "/review", as: ["unit_officer"], unit: "vksnd-haiphong",
                                                 json: #"{"adjustments": [{"item": "A1", "points": 45}]}"#)
            #expect(unexplained.status == .unprocessableContent)
            #expect(unexplained.problemType == "urn:laurel:problem:invalid_command")
            let reviewed = try await app.send(.post, score + "/review", as: ["unit_officer"], unit: "vksnd-haiphong", json: "{}")
            #expect(reviewed.status == .ok, "\(reviewed.text)")
            #expect(reviewed.json["stage"] as? String == "reviewed")
            let again = try await app.send(.post, score, as: ["unit_officer"], json: Self.lines(a1: "60", b1: "40"))
            #expect(again.status == .conflict)
            #expect(again.problemType == "urn:laurel:problem:transition_not_allowed")
            let reasonless = try await app.send(.post, score + "/corrections", as: ["standing_office"], unit: ServerFixture.sector,
                                                json: #"{"adjustments": [{"item": "B1", "points": 35}]}"#)
            #expect(reasonless.status == .unprocessableContent)
            #expect((reasonless.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason", "\(reasonless.text)")

            // Reads: the unit, whoever covers it and its cluster's head; no one else, as if it did not exist.
            #expect(try await app.send(.get, score, as: ["unit_officer"]).json["version"] as? Int == 2)
            #expect(try await app.send(.get, score, as: ["unit_officer"], unit: "vksnd-haiphong").status == .ok)
            #expect(try await app.send(.get, score, as: ["auditor"], unit: ServerFixture.sector).status == .ok)
            #expect(try await app.send(.get, score, as: ["unit_officer"], unit: "vksnd-danang").status == .notFound)
            #expect(try await app.send(.get, "/v1/rankings/2026?group=cum-1", as: ["unit_officer"]).status == .ok)
            #expect(try await app.send(.get, "/v1/rankings/2026?group=cum-3", as: ["unit_officer"]).status == .notFound)
            #expect(try await app.send(.get, "/v1/rankings/2026?group=no-such-cluster", as: ["unit_officer"]).status == .notFound)
            let sectorWide = try await app.send(.get, "/v1/rankings/2026", as: ["unit_officer"])
            #expect(sectorWide.status == .forbidden)
            let sector = try await app.send(.get, "/v1/rankings/2026", as: ["standing_office"], unit: ServerFixture.sector)
            #expect(sector.status == .ok, "\(sector.text)")
            #expect((sector.json["entries"] as? [[String: Any]])?.map { $0["unit"] as? String } == ["vksnd-hanoi"])
            #expect((sector.json["pending"] as? [Any])?.count == 30, "every member of a cluster or bloc but Hà Nội")
            #expect(sector.json["group"] == nil)
        }
    }

    @Test func badBodiesAreProblemDocumentsAndStoreNothing() async throws {
        try await ServerFixture.run { app in
            let table = "/v1/scoring-tables/2027"
            let office = ["standing_office"]
            let words = try await app.send(.post, table, as: office, unit: ServerFixture.sector,
                                           json: Self.table(maxA1: #""sáu mươi""#, tieBreak: #"["alphabetical"]"#))
            #expect(words.status == .unprocessableContent)
            #expect(words.problemType == "urn:laurel:problem:validation_failed")
            let fields = Set((words.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["groups[0].criteria[0].max_points", "tie_break[0]"], "\(words.text)")
            let thousandths = try await app.send(.post, table, as: office, unit: ServerFixture.sector, json: Self.table(maxA1: "59.995"))
            #expect(thousandths.status == .unprocessableContent)
            #expect((thousandths.json["errors"] as? [[String: Any]])?.first?["reason"] as? String
                    == "must be from 0 to 10000, with at most two decimals")
            let garbled = try await app.send(.post, table, as: office, unit: ServerFixture.sector, json: "{\"source\": ")
            #expect(garbled.status == .badRequest)
            #expect(garbled.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try await app.send(.get, table, as: ["unit_officer"]).status == .notFound, "nothing refused was stored")
            #expect(try await app.send(.post, table, as: office, unit: ServerFixture.sector, json: Self.table()).status == .created)

            let score = "/v1/units/vksnd-hanoi/scores/2027"
            let both = try await app.send(.post, score, as: ["unit_officer"], json: """
                {"lines": [{"item": "A1", "points": 50, "evidence": [{"text": "Báo cáo", "document_sha256": "\(String(repeating: "ab", count: 32))"}]},
                           {"item": "B1", "points": 30}]}
                """)
            #expect(both.status == .unprocessableContent)
            #expect((both.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "lines[0].evidence[0].text", "\(both.text)")
            let over = try await app.send(.post, score, as: ["unit_officer"], json: Self.lines(a1: "61", b1: "30"))
            #expect(over.problemType == "urn:laurel:problem:invalid_command")
            #expect((over.json["detail"] as? String)?.contains("A1: 61 is not from 0 to 60") == true)
            #expect(try await app.send(.get, score, as: ["unit_officer"]).json["version"] as? Int == 0, "nothing refused was stored")
            #expect(try await app.send(.get, "/v1/units/vksnd-hanoi/scores/năm-nay", as: ["unit_officer"]).status == .notFound)
            #expect(try await app.send(.get, "/v1/units/no-such-unit/scores/2027", as: ["unit_officer"]).status == .notFound)
        }
    }

    @Test func anotherTenantFindsNoneOfIt() async throws {
        try await ServerFixture.run { app in
            let record = try await TenantTests.record("agency-e", renamed: ["vksnd-nghean": "vksnd-vinh"])
            try await TenantTests.save(record)
            let b = try await TenantTests.token(record)
            let probes = ["/v1/scoring-tables/2025", "/v1/units/vksnd-nghean/scores/2025", "/v1/rankings/2025?group=cum-2",
                          "/v1/rankings/2025"]
            var before: [String: Reply] = [:]
            for path in probes { before[path] = try await TenantTests.send(app, .get, path, token: b) }

            #expect(try await app.send(.post, "/v1/scoring-tables/2025", as: ["standing_office"], unit: ServerFixture.sector,
                                       json: Self.table()).status == .created)
            let scored = try await app.send(.post, "/v1/units/vksnd-nghean/scores/2025", as: ["unit_officer"], unit: "vksnd-nghean",
                                            json: Self.lines(a1: "55", b1: "35"))
            #expect(scored.status == .created, "\(scored.text)")
            #expect(try await app.send(.get, "/v1/rankings/2025?group=cum-2", as: ["unit_officer"], unit: "vksnd-nghean").status == .ok)

            for path in probes {
                let after = try await TenantTests.send(app, .get, path, token: b)
                #expect(after.status == .notFound, "\(path): \(after.text)")
                #expect(after.text == before[path]?.text, "\(path): \(after.text)")
            }
            // B's own unit is scored on B's table alone, which B has not published: A's is not B's.
            let own = try await TenantTests.send(app, .post, "/v1/units/vksnd-vinh/scores/2025", token: b, json: Self.lines(a1: "55", b1: "35"))
            #expect(own.status == .conflict, "\(own.text)")
            #expect(own.problemType == "urn:laurel:problem:scoring_table_missing")
        }
    }
}
