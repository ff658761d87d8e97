import Foundation
import LaurelServer
import PostgresTestSupport
import Testing

/// A unit's score in the console: its own officer fills in the sheet (a decimal comma read as a
/// point) until the review; its cluster's head unit accepts it; another unit's officer finds
/// none of it. Through the API's own ``ScoresController``, on the fixture's today, 2 March 2026.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct ConsoleScoreTests {
    @Test func theUnitScoresItselfAndItsHeadUnitAcceptsTheScore() async throws {
        try await ConsoleFixture.run { fixture in
            try await ConsoleEmulationPagesTests.expect(.created, fixture, .post, "/v1/scoring-tables/2027", as: ["standing_office"],
                                                        unit: ConsoleEmulationPagesTests.sector, ConsoleEmulationPagesTests.table)
            try await fixture.account("dak-s1", roles: ["unit_officer"], unit: "vksnd-daklak")
            let dak = try await fixture.session("dak-s1")
            let page = "/emulation/scores/vksnd-daklak/2027"
            let blank = try await fixture.send(.get, page, cookies: dak.cookies)
            #expect(blank.status == .ok && blank.text.contains("name=\"points[A1]\"") && blank.text.contains("Chưa tự chấm điểm"), "\(blank.text)")

            // A criterion left blank is refused with the rules' words, nothing stored.
            let partial = try await fixture.send(.post, page, cookies: dak.cookies,
                                                 form: [("csrf", dak.csrf), ("points[A1]", "50"), ("points[B1]", ""), ("points[TR1]", "")])
            #expect(partial.status == .unprocessableContent && partial.text.contains("B1"), "\(partial.text)")
            let scored = try await fixture.send(.post, page, cookies: dak.cookies,
                                                form: [("csrf", dak.csrf), ("points[A1]", "50,5"), ("evidence[A1]", "Báo cáo số 12/BC-VKS"),
                                                       ("points[B1]", "30"), ("points[TR1]", "")])
            #expect(scored.status == .seeOther, "\(scored.text)")
            let after = try await fixture.send(.get, page, cookies: dak.cookies)
            #expect(after.text.contains("Đã tự chấm, chờ thẩm định") && after.text.contains("80,5 — Tốt"), "\(after.text)")
            #expect(after.text.contains("value=\"50.5\"") && after.text.contains("value=\"Báo cáo số 12/BC-VKS\""))
            #expect(!after.text.contains("Chấp nhận điểm tự chấm"), "the unit does not review itself")
            #expect(after.text.components(separatedBy: "Yêu cầu:").count == 1, "no item of the table asks for evidence")
            #expect(after.text.contains("<a href=\"/emulation/rankings/2027?group=cum-3\">"))
            let forged = try await fixture.send(.post, page, cookies: dak.cookies, form: [("points[A1]", "60"), ("points[B1]", "40")])
            #expect(forged.status == .forbidden, "no CSRF token")

            try await fixture.account("dan-s1", roles: ["unit_officer"], unit: "vksnd-danang")
            let danang = try await fixture.session("dan-s1")
            #expect(try await fixture.send(.get, page, cookies: danang.cookies).status == .notFound)

            // Khánh Hòa heads cluster 3: it reviews, and the sheet is closed to the unit then.
            try await fixture.account("kh-s1", roles: ["unit_officer"], unit: "vksnd-khanhhoa")
            let head = try await fixture.session("kh-s1")
            let toReview = try await fixture.send(.get, page, cookies: head.cookies)
            #expect(toReview.status == .ok && toReview.text.contains("Chấp nhận điểm tự chấm") && !toReview.text.contains("name=\"points[A1]\""))
            let reviewed = try await fixture.send(.post, page + "/review", cookies: head.cookies,
                                                  form: [("csrf", head.csrf), ("note", "Thẩm định theo biên bản ngày 01/03/2026")])
            #expect(reviewed.status == .seeOther, "\(reviewed.text)")
            let final = try await fixture.send(.get, page, cookies: dak.cookies)
            #expect(final.text.contains("Đã thẩm định") && !final.text.contains("name=\"points[A1]\""), "\(final.text)")
            let ranking = try await fixture.send(.get, "/emulation/rankings/2027?group=cum-3", cookies: head.cookies)
            #expect(ranking.text.contains("<a href=\"/emulation/scores/vksnd-daklak/2027\">"), "the head unit's ranking links the scores it reviews")
        }
    }
}
