import Foundation
import HTTPTypes
import LaurelServer
import NIOCore
import PostgresTestSupport
import Testing

/// The console's pages beside `/emulation`: a year's ranking, a cluster's year and the
/// commemorative medal's candidates, each seeded through the API's own commands and read as the
/// API scopes it: shown to a caller who covers the units, refused or empty for a caller of
/// another cluster, another unit or another agency. The fixture's today is 2 March 2026.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct ConsoleEmulationPagesTests {
    static let sector = "vksndtc"

    /// Sends `body` to the API and expects `status`.
    static func expect(
        _ status: HTTPResponse.Status, _ fixture: ConsoleFixture, _ method: HTTPRequest.Method, _ path: String, as roles: [String],
        unit: String, subject: String = "api-user", _ body: String = "{}", contentType: String = "application/json"
    ) async throws {
        let answer = try await fixture.api(method, path, as: roles, unit: unit, subject: subject, body, contentType: contentType)
        #expect(answer.status == status, "\(method) \(path): \(answer.text)")
    }

    static let table = """
        {"source": "Quyết định 12/QĐ-VKSTC ngày 10/01/2026",
         "groups": [{"code": "A", "name": "Nghiệp vụ", "criteria": [{"code": "A1", "name": "Chỉ tiêu nghiệp vụ", "max_points": 60}]},
                    {"code": "B", "name": "Xây dựng đơn vị", "criteria": [{"code": "B1", "name": "Tổ chức cán bộ", "max_points": 40}]}],
         "penalties": [{"code": "TR1", "name": "Kỷ luật", "max_points": 5}],
         "bands": [{"code": "xuat_sac", "name": "Xuất sắc", "minimum": 90},
                   {"code": "tot", "name": "Tốt", "minimum": 75, "below": 90},
                   {"code": "chua_dat", "name": "Chưa đạt", "minimum": 0, "below": 75}],
         "tie_break": ["group_total:A", "fewer_penalty_points"]}
        """

    static func sheet(a1: Int, b1: Int) -> String {
        #"{"lines": [{"item": "A1", "points": \#(a1)}, {"item": "B1", "points": \#(b1)}, {"item": "TR1", "points": 0}]}"#
    }

    /// Cluster 1's scores of `year` (each test its own: the suite's tests share a database): Hà Nội 50 + 30, raised on A1 and lowered on B1 by the review
    /// (80, but 52 on group A: first); Hải Phòng and Quảng Ninh 50 + 30 as scored (80, equal on
    /// every rule: they share the second rank, Hải Phòng set after Hà Nội by group A); Lào Cai
    /// scored and not reviewed (pending).
    static func seedRanking(_ fixture: ConsoleFixture, year: Int) async throws {
        try await expect(.created, fixture, .post, "/v1/scoring-tables/\(year)", as: ["standing_office"], unit: sector, subject: "tam-vp", table)
        for unit in ["vksnd-hanoi", "vksnd-haiphong", "vksnd-quangninh", "vksnd-laocai"] {
            try await expect(.created, fixture, .post, "/v1/units/\(unit)/scores/\(year)", as: ["unit_officer"], unit: unit, sheet(a1: 50, b1: 30))
        }
        try await expect(.ok, fixture, .post, "/v1/units/vksnd-hanoi/scores/\(year)/review", as: ["unit_officer"], unit: "vksnd-haiphong",
                         subject: "hai-truong-cum", #"""
                         {"adjustments": [{"item": "A1", "points": 52, "reason": "Hai kiến nghị được chấp nhận"},
                                          {"item": "B1", "points": 28, "reason": "Chưa kiện toàn một chức danh"}],
                          "note": "Thẩm định theo biên bản ngày 20/02/2026"}
                         """#)
        try await expect(.ok, fixture, .post, "/v1/units/vksnd-quangninh/scores/\(year)/review", as: ["unit_officer"], unit: "vksnd-haiphong")
        try await expect(.ok, fixture, .post, "/v1/units/vksnd-haiphong/scores/\(year)/review", as: ["standing_office"], unit: sector)
    }

    @Test func theRankingShowsRanksTieBreaksPendingUnitsAndItsHistory() async throws {
        try await ConsoleFixture.run { fixture in
            try await Self.seedRanking(fixture, year: 2026)
            try await fixture.account("lan-r1", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-r1")
            let page = try await fixture.send(.get, "/emulation/rankings/2026?group=cum-1", cookies: lan.cookies)
            #expect(page.status == .ok, "\(page.text)")
            let text = page.text
            #expect(text.contains("Cụm thi đua số 1 – các tỉnh, thành phố phía Bắc"), "the group by name")
            #expect(text.contains("Quyết định 12/QĐ-VKSTC ngày 10/01/2026 (lần ban hành 1)"))
            #expect(text.contains("<dd>Viện kiểm sát nhân dân thành phố Hải Phòng</dd>"), "the head unit of the year, by name")
            // The ranked units in order, by name, with rank, total and band.
            let rows = Self.rows(of: text, in: "ranking")
            #expect(rows.count == 3, "\(rows)")
            func row(_ index: Int) -> String { index < rows.count ? rows[index] : "" }
            #expect(row(0).contains("Viện kiểm sát nhân dân thành phố Hà Nội") && row(0).contains(">1<"))
            #expect(row(0).contains("<strong>80</strong>") && row(0).contains("Tốt"), "\(row(0))")
            #expect(row(1).contains("Viện kiểm sát nhân dân thành phố Hải Phòng"), "\(rows)")
            #expect(row(1).contains("2 <span class=\"badge badge-shared\">đồng hạng</span>"), "a shared rank is marked")
            #expect(row(1).contains("điểm nhóm tiêu chí A (Nghiệp vụ) cao hơn"), "the tie-break rule that decided, in words")
            #expect(row(2).contains("Viện kiểm sát nhân dân tỉnh Quảng Ninh") && row(2).contains("đồng hạng"))
            #expect(row(0).contains("02/03/2026"), "the self-score's day, Vietnamese style")
            // Pending, the bands, the tie-break and the history with who, what and why.
            #expect(text.contains("Viện kiểm sát nhân dân tỉnh Lào Cai</td><td data-label=\"Tình trạng\">Đã tự chấm, chờ thẩm định"), "\(text)")
            #expect(text.contains("<td data-label=\"Xếp loại\">Xuất sắc</td><td data-label=\"Từ (điểm)\">90</td>"))
            #expect(text.contains("<li>bị trừ ít điểm hơn</li>"))
            #expect(text.contains("Ban hành bảng tiêu chí") && text.contains("tam-vp"))
            #expect(text.contains("hai-truong-cum") && text.contains("Thẩm định theo biên bản ngày 20/02/2026"))
            #expect(text.contains("Thẩm định điểm · đơn vị thẩm định: Viện kiểm sát nhân dân thành phố Hải Phòng"), "who reviewed, by name")
            #expect(text.contains("A1 Chỉ tiêu nghiệp vụ: 50 → 52 (Hai kiến nghị được chấp nhận)"), "each change with its reason")
            #expect(text.contains("href=\"/emulation/clusters/cum-1/2026\""))

            let english = try await fixture.send(.get, "/emulation/rankings/2026?group=cum-1&lang=en", cookies: lan.cookies)
            #expect(english.text.contains("higher total on criteria group A (Nghiệp vụ)") && english.text.contains("Self-scored, awaiting review"))
            #expect(english.text.contains("Emulation cluster 1: northern provinces and cities"))
            #expect(english.text.contains("href=\"?group=cum-1&amp;lang=vi\""), "the language link keeps the group")

            // The emulation page links the ranking and the cluster's year.
            let emulation = try await fixture.send(.get, "/emulation?year=2026", cookies: lan.cookies)
            #expect(emulation.text.contains("href=\"/emulation/rankings/2026?group=cum-1\""), "\(emulation.text)")
            #expect(emulation.text.contains("href=\"/emulation/clusters/cum-1/2026\"") && emulation.text.contains("href=\"/medals/commemorative/2026\""))
            #expect(!emulation.text.contains("/emulation/clusters/cum-2/"), "only the clusters the person sees")

            // Sector-wide for the standing office that covers every unit; not for a unit's officer.
            try await fixture.account("tam-r1", roles: ["standing_office"], unit: Self.sector)
            let office = try await fixture.session("tam-r1")
            let sector = try await fixture.send(.get, "/emulation/rankings/2026", cookies: office.cookies)
            #expect(sector.status == .ok && sector.text.contains("Toàn ngành") && sector.text.contains("Viện kiểm sát nhân dân thành phố Hà Nội"))
            #expect(try await fixture.send(.get, "/emulation/rankings/2026", cookies: lan.cookies).status == .forbidden)
            #expect(try await fixture.send(.get, "/emulation/rankings/2023?group=cum-1", cookies: lan.cookies).status == .notFound, "no table")
        }
    }

    @Test func anotherClustersOfficerFindsNoneOfIt() async throws {
        try await ConsoleFixture.run { fixture in
            try await Self.seedRanking(fixture, year: 2027)
            try await fixture.account("an-r2", roles: ["unit_officer"], unit: "vksnd-nghean")
            let an = try await fixture.session("an-r2")
            let ranking = try await fixture.send(.get, "/emulation/rankings/2027?group=cum-1", cookies: an.cookies)
            #expect(ranking.status == .notFound && !ranking.text.contains("Hai kiến nghị được chấp nhận"), "\(ranking.text)")
            #expect(ranking.text.contains("<!doctype html>"), "a readable page, not JSON")
            #expect(try await fixture.send(.get, "/emulation/rankings/2027?group=no-such", cookies: an.cookies).status == .notFound)
            #expect(try await fixture.send(.get, "/emulation/clusters/cum-1/2026", cookies: an.cookies).status == .notFound)
            #expect(try await fixture.send(.get, "/emulation/rankings/2027", cookies: an.cookies).status == .forbidden, "sector-wide")
            let own = try await fixture.send(.get, "/emulation/rankings/2027?group=cum-2", cookies: an.cookies)
            #expect(own.status == .ok && !own.text.contains("Viện kiểm sát nhân dân thành phố Hà Nội"), "its own cluster: nobody ranked yet")
            #expect(own.text.contains("Viện kiểm sát nhân dân tỉnh Nghệ An</a></td><td data-label=\"Tình trạng\">Chưa tự chấm điểm"))
            #expect(!own.text.contains("<a href=\"\">"), "no empty link")
        }
    }

    @Test func theClusterYearShowsItsHeadProgrammePactRegistrationsAndSending() async throws {
        try await ConsoleFixture.run { fixture in
            let year = "/v1/clusters/cum-2/years/2026"
            try await Self.expect(.ok, fixture, .put, year + "/head", as: ["standing_office"], unit: Self.sector, subject: "tam-vp",
                                  #"{"unit": "vksnd-hue", "reason": "Luân phiên theo quy chế của cụm"}"#)
            try await Self.expect(.ok, fixture, .put, year + "/programme", as: ["unit_officer"], unit: "vksnd-hue",
                                  #"{"items": ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo <lẫn nhau>"], "text": "Chương trình công tác năm 2026"}"#)
            try await Self.expect(.ok, fixture, .post, year + "/pact/vksnd-thanhhoa", as: ["unit_officer"], unit: "vksnd-thanhhoa",
                                  subject: "ha-thanhhoa",
                                  #"{"commitments": ["Hoàn thành xuất sắc chỉ tiêu"], "targets": ["100% tin báo được giải quyết"]}"#)
            try await Self.expect(.created, fixture, .post, "/v1/units/vksnd-nghean/registrations/2026", as: ["standing_office"], unit: Self.sector,
                                  #"{"collective_title": "excellent_labour_collective", "reason": "Đơn vị gửi muộn"}"#)
            try await Self.expect(.ok, fixture, .post, year + "/registrations", as: ["unit_officer"], unit: "vksnd-hue")
            try await Self.expect(.ok, fixture, .post, year + "/send", as: ["unit_officer"], unit: "vksnd-hue")

            try await fixture.account("ha-c1", roles: ["unit_officer"], unit: "vksnd-thanhhoa")
            let ha = try await fixture.session("ha-c1")
            let page = try await fixture.send(.get, "/emulation/clusters/cum-2/2026", cookies: ha.cookies)
            #expect(page.status == .ok, "\(page.text)")
            let text = page.text
            #expect(text.contains("Cụm thi đua số 2 – các tỉnh, thành phố Bắc Trung Bộ: năm 2026"))
            #expect(text.contains("Viện kiểm sát nhân dân thành phố Huế <span class=\"hint\">(được ghi nhận cho năm)</span>"), "\(text)")
            #expect(text.contains("<li>Kiểm tra chéo &lt;lẫn nhau&gt;</li>"), "escaped")
            #expect(text.contains("Đã ký ngày 02/03/2026") && text.contains("<li>100% tin báo được giải quyết</li>"))
            #expect(text.contains("Đơn vị chưa ký giao ước: Viện kiểm sát nhân dân tỉnh Nghệ An, Viện kiểm sát nhân dân thành phố Huế"))
            #expect(text.contains("Tập hợp ngày 02/03/2026: Viện kiểm sát nhân dân tỉnh Nghệ An"))
            #expect(text.contains("Đơn vị chưa đăng ký: Viện kiểm sát nhân dân tỉnh Thanh Hóa, Viện kiểm sát nhân dân thành phố Huế"))
            #expect(text.contains("Đã gửi ngày 02/03/2026 (số lần gửi: 1)"))
            #expect(text.contains("Luân phiên theo quy chế của cụm") && text.contains("tam-vp") && text.contains("Ký giao ước thi đua"))

            // A year nothing was recorded for: the file's head; another cluster's officer finds none of it.
            let before = try await fixture.send(.get, "/emulation/clusters/cum-2/2027?lang=en", cookies: ha.cookies)
            #expect(before.status == .ok && before.text.contains("Viện kiểm sát nhân dân tỉnh Nghệ An <span class=\"hint\">(from the organisation file)</span>"))
            #expect(before.text.contains("Not sent to the standing office yet.") && !before.text.contains("Kiểm tra chéo"))
            try await fixture.account("lan-c2", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-c2")
            let other = try await fixture.send(.get, "/emulation/clusters/cum-2/2026", cookies: lan.cookies)
            #expect(other.status == .notFound && !other.text.contains("Kiểm tra chéo"))
            #expect(try await fixture.send(.get, "/emulation/clusters/cum-9/2026", cookies: lan.cookies).status == .notFound)
        }
    }

    @Test func theClusterYearShowsTheProposalsOfItsRankingLinkedToTheirNominations() async throws {
        try await ConsoleFixture.run { fixture in
            // Cluster 4 in 2024: Hồ Chí Minh City 90 (Xuất sắc), Cần Thơ, the head, 80 (Tốt), An Giang 70.
            let proposing = Self.table.replacingOccurrences(of: #""tie_break": ["group_total:A", "fewer_penalty_points"]}"#, with: """
                "tie_break": ["group_total:A"], "proposals": [{"title": "sector_emulation_flag", "places": 1, "bands": ["xuat_sac"]},
                                                              {"title": "certificate_of_merit", "places": 1, "bands": ["xuat_sac", "tot"]}]}
                """)
            try await Self.expect(.created, fixture, .post, "/v1/scoring-tables/2024", as: ["standing_office"], unit: Self.sector, proposing)
            for (unit, a1, b1) in [("vksnd-hcm", 55, 35), ("vksnd-cantho", 50, 30), ("vksnd-angiang", 40, 30)] {
                try await Self.expect(.created, fixture, .post, "/v1/units/\(unit)/scores/2024", as: ["unit_officer"], unit: unit, Self.sheet(a1: a1, b1: b1))
            }
            for unit in ["vksnd-hcm", "vksnd-angiang"] {
                try await Self.expect(.ok, fixture, .post, "/v1/units/\(unit)/scores/2024/review", as: ["unit_officer"], unit: "vksnd-cantho")
            }
            try await Self.expect(.ok, fixture, .post, "/v1/units/vksnd-cantho/scores/2024/review", as: ["standing_office"], unit: Self.sector)
            try await fixture.account("an-c4", roles: ["unit_officer"], unit: "vksnd-angiang")
            let an = try await fixture.session("an-c4")
            let before = try await fixture.send(.get, "/emulation/clusters/cum-4/2024", cookies: an.cookies)
            #expect(before.text.contains("Chưa đề nghị khen thưởng theo kết quả xếp hạng của năm."), "\(before.text)")

            try await Self.expect(.created, fixture, .post, "/v1/clusters/cum-4/years/2024/proposals", as: ["unit_officer"], unit: "vksnd-cantho")
            let page = try await fixture.send(.get, "/emulation/clusters/cum-4/2024", cookies: an.cookies)
            let proposals = Self.section(of: page.text, titled: "Đề nghị khen thưởng theo kết quả xếp hạng")
            #expect(proposals.contains("<a href=\"/nominations/XH-cum-4-2024-1\">XH-cum-4-2024-1</a>"), "\(proposals)")
            #expect(proposals.contains("Cờ thi đua của Viện kiểm sát nhân dân tối cao"))
            #expect(proposals.contains("<a href=\"/nominations/XH-cum-4-2024-2\">XH-cum-4-2024-2</a>"))
            #expect(proposals.contains("Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao"))
            #expect(!proposals.contains("XH-cum-4-2024-3"), "An Giang, below Tốt, is not proposed")
            #expect(page.text.contains("Đề nghị khen thưởng theo kết quả xếp hạng</td>"), "the history names the proposals")
        }
    }

    static let records = "\u{FEFF}person_id,name,unit,position,is_front_line,sector_start,sector_end,discipline_from,discipline_to\r\n"
        + "kc-1,Nguyễn Văn An,vksnd-hanoi,Kiểm sát viên,true,2010-07-26,,,\r\n"         // 16 years on 26 July 2026
        + "kc-2,Trần Thị Bình,vksnd-hanoi,Kiểm tra viên,false,2011-07-27,,,\r\n"       // one day short of 15
        + "kc-3,Lê Văn Cường,vksnd-hanoi,Kiểm sát viên,true,2000-01-01,,2026-02-01,\r\n" // a measure still served
        + "kc-4,Hoàng Văn Em,vksnd-nghean,Kiểm sát viên,true,2005-01-01,,,\r\n"

    /// Imports ``records`` as the standing office does: created the first time, the same file again answered with the first import.
    static func importRecords(_ fixture: ConsoleFixture) async throws {
        let answer = try await fixture.api(.post, "/v1/service-record-imports", as: ["standing_office"], unit: sector, records,
                                           contentType: "text/csv; charset=utf-8")
        #expect(answer.status == .created || answer.status == .ok, "\(answer.text)")
    }

    @Test func theMedalsCandidatesAreThoseOfTheUnitsThePersonCovers() async throws {
        try await ConsoleFixture.run { fixture in
            try await Self.importRecords(fixture)
            try await fixture.account("lan-m1", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-m1")
            let page = try await fixture.send(.get, "/medals/commemorative/2026", cookies: lan.cookies)
            #expect(page.status == .ok, "\(page.text)")
            let text = page.text
            #expect(text.contains("26/07/2026") && text.contains("2025.1"))
            let candidates = Self.section(of: text, titled: "Người đủ điều kiện xét tặng")
            #expect(candidates.contains("Nguyễn Văn An") && candidates.contains("<td data-label=\"Số năm công tác tính đến ngày xét\">16</td>"), "\(candidates)")
            #expect(candidates.contains("26/07/2010") && !candidates.contains("Trần Thị Bình"))
            let excluded = Self.section(of: text, titled: "Người chưa đủ điều kiện")
            #expect(excluded.contains("Trần Thị Bình") && excluded.contains("Chưa đủ số năm công tác"), "\(excluded)")
            #expect(excluded.contains("<td data-label=\"Số năm công tác tính đến ngày xét\">14</td>"))
            #expect(excluded.contains("Lê Văn Cường") && excluded.contains("Đang chấp hành kỷ luật vào ngày xét"))
            #expect(excluded.contains("đủ 15 năm vào ngày 27/07/2026"), "the rule's explanation, in Vietnamese")
            #expect(!text.contains("Hoàng Văn Em"), "another unit's people are not shown")
            #expect(text.contains("href=\"/medals/commemorative\""), "the page is in the navigation")

            #expect(try await fixture.send(.get, "/medals/commemorative/2026?unit=vksnd-nghean", cookies: lan.cookies).status == .notFound)
            let english = try await fixture.send(.get, "/medals/commemorative/2026?lang=en", cookies: lan.cookies)
            #expect(english.text.contains("Service too short") && english.text.contains("Candidates"))
            let refused = try await fixture.send(.get, "/medals/commemorative/2024", cookies: lan.cookies)
            #expect(refused.status == .unprocessableContent && refused.text.contains("configuration_missing"), "no medal under 2024.1")
            let opened = try await fixture.send(.get, "/medals/commemorative?year=2026&unit=vksnd-hanoi", cookies: lan.cookies)
            #expect(opened.status == .seeOther && opened.location == "/medals/commemorative/2026?unit=vksnd-hanoi")

            try await fixture.account("tam-m1", roles: ["standing_office"], unit: Self.sector)
            let office = try await fixture.session("tam-m1")
            let sector = try await fixture.send(.get, "/medals/commemorative/2026", cookies: office.cookies)
            #expect(sector.text.contains("Hoàng Văn Em") && sector.text.contains("Nguyễn Văn An"))
        }
    }

    @Test func anotherAgencyFindsNoneOfIt() async throws {
        try await ConsoleFixture.run { fixture in
            try await Self.seedRanking(fixture, year: 2025)
            try await Self.expect(.ok, fixture, .put, "/v1/clusters/cum-1/years/2025/programme", as: ["unit_officer"], unit: "vksnd-haiphong",
                                  #"{"items": ["Ký kết giao ước"], "text": "Chương trình riêng của cơ quan thứ nhất"}"#)
            try await Self.importRecords(fixture)
            let agency = try await ConsoleTenantTests.register("agency-e", fixture)
            try await fixture.account("cuc-e1", roles: ["standing_office"], unit: Self.sector, name: "Trần Thị Cúc", tenant: agency)
            let cuc = try await fixture.session("cuc-e1", agency: "agency-e")
            let ranking = try await fixture.send(.get, "/emulation/rankings/2025?group=cum-1", cookies: cuc.cookies)
            #expect(ranking.status == .notFound && !ranking.text.contains("Hai kiến nghị"), "its agency has no table for 2025")
            let year = try await fixture.send(.get, "/emulation/clusters/cum-1/2025", cookies: cuc.cookies)
            #expect(year.status == .ok && !year.text.contains("Chương trình riêng") && year.text.contains("Chưa gửi"))
            let medal = try await fixture.send(.get, "/medals/commemorative/2026", cookies: cuc.cookies)
            #expect(medal.status == .ok && !medal.text.contains("Nguyễn Văn An") && medal.text.contains("Chưa có người đủ điều kiện"))
        }
    }

    /// The rows of the table of class `name`'s body.
    static func rows(of text: String, in name: String) -> [String] {
        guard let table = text.range(of: "<table class=\"\(name)\">"), let end = text.range(of: "</table>", range: table.upperBound..<text.endIndex),
              let body = text.range(of: "<tbody>", range: table.upperBound..<end.lowerBound) else { return [] }
        return text[body.upperBound..<end.lowerBound].components(separatedBy: "<tr>").dropFirst().map { $0 }
    }

    /// The section whose heading is `title`, up to the section's end.
    static func section(of text: String, titled title: String) -> String {
        guard let start = text.range(of: "<h2>\(title)</h2>"),
              let end = text.range(of: "</section>", range: start.upperBound..<text.endIndex) else { return "" }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
