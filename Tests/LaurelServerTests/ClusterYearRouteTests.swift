import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// A cluster's or bloc's year over HTTP: who records the head unit, draws up the programme, signs,
/// gathers and sends; what each reads; the recorded head reviewing the year's scores; the problem
/// documents of bad bodies; and another tenant that finds none of it. The server's today is
/// 2026-03-02. Each test works on its own cluster or year, as the suite's tests share a database.
/// Serialized: its tests would otherwise hold their connections at once, beside every other suite's.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct ClusterYearRouteTests {
    static let office = ["standing_office"]
    static let officer = ["unit_officer"]
    static let programme = #"{"items": ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo"], "text": "Chương trình công tác năm 2026"}"#

    @Test func theYearFromItsHeadToItsSending() async throws {
        try await ServerFixture.run { app in
            let year = "/v1/clusters/cum-1/years/2026"
            let before = try await app.send(.get, year, as: Self.officer)
            #expect(before.status == .ok, "\(before.text)")
            #expect(before.json["head"] as? String == "vksnd-haiphong")
            #expect(before.json["head_recorded"] as? Bool == false)
            #expect(before.json["version"] as? Int == 0)
            #expect((before.json["pact"] as? [[String: Any]])?.map { $0["signed"] as? Bool } == [false, false, false, false])
            // Read by whoever covers a member; not by another cluster's unit, nor for a code that is no cluster.
            #expect(try await app.send(.get, year, as: Self.officer, unit: "vksnd-nghean").status == .notFound)
            #expect(try await app.send(.get, year, as: ["auditor"], unit: ServerFixture.sector).status == .ok)
            #expect(try await app.send(.get, "/v1/clusters/cum-9/years/2026", as: Self.officer).status == .notFound)
            #expect(try await app.send(.get, "/v1/clusters/cum-1/years/nam-nay", as: Self.officer).status == .notFound)

            let byOfficer = try await app.send(.put, year + "/head", as: Self.officer, json: #"{"unit": "vksnd-hanoi"}"#)
            #expect(byOfficer.status == .forbidden)
            #expect(byOfficer.problemType == "urn:laurel:problem:role_not_allowed")
            let provincial = try await app.send(.put, year + "/head", as: Self.office, json: #"{"unit": "vksnd-hanoi"}"#)
            #expect(provincial.status == .forbidden)
            #expect(provincial.problemType == "urn:laurel:problem:unit_not_allowed", "\(provincial.text)")
            let head = try await app.send(.put, year + "/head", as: Self.office, unit: ServerFixture.sector, json: #"{"unit": "vksnd-hanoi"}"#)
            #expect(head.status == .ok, "\(head.text)")
            #expect(head.json["head"] as? String == "vksnd-hanoi")
            #expect(head.json["head_recorded"] as? Bool == true)
            #expect(head.json["history"] == nil)
            let checkpoint = try #require(head.json["checkpoint"] as? String)
            #expect(Int(checkpoint) == nil && !checkpoint.contains(":"), "a sealed token, not a log position: \(checkpoint)")

            // The file's head no longer draws up the programme: 2026's head does.
            let haiphong = try await app.send(.put, year + "/programme", as: Self.officer, unit: "vksnd-haiphong", json: Self.programme)
            #expect(haiphong.status == .forbidden)
            #expect(haiphong.problemType == "urn:laurel:problem:unit_not_allowed")
            let drawnUp = try await app.send(.put, year + "/programme", as: Self.officer, json: Self.programme)
            #expect(drawnUp.status == .ok, "\(drawnUp.text)")
            #expect((drawnUp.json["programme"] as? [String: Any])?["items"] as? [String] == ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo"])

            // Each member signs its own commitments only.
            let commitments = #"{"commitments": ["Hoàn thành xuất sắc chỉ tiêu"], "targets": ["100% tin báo được giải quyết"]}"#
            let forAnother = try await app.send(.post, year + "/pact/vksnd-haiphong", as: Self.officer, json: commitments)
            #expect(forAnother.status == .forbidden)
            #expect(forAnother.problemType == "urn:laurel:problem:unit_not_allowed")
            let signed = try await app.send(.post, year + "/pact/vksnd-haiphong", as: Self.officer, unit: "vksnd-haiphong", json: commitments)
            #expect(signed.status == .ok, "\(signed.text)")
            let pact = signed.json["pact"] as? [[String: Any]] ?? []
            #expect(pact.first { $0["unit"] as? String == "vksnd-haiphong" }?["commitments"] as? [String] == ["Hoàn thành xuất sắc chỉ tiêu"])
            #expect(pact.filter { $0["signed"] as? Bool == true }.count == 1)

            // Nothing to gather until a member registers; then the members without a registration are listed.
            let nothing = try await app.send(.post, year + "/registrations", as: Self.officer, json: "{}")
            #expect(nothing.status == .unprocessableContent)
            #expect(nothing.problemType == "urn:laurel:problem:not_registered", "\(nothing.text)")
            let registered = try await app.send(.post, "/v1/units/vksnd-quangninh/registrations/2026", as: Self.office, unit: ServerFixture.sector,
                                                json: #"{"collective_title": "excellent_labour_collective", "reason": "Đơn vị gửi muộn"}"#)
            #expect(registered.status == .created, "\(registered.text)")
            let gathered = try await app.send(.post, year + "/registrations", as: Self.officer, json: "{}")
            #expect(gathered.status == .ok, "\(gathered.text)")
            let registrations = gathered.json["registrations"] as? [String: Any]
            #expect((registrations?["gathered"] as? [[String: Any]])?.map { "\($0["unit"] ?? "")@\($0["version"] ?? "")" } == ["vksnd-quangninh@1"])
            #expect(registrations?["missing"] as? [String] == ["vksnd-hanoi", "vksnd-haiphong", "vksnd-laocai"])

            let sent = try await app.send(.post, year + "/send", as: Self.officer, json: "{}")
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(sent.json["sent_on"] as? String == "2026-03-02")
            #expect(sent.json["sendings"] as? Int == 1)
            let again = try await app.send(.post, year + "/send", as: Self.officer, json: #"{"reason": "Gửi lại"}"#)
            #expect(again.status == .conflict)
            #expect(again.problemType == "urn:laurel:problem:transition_not_allowed")
            // Once sent, a change needs a reason.
            let changed = #""items": ["Kiểm tra chéo"], "text": "Chương trình công tác năm 2026 (sửa đổi)""#
            let reasonless = try await app.send(.put, year + "/programme", as: Self.officer, json: "{\(changed)}")
            #expect(reasonless.status == .unprocessableContent)
            #expect(reasonless.problemType == "urn:laurel:problem:invalid_command")
            #expect(reasonless.json["detail"] as? String == "the year was sent to the standing office on 2026-03-02: a change needs a reason")
            let withReason = try await app.send(.put, year + "/programme", as: Self.officer,
                                                json: #"{\#(changed), "reason": "Bỏ nội dung đã thực hiện"}"#)
            #expect(withReason.status == .ok, "\(withReason.text)")
            #expect(withReason.json["changed_since_sent"] as? Bool == true)

            let read = try await app.send(.get, year, as: ["auditor"], unit: ServerFixture.sector)
            #expect(read.json["version"] as? Int == 6)
            #expect(read.headers[.eTag] == "\"6\"")
            let history = read.json["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["event"] as? String ?? "" } == [
                "cluster_year.head_recorded", "cluster_year.programme_drawn_up", "cluster_year.pact_signed",
                "cluster_year.registrations_gathered", "cluster_year.sent", "cluster_year.programme_drawn_up",
            ])
            #expect(history.first?["by"] as? String == "user-standing_office", "who acted, from the event's metadata")
            #expect(history.last?["reason"] as? String == "Bỏ nội dung đã thực hiện")
            #expect(history.dropFirst(2).first?["unit"] as? String == "vksnd-haiphong", "the member that signed")
        }
    }

    @Test func theYearsRecordedHeadReviewsAndReadsItsMembersScores() async throws {
        try await ServerFixture.run { app in
            let published = try await app.send(.post, "/v1/scoring-tables/2027", as: Self.office, unit: ServerFixture.sector,
                                               json: EmulationRouteTests.table())
            #expect(published.status == .created, "\(published.text)")
            let score = "/v1/units/vksnd-daklak/scores/2027"
            #expect(try await app.send(.post, score, as: Self.officer, unit: "vksnd-daklak",
                                       json: EmulationRouteTests.lines(a1: "50", b1: "30")).status == .created)
            // Đà Nẵng heads cluster 3 in 2027 instead of Khánh Hòa, the file's head.
            #expect(try await app.send(.get, score, as: Self.officer, unit: "vksnd-danang").status == .notFound, "not the head yet")
            let head = try await app.send(.put, "/v1/clusters/cum-3/years/2027/head", as: Self.office, unit: ServerFixture.sector,
                                          json: #"{"unit": "vksnd-danang"}"#)
            #expect(head.status == .ok, "\(head.text)")
            let byFile = try await app.send(.post, score + "/review", as: Self.officer, unit: "vksnd-khanhhoa", json: "{}")
            #expect(byFile.status == .forbidden)
            #expect((byFile.json["detail"] as? String)?.contains("vksnd-danang, head of cum-3 in 2027") == true, "\(byFile.text)")
            #expect(try await app.send(.get, score, as: Self.officer, unit: "vksnd-danang").status == .ok)
            #expect(try await app.send(.get, score, as: Self.officer, unit: "vksnd-khanhhoa").status == .notFound)
            let reviewed = try await app.send(.post, score + "/review", as: Self.officer, unit: "vksnd-danang", json: "{}")
            #expect(reviewed.status == .ok, "\(reviewed.text)")
            #expect(reviewed.json["stage"] as? String == "reviewed")
            // The ranking names the year's head, which reviewed; another year keeps the file's.
            let ranking = try await app.send(.get, "/v1/rankings/2027?group=cum-3", as: Self.officer, unit: "vksnd-daklak")
            #expect((ranking.json["group"] as? [String: Any])?["head"] as? String == "vksnd-danang", "\(ranking.text)")
            #expect(try await app.send(.post, "/v1/scoring-tables/2026", as: Self.office, unit: ServerFixture.sector,
                                       json: EmulationRouteTests.table()).status == .created)
            let earlier = try await app.send(.get, "/v1/rankings/2026?group=cum-3", as: Self.officer, unit: "vksnd-daklak")
            #expect((earlier.json["group"] as? [String: Any])?["head"] as? String == "vksnd-khanhhoa", "\(earlier.text)")
        }
    }

    /// A table whose final ranking proposes the leader for the flag and the next Tốt unit for a certificate.
    static let proposingTable = """
        {"source": "Quyết định 15/QĐ-VKSTC",
         "groups": [{"code": "A", "name": "Nghiệp vụ", "criteria": [{"code": "A1", "name": "Chỉ tiêu", "max_points": 60}]},
                    {"code": "B", "name": "Xây dựng đơn vị", "criteria": [{"code": "B1", "name": "Tổ chức cán bộ", "max_points": 40}]}],
         "bands": [{"code": "tot", "name": "Tốt", "minimum": 80}, {"code": "chua_dat", "name": "Chưa đạt", "minimum": 0, "below": 80}],
         "tie_break": ["group_total:A"],
         "proposals": [{"title": "sector_emulation_flag", "places": 1, "bands": ["tot"]},
                       {"title": "certificate_of_merit", "places": 1, "bands": ["tot"]}]}
        """

    @Test func theFinalRankingProposesItsLeadersAsNominationsLinkedToTheirPlaces() async throws {
        try await ServerFixture.run { app in
            // Cluster 4 in 2025: Hồ Chí Minh City 95, Cần Thơ (the head) 85, An Giang 70 (below Tốt).
            let published = try await app.send(.post, "/v1/scoring-tables/2025", as: Self.office, unit: ServerFixture.sector,
                                               json: Self.proposingTable)
            #expect(published.status == .created, "\(published.text)")
            #expect((published.json["proposals"] as? [[String: Any]])?.map { $0["title"] as? String } == ["sector_emulation_flag", "certificate_of_merit"])
            for (unit, a1, b1) in [("vksnd-hcm", 55, 40), ("vksnd-cantho", 50, 35), ("vksnd-angiang", 40, 30)] {
                let scored = try await app.send(.post, "/v1/units/\(unit)/scores/2025", as: Self.officer, unit: unit,
                                                json: #"{"lines": [{"item": "A1", "points": \#(a1)}, {"item": "B1", "points": \#(b1)}]}"#)
                #expect(scored.status == .created, "\(scored.text)")
            }
            let proposals = "/v1/clusters/cum-4/years/2025/proposals"
            let early = try await app.send(.post, proposals, as: Self.officer, unit: "vksnd-cantho", json: "{}")
            #expect(early.status == .conflict)
            #expect((early.json["detail"] as? String)?.hasSuffix("vksnd-hcm, vksnd-cantho, vksnd-angiang not yet") == true, "\(early.text)")
            for unit in ["vksnd-hcm", "vksnd-angiang"] {
                #expect(try await app.send(.post, "/v1/units/\(unit)/scores/2025/review", as: Self.officer, unit: "vksnd-cantho", json: "{}").status == .ok)
            }
            // The head unit's own score is reviewed by the standing office.
            #expect(try await app.send(.post, "/v1/units/vksnd-cantho/scores/2025/review", as: Self.office, unit: ServerFixture.sector,
                                       json: "{}").status == .ok)

            let member = try await app.send(.post, proposals, as: Self.officer, unit: "vksnd-hcm", json: "{}")
            #expect(member.status == .forbidden)
            #expect(member.problemType == "urn:laurel:problem:unit_not_allowed")
            let made = try await app.send(.post, proposals, as: Self.officer, unit: "vksnd-cantho", json: "{}")
            #expect(made.status == .created, "\(made.text)")
            let rows = (made.json["proposals"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["unit"] as? String } == ["vksnd-hcm", "vksnd-cantho"])
            #expect(rows.map { $0["title"] as? String } == ["sector_emulation_flag", "certificate_of_merit"])
            #expect(rows.map { $0["rank"] as? Int } == [1, 2])
            #expect(rows.map { $0["nomination_id"] as? String } == ["XH-cum-4-2025-1", "XH-cum-4-2025-2"])
            #expect((made.json["proposals"] as? [String: Any])?["ranking_version"] as? Int == 10,
                    "the table's edition and its three notes of a first score, and three scores each self-scored and reviewed")

            // Each proposal is a nomination of the member unit, submitted and linked to the ranking that justified it.
            let read = try await app.send(.get, "/v1/nominations/XH-cum-4-2025-1", as: Self.office, unit: ServerFixture.sector)
            #expect(read.status == .ok, "\(read.text)")
            let flag = read.json["nomination"] as? [String: Any] ?? [:]
            #expect(flag["state"] as? String == "submitted")
            #expect(flag["title"] as? String == "sector_emulation_flag")
            #expect((flag["nominee"] as? [String: Any])?["id"] as? String == "vksnd-hcm")
            let link = flag["ranking"] as? [String: Any]
            #expect(link?["group"] as? String == "cum-4")
            #expect(link?["ranking_version"] as? Int == 10)
            #expect(link?["rank"] as? Int == 1)
            let certificate = try await app.send(.get, "/v1/nominations/XH-cum-4-2025-2", as: Self.office, unit: ServerFixture.sector)
            #expect((certificate.json["nomination"] as? [String: Any])?["kind"] as? String == "ad_hoc", "\(certificate.text)")
            #expect(try await app.send(.get, "/v1/nominations/XH-cum-4-2025-3", as: Self.office, unit: ServerFixture.sector).status == .notFound)

            let again = try await app.send(.post, proposals, as: Self.officer, unit: "vksnd-cantho", json: "{}")
            #expect(again.status == .conflict, "\(again.text)")
            let year = try await app.send(.get, "/v1/clusters/cum-4/years/2025", as: Self.officer, unit: "vksnd-angiang")
            #expect((year.json["history"] as? [[String: Any]])?.map { $0["event"] as? String } == ["cluster_year.proposed"], "\(year.text)")
            #expect(try await app.send(.post, "/v1/clusters/cum-4/years/2019/proposals", as: Self.officer, unit: "vksnd-cantho",
                                       json: "{}").status == .notFound, "no table for the year")
        }
    }

    /// A proposal the rules refuse (the unit has a nomination for the title and year already)
    /// refuses them all: 422 `proposals_refused` names it, and neither the nominations nor the
    /// year's record of them is stored. Cluster 3 in 2024, a year of its own.
    @Test func aProposalTheRulesRefuseIsNamedAndNothingIsStored() async throws {
        try await ServerFixture.run { app in
            let table = Self.proposingTable.replacingOccurrences(of: "15/QĐ-VKSTC", with: "9/QĐ-VKSTC")
            #expect(try await app.send(.post, "/v1/scoring-tables/2024", as: Self.office, unit: ServerFixture.sector,
                                       json: table).status == .created)
            // Đà Nẵng 95, Khánh Hòa (the head) 90, Đắk Lắk 85, Lâm Đồng 60: the flag for Đà Nẵng, a certificate for Khánh Hòa.
            for (unit, a1, b1) in [("vksnd-danang", 55, 40), ("vksnd-khanhhoa", 55, 35), ("vksnd-daklak", 50, 35), ("vksnd-lamdong", 30, 30)] {
                let scored = try await app.send(.post, "/v1/units/\(unit)/scores/2024", as: Self.officer, unit: unit,
                                                json: #"{"lines": [{"item": "A1", "points": \#(a1)}, {"item": "B1", "points": \#(b1)}]}"#)
                #expect(scored.status == .created, "\(scored.text)")
                let reviewer = unit == "vksnd-khanhhoa" ? Self.office : Self.officer
                #expect(try await app.send(.post, "/v1/units/\(unit)/scores/2024/review", as: reviewer,
                                           unit: unit == "vksnd-khanhhoa" ? ServerFixture.sector : "vksnd-khanhhoa", json: "{}").status == .ok)
            }
            let flag = """
                {"kind": "annual", "title": "sector_emulation_flag", "year": 2024,
                 "nominee": {"type": "collective", "id": "vksnd-danang", "name": "Viện kiểm sát nhân dân thành phố Đà Nẵng",
                             "unit": "vksnd-danang", "size": 40},
                 "achievement_summary": "Dẫn đầu phong trào thi đua năm 2024",
                 "documents": [{"kind": "submission", "title": "Tờ trình", "sha256": "\(String(repeating: "ab", count: 32))"}]}
                """
            let submitted = try await app.send(.post, "/v1/nominations", as: Self.officer, unit: "vksnd-danang", json: flag)
            #expect(submitted.status == .created, "\(submitted.text)")

            let refused = try await app.send(.post, "/v1/clusters/cum-3/years/2024/proposals", as: Self.officer,
                                             unit: "vksnd-khanhhoa", json: "{}")
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.problemType == "urn:laurel:problem:proposals_refused")
            let errors = try #require(refused.json["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["proposals[0]"])
            #expect(errors.map { $0["code"] as? String } == ["already_nominated"])
            #expect((errors.first?["reason"] as? String)?.contains("vksnd-danang") == true, "\(refused.text)")

            for id in ["XH-cum-3-2024-1", "XH-cum-3-2024-2"] {
                #expect(try await app.send(.get, "/v1/nominations/\(id)", as: Self.office, unit: ServerFixture.sector).status == .notFound)
            }
            let year = try await app.send(.get, "/v1/clusters/cum-3/years/2024", as: Self.officer, unit: "vksnd-daklak")
            #expect((year.json["history"] as? [[String: Any]] ?? []).allSatisfy { $0["event"] as? String != "cluster_year.proposed" },
                    "\(year.text)")
        }
    }

    @Test func badBodiesAreProblemDocumentsAndStoreNothing() async throws {
        try await ServerFixture.run { app in
            let year = "/v1/clusters/cum-2/years/2026"
            let fields = try await app.send(.put, year + "/programme", as: Self.officer, unit: "vksnd-nghean",
                                            json: #"{"items": "một", "colour": "đỏ"}"#)
            #expect(fields.status == .unprocessableContent)
            #expect(fields.problemType == "urn:laurel:problem:validation_failed")
            let named = Set((fields.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(named == ["items", "text", "colour"], "\(fields.text)")
            let garbled = try await app.send(.put, year + "/programme", as: Self.officer, unit: "vksnd-nghean", json: #"{"items": "#)
            #expect(garbled.status == .badRequest)
            let twice = try await app.send(.put, year + "/programme", as: Self.officer, unit: "vksnd-nghean",
                                           json: #"{"items": ["Một", "Một"], "text": "Chương trình"}"#)
            #expect(twice.problemType == "urn:laurel:problem:invalid_command")
            #expect(twice.json["detail"] as? String == "the programme has problems: items[1]: is stated twice")
            let early = try await app.send(.post, year + "/pact/vksnd-nghean", as: Self.officer, unit: "vksnd-nghean",
                                           json: #"{"commitments": ["Một"]}"#)
            #expect(early.status == .conflict, "no programme yet: \(early.text)")
            let unsent = try await app.send(.post, year + "/send", as: Self.officer, unit: "vksnd-nghean", json: "{}")
            #expect(unsent.problemType == "urn:laurel:problem:transition_not_allowed")
            #expect(try await app.send(.put, "/v1/clusters/cum-9/years/2026/head", as: Self.office, unit: ServerFixture.sector,
                                       json: #"{"unit": "vksnd-hanoi"}"#).status == .notFound)
            #expect(try await app.send(.get, year, as: Self.officer, unit: "vksnd-nghean").json["version"] as? Int == 0, "nothing refused was stored")
        }
    }

    @Test func anotherTenantFindsNoneOfIt() async throws {
        try await ServerFixture.run { app in
            let record = try await TenantTests.record("agency-c")
            try await TenantTests.save(record)
            let b = try await TenantTests.token(record)
            let year = "/v1/clusters/cum-4/years/2026"
            let before = try await TenantTests.send(app, .get, year, token: b)
            #expect(before.status == .ok, "\(before.text)")

            let head = try await app.send(.put, year + "/head", as: Self.office, unit: ServerFixture.sector, json: #"{"unit": "vksnd-hcm"}"#)
            #expect(head.status == .ok, "\(head.text)")
            #expect(try await app.send(.put, year + "/programme", as: Self.officer, unit: "vksnd-hcm", json: Self.programme).status == .ok)

            let after = try await TenantTests.send(app, .get, year, token: b)
            #expect(after.text == before.text, "\(after.text)")
            #expect(after.json["head"] as? String == "vksnd-cantho")
            #expect(after.json["version"] as? Int == 0)
            // B's office records its own head, which A never sees; B's head unit finds no programme of A's to sign on.
            #expect(try await TenantTests.send(app, .put, year + "/head", token: b, json: #"{"unit": "vksnd-angiang"}"#).status == .ok)
            let a = try await app.send(.get, year, as: Self.officer, unit: "vksnd-hcm")
            #expect(a.json["head"] as? String == "vksnd-hcm")
            #expect(a.json["version"] as? Int == 2)
            let bOfficer = try await TenantTests.token(record, roles: ["unit_officer"], unit: "vksnd-hcm")
            let sign = try await TenantTests.send(app, .post, year + "/pact/vksnd-hcm", token: bOfficer, json: #"{"commitments": ["Một"]}"#)
            #expect(sign.status == .conflict, "B's year has no programme: \(sign.text)")
        }
    }
}
