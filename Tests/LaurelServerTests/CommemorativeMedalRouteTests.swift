import Crypto
import Foundation
import HTTPTypes
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// The commemorative medal over HTTP on real PostgreSQL: service records imported from a CSV as
/// the standing office sends it, the year's candidates computed from them at the boundary years,
/// a unit's candidates sent as its year-end list, taken in, voted and decided (and then held, so
/// excluded the next year), and
/// another tenant finding none of it.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct CommemorativeMedalRouteTests {
    static let header = "\u{FEFF}person_id,name,unit,position,is_front_line,sector_start,sector_end,discipline_from,discipline_to\r\n"
    static let csv: HTTPFields = [.contentType: "text/csv; charset=utf-8"]

    /// Hà Nội's people at the boundaries of 2025 (cut-off 26 July 2025), and one of Đà Nẵng's.
    static func file(prefix: String) -> String {
        header
            + "\(prefix)-1,Nguyễn Văn An,vksnd-hanoi,Kiểm sát viên,true,2010-07-26,,,\r\n"        // exactly 15 years on the cut-off
            + "\(prefix)-2,Trần Thị Bình,vksnd-hanoi,Kiểm tra viên,false,2010-07-27,,,\r\n"      // one day short
            + "\(prefix)-3,Lê Văn Cường,vksnd-hanoi,Kiểm sát viên,true,2000-01-01,,2025-06-01,\r\n" // a measure still served
            + "\(prefix)-4,Phạm Thị Dung,vksnd-hanoi,Chuyên viên,false,1999-05-01,,,\r\n"        // holds the medal already
            + "\(prefix)-5,Hoàng Văn Em,vksnd-danang,Kiểm sát viên,true,2005-01-01,,,\r\n"
    }

    static func sha256(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// The medal of `person` for 2020, held before Laurel, imported as earlier awards are.
    static func importEarlierMedal(_ person: String, app: ServerFixture) async throws {
        let file = "person_id,name,unit,title,year,decision_number,decision_date\r\n"
            + "\(person),Phạm Thị Dung,vksnd-hanoi,commemorative_medal,2020,152/QĐ-VKSTC,2020-07-06\r\n"
        let imported = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: ServerFixture.sector, json: file,
                                          headers: csv)
        #expect(imported.status == .created, "\(imported.text)")
    }

    /// The people of `key` (`candidates` or `excluded`) whose id starts with `prefix`: the suite's
    /// tests share one database, each with people of its own.
    static func people(_ reply: Reply, _ key: String, prefix: String) -> [String] {
        (reply.json[key] as? [[String: Any]] ?? []).compactMap { $0["person_id"] as? String }.filter { $0.hasPrefix(prefix + "-") }
    }

    @Test func theCandidatesAreComputedFromTheImportedRecordsAtTheBoundaryYears() async throws {
        try await ServerFixture.run { app in
            try await Self.importEarlierMedal("sr-4", app: app)
            let file = Self.file(prefix: "sr")
            let created = try await app.send(.post, "/v1/service-record-imports", as: ["standing_office"], unit: ServerFixture.sector,
                                             json: file, headers: Self.csv)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["file_sha256"] as? String == Self.sha256(file))
            #expect(created.json["rows"] as? Int == 5)
            #expect(created.headers[.location] == "/v1/service-record-imports/\(Self.sha256(file))")
            let checkpoint = try #require(created.json["checkpoint"] as? String)

            let again = try await app.send(.post, "/v1/service-record-imports", as: ["standing_office"], unit: ServerFixture.sector,
                                           json: file, headers: Self.csv)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.json["recorded_by"] as? String == created.json["recorded_by"] as? String)

            let hanoi = try await app.send(.get, "/v1/medals/commemorative/2025/candidates?checkpoint=\(checkpoint)", as: ["unit_officer"])
            #expect(hanoi.status == .ok, "\(hanoi.text)")
            #expect(hanoi.json["rule_set"] as? String == "2025.1")
            #expect(hanoi.json["cutoff"] as? String == "2025-07-26")
            #expect(Self.people(hanoi, "candidates", prefix: "sr") == ["sr-1"], "\(hanoi.text)")
            let excluded = (hanoi.json["excluded"] as? [[String: Any]] ?? []).filter { ($0["person_id"] as? String)?.hasPrefix("sr-") == true }
            #expect(excluded.map { "\($0["person_id"] as? String ?? "") \($0["reason"] as? String ?? "")" }
                    == ["sr-2 service_too_short", "sr-3 under_discipline", "sr-4 already_awarded"], "\(hanoi.text)")
            let explanation = (hanoi.json["candidates"] as? [[String: Any]])?.first?["explanation"] as? [String: Any]
            #expect((explanation?["source"] as? String)?.contains("Circular 02/2024/TT-VKSTC") == true, "\(hanoi.text)")
            #expect(explanation?["satisfied"] as? Bool == true)

            let sector = try await app.send(.get, "/v1/medals/commemorative/2025/candidates", as: ["standing_office"], unit: ServerFixture.sector)
            #expect(Self.people(sector, "candidates", prefix: "sr") == ["sr-1", "sr-5"], "\(sector.text)")
            let danang = try await app.send(.get, "/v1/medals/commemorative/2025/candidates?unit=vksnd-danang", as: ["unit_officer"])
            #expect(danang.status == .notFound, "a unit the caller does not cover is not disclosed")
            // The one day short qualifies the next year; 2024 has no rule set with the medal.
            let next = try await app.send(.get, "/v1/medals/commemorative/2026/candidates", as: ["unit_officer"])
            #expect(Self.people(next, "candidates", prefix: "sr") == ["sr-1", "sr-2"], "\(next.text)")
            let before = try await app.send(.get, "/v1/medals/commemorative/2024/candidates", as: ["unit_officer"])
            #expect(before.problemType == "urn:laurel:problem:configuration_missing", "\(before.text)")
        }
    }

    @Test func aUnitsCandidatesGoThroughTheAnnualCycleAsItsList() async throws {
        try await ServerFixture.run { app in
            let imported = try await app.send(.post, "/v1/service-record-imports", as: ["standing_office"], unit: ServerFixture.sector,
                                              json: Self.file(prefix: "ls"), headers: Self.csv)
            #expect(imported.status == .created, "\(imported.text)")
            let body = #"{"list": "KNC-2025-hanoi", "unit": "vksnd-hanoi", "documents": [{"kind": "submission", "title": "Tờ trình", "#
                + #""sha256": "\#(String(repeating: "5a", count: 32))"}]}"#
            #expect(try await app.send(.post, "/v1/medals/commemorative/2025/lists", as: ["standing_office"], unit: ServerFixture.sector,
                                       json: body).status == .forbidden, "a unit's officer sends its list")
            let sent = try await app.send(.post, "/v1/medals/commemorative/2025/lists", as: ["unit_officer"], json: body)
            #expect(sent.status == .created, "\(sent.text)")
            // Hà Nội's candidates only: neither the one day short nor the one under discipline, nor Đà Nẵng's.
            let rows = sent.json["rows"] as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["nominee_id"] as? String }.filter { $0.hasPrefix("ls-") } == ["ls-1", "ls-4"], "\(sent.text)")
            #expect(rows.allSatisfy { $0["title"] as? String == "commemorative_medal" }, "\(sent.text)")
            let list = try await app.send(.get, "/v1/nomination-lists/KNC-2025-hanoi", as: ["unit_officer"])
            #expect((list.json["rows"] as? [Any])?.count == rows.count, "\(list.text)")
            let nomination = try await app.send(.get, "/v1/nominations/KNC-2025-hanoi-1", as: ["unit_officer"]).nomination
            #expect(nomination["rule_set_version"] as? String == "2025.1", "\(nomination)")
            #expect(nomination["year"] as? Int == 2025, "\(nomination)")

            let takenIn = try await app.send(.post, "/v1/nomination-lists/KNC-2025-hanoi/intake", as: ["standing_office"],
                                             unit: ServerFixture.sector, json: "{}")
            #expect(takenIn.status == .ok, "\(takenIn.text)")
            let accepted = try await app.send(.get, "/v1/nominations/KNC-2025-hanoi-1", as: ["unit_officer"])
            #expect(accepted.state == "accepted", "\(accepted.text)")

            // The sector's council votes on the list and the Prosecutor General decides it in one decision.
            let ids = rows.compactMap { $0["nomination_id"] as? String }
            let supreme = (1...14).map { String(format: "cb-%05d", $0) }
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], unit: ServerFixture.sector, json: """
                {"session_id": "S-KNC-2025", "council": "vksndtc", "date": "2026-03-02", "present": \(ServerFixture.jsonList(supreme))}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            for id in ids {
                let scheduled = try await app.send(.post, "/v1/nominations/\(id)/schedule-for-council", as: ["council_secretary"],
                                                   unit: ServerFixture.sector, json: #"{"session_id": "S-KNC-2025"}"#)
                #expect(scheduled.state == "scheduled", "\(scheduled.text)")
            }
            let results = ids.map { #"{"nomination_id": "\#($0)", "in_favour": 13, "against": 1, "abstaining": 0}"# }
            let ballot = try await app.send(.post, "/v1/council-sessions/S-KNC-2025/ballot", as: ["council_secretary"],
                                            unit: ServerFixture.sector, json: #"{"results": ["# + results.joined(separator: ",") + "]}")
            #expect(ballot.status == .ok, "\(ballot.text)")
            let decided = try await app.send(.post, "/v1/award-decisions", as: ["head_of_agency"], unit: ServerFixture.sector, json: """
                {"authority": "vksndtc", "date": "2026-03-02", "symbol": "QĐ-VKSTC", "place": "Hà Nội",
                 "subject": "Về việc tặng Kỷ niệm chương “Vì sự nghiệp Kiểm sát” năm 2025",
                 "signed_by": "Lê Thanh Hoa", "signer_position": "Viện trưởng",
                 "legal_bases": ["Căn cứ Thông tư số 02/2024/TT-VKSTC ngày 12/8/2024"],
                 "nominations": \(ServerFixture.jsonList(ids))}
                """)
            #expect(decided.status == .created, "\(decided.text)")
            let approved = try await app.send(.get, "/v1/nominations/KNC-2025-hanoi-1", as: ["unit_officer"])
            #expect(approved.state == "approved", "\(approved.text)")
            // The medal decided in Laurel is held: the next year ls-1 is excluded as already awarded.
            let next = try await app.send(.get, "/v1/medals/commemorative/2026/candidates?unit=vksnd-hanoi", as: ["unit_officer"])
            #expect(!Self.people(next, "candidates", prefix: "ls").contains("ls-1"), "\(next.text)")
            let held = (next.json["excluded"] as? [[String: Any]])?.first { $0["person_id"] as? String == "ls-1" }
            #expect(held?["reason"] as? String == "already_awarded", "\(next.text)")

            let empty = #"{"list": "KNC-2025-nghean", "unit": "vksnd-nghean"}"#
            let none = try await app.send(.post, "/v1/medals/commemorative/2025/lists", as: ["unit_officer"], unit: "vksnd-nghean",
                                          json: empty)
            #expect(none.problemType == "urn:laurel:problem:no_candidates", "\(none.text)")
        }
    }

    @Test func everyBadRowIsAnsweredAtOnceAndOnlyTheStandingOfficeImports() async throws {
        try await ServerFixture.run { app in
            let file = Self.header
                + "bad-1,Nguyễn Văn An,vksnd-hanoi,,,2010-07-26,,,\r\n"
                + "bad-2,Trần Thị Bình,vksnd-hanoi,,,26/07/2010,,,\r\n"
                + "bad-3,Lê Văn Cường,vksnd-atlantis,,,2010-07-26,,,\r\n"
            let refused = try await app.send(.post, "/v1/service-record-imports", as: ["standing_office"], unit: ServerFixture.sector,
                                             json: file, headers: Self.csv)
            #expect(refused.problemType == "urn:laurel:problem:invalid_rows", "\(refused.text)")
            let rows = refused.json["errors"] as? [[String: Any]] ?? []
            #expect(rows.map { "\($0["row"] as? Int ?? 0) \($0["field"] as? String ?? "-")" } == ["2 sector_start", "3 unit"])
            let candidates = try await app.send(.get, "/v1/medals/commemorative/2025/candidates", as: ["unit_officer"])
            #expect(Self.people(candidates, "candidates", prefix: "bad").isEmpty, "nothing was imported: \(candidates.text)")
            let officer = try await app.send(.post, "/v1/service-record-imports", as: ["unit_officer"], json: Self.file(prefix: "of"),
                                             headers: Self.csv)
            #expect(officer.status == .forbidden)
            let foreign = try await app.send(.post, "/v1/service-record-imports", as: ["standing_office"], unit: "vksnd-hanoi",
                                             json: Self.file(prefix: "fo"), headers: Self.csv)
            #expect(foreign.problemType == "urn:laurel:problem:unit_not_allowed", "\(foreign.text)")
            #expect((foreign.json["errors"] as? [[String: Any]])?.compactMap { $0["row"] as? Int } == [5])
        }
    }

    @Test func anotherTenantFindsNoneOfIt() async throws {
        try await ServerFixture.run { app in
            let record = try await TenantTests.record("agency-kc")
            try await TenantTests.save(record)
            let b = try await TenantTests.token(record)
            let file = Self.file(prefix: "tn")
            #expect(try await app.send(.post, "/v1/service-record-imports", as: ["standing_office"], unit: ServerFixture.sector,
                                       json: file, headers: Self.csv).status == .created)
            let shown = try await TenantTests.send(app, .get, "/v1/service-record-imports/\(Self.sha256(file))", token: b)
            #expect(shown.status == .notFound, "\(shown.text)")
            let candidates = try await TenantTests.send(app, .get, "/v1/medals/commemorative/2025/candidates", token: b)
            #expect(candidates.status == .ok, "\(candidates.text)")
            #expect((candidates.json["candidates"] as? [Any])?.isEmpty == true, "\(candidates.text)")
            #expect(try await app.send(.get, "/v1/service-record-imports/\(Self.sha256(file))", as: ["auditor"]).status == .ok)
        }
    }
}
