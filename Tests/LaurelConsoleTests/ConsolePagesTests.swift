import Crypto
import Foundation
import HTTPTypes
import PostgresTestSupport
import Testing

/// The console's pages through the API's own commands and scope, on real PostgreSQL.
@Suite(.freshDatabase, .tags(.database))
struct ConsolePagesTests {
    /// A submission form for an ad hoc certificate of merit, as the page's fields name it.
    static func submission(_ session: Session, name: String, id: String) -> [(String, String)] {
        func sha(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        return [
            ("csrf", session.csrf), ("title", "certificate_of_merit"), ("year", "2026"), ("nomineeType", "individual"),
            ("nomineeId", id), ("nomineeName", name), ("position", "Kiểm sát viên"),
            ("summary", "Thành tích đột xuất trong vụ án."),
            ("docKind[]", "submission"), ("docTitle[]", "Tờ trình"), ("docSha[]", sha("a-\(id)")),
            ("docKind[]", "achievement_summary"), ("docTitle[]", "Báo cáo tóm tắt"), ("docSha[]", sha("b-\(id)")),
        ]
    }

    /// Submits through the console as `session`; the new nomination's id.
    static func submit(_ fixture: ConsoleFixture, _ session: Session, name: String, id: String) async throws -> String {
        let submitted = try await fixture.send(.post, "/nominations", cookies: session.cookies, form: submission(session, name: name, id: id))
        #expect(submitted.status == .seeOther, "\(submitted.text)")
        let location = try #require(submitted.location)
        return try #require(location.firstMatch(of: /\/nominations\/(N-[0-9a-f]+)/)).1.description
    }

    @Test func aNomineeNamedAsAScriptIsShownAsText() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p1", roles: ["unit_officer"])
            let session = try await fixture.session("lan-p1")
            let id = try await Self.submit(fixture, session, name: "<script>alert(1)</script>", id: "cb-1")
            let page = try await fixture.send(.get, "/nominations/\(id)", cookies: session.cookies)
            #expect(page.status == .ok)
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script"), "no page carries a script element")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }

    /// The timeline says what happened in the page's language: Vietnamese sentences by default,
    /// the log's own in English, with the unit by its name.
    @Test func theTimelineSpeaksThePagesLanguage() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p10", roles: ["unit_officer"])
            let session = try await fixture.session("lan-p10")
            let id = try await Self.submit(fixture, session, name: "Đặng Thị Thời", id: "cb-10")
            let vietnamese = try await fixture.send(.get, "/nominations/\(id)", cookies: session.cookies)
            #expect(vietnamese.text.contains("cho Đặng Thị Thời, Viện kiểm sát nhân dân thành phố Hà Nội, theo bộ quy tắc 2025.1"),
                    "\(vietnamese.text)")
            #expect(!vietnamese.text.contains("Submitted "))
            let english = try await fixture.send(.get, "/nominations/\(id)?lang=en", cookies: session.cookies)
            #expect(english.text.contains("Submitted ") && english.text.contains("for Đặng Thị Thời, vksnd-hanoi, under rule set 2025.1"))
        }
    }

    @Test func anotherUnitsNominationIsNotFoundAsInTheAPI() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p2", roles: ["unit_officer"])
            try await fixture.account("hai-p2", roles: ["unit_officer"], unit: "vksnd-haiphong")
            let lan = try await fixture.session("lan-p2")
            let id = try await Self.submit(fixture, lan, name: "Nguyễn Văn An", id: "cb-2")
            #expect(try await fixture.send(.get, "/nominations/\(id)", cookies: lan.cookies).status == .ok)
            let hai = try await fixture.session("hai-p2")
            let other = try await fixture.send(.get, "/nominations/\(id)", cookies: hai.cookies)
            #expect(other.status == .notFound && other.text.contains("Không tìm thấy") && !other.text.contains("Nguyễn Văn An"))
            let list = try await fixture.send(.get, "/nominations", cookies: hai.cookies)
            #expect(list.status == .ok && !list.text.contains(id))
        }
    }

    @Test func aFormWithoutTheSessionsTokenIsRefusedAndChangesNothing() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p3", roles: ["unit_officer"])
            try await fixture.account("office-p3", roles: ["standing_office"], unit: "vksndtc")
            let lan = try await fixture.session("lan-p3")
            let id = try await Self.submit(fixture, lan, name: "Nguyễn Văn An", id: "cb-3")
            let office = try await fixture.session("office-p3")
            for form in [[(String, String)](), [("csrf", lan.csrf)]] {
                let refused = try await fixture.send(.post, "/nominations/\(id)/accept", cookies: office.cookies, form: form)
                #expect(refused.status == .forbidden && refused.text.contains("mã chống giả mạo"), "\(refused.text)")
            }
            let garbled = try await fixture.send(.post, "/nominations/\(id)/accept", cookies: office.cookies,
                                                 form: [("csrf[a][b]", "1"), ("csrf[]", "2")])
            #expect(garbled.status == .unprocessableContent && garbled.headers[.contentType]?.hasPrefix("text/html") == true, "\(garbled.text)")
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "submitted")
            let accepted = try await fixture.send(.post, "/nominations/\(id)/accept", cookies: office.cookies, form: [("csrf", office.csrf)])
            #expect(accepted.status == .seeOther)
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "accepted")
        }
    }

    @Test func aRefusalShowsTheRulesWordsAndItsCodeNotJSON() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p4", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-p4")
            let id = try await Self.submit(fixture, lan, name: "Nguyễn Văn An", id: "cb-4")
            // A unit officer may not approve: refused by the same rule as the API's.
            let refused = try await fixture.send(.post, "/nominations/\(id)/approve", cookies: lan.cookies,
                                                 form: [("csrf", lan.csrf), ("decisionNumber", "1/QĐ"), ("decisionDate", "2026-03-02")])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("role_not_allowed") && refused.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(refused.text.contains("Vai trò của bạn không được thực hiện thao tác này."), "what the rule means, in Vietnamese")
            #expect(!refused.text.contains("\"type\""), "no problem document as JSON")
        }
    }

    @Test func theAuditorSeesEachEventsHashAndTheChainIntact() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p5", roles: ["unit_officer"])
            try await fixture.account("kim-p5", roles: ["auditor"], unit: "vksndtc")
            let lan = try await fixture.session("lan-p5")
            let id = try await Self.submit(fixture, lan, name: "Nguyễn Văn An", id: "cb-5")
            let auditor = try await fixture.session("kim-p5")
            let hash = try #require(try await fixture.services.pool.query(
                "SELECT hash FROM events WHERE stream = $1", ["nomination-\(id)"]).first?.decode(0, as: String.self))
            let page = try await fixture.send(.get, "/nominations/\(id)/audit", cookies: auditor.cookies)
            #expect(page.status == .ok && page.text.contains("verdict intact") && page.text.contains(hash), "\(page.text)")
            #expect(try await fixture.send(.get, "/nominations/\(id)/audit", cookies: lan.cookies).status == .forbidden)
        }
    }

    @Test func anAdministratorCreatesAnAccountThatThenSignsIn() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("admin-p6", roles: ["administrator"], unit: "vksndtc")
            let admin = try await fixture.session("admin-p6")
            let created = try await fixture.send(.post, "/accounts", cookies: admin.cookies, form: [
                ("csrf", admin.csrf), ("login", "thu.ky-p6"), ("name", "Lê Thu Kỳ"), ("unit", "vksnd-hanoi"),
                ("roles[]", "council_secretary"), ("roles[]", "unit_officer"), ("password", ConsoleFixture.password),
            ])
            #expect(created.status == .seeOther, "\(created.text)")
            let list = try await fixture.send(.get, try #require(created.location), cookies: admin.cookies)
            #expect(list.text.contains("Lê Thu Kỳ"))
            let account = try await fixture.services.tenants.defaultTenant.commands.account("thu.ky-p6").state
            #expect(account.roles == ["council_secretary", "unit_officer"] && account.unit == "vksnd-hanoi")
            #expect(try await fixture.signIn("thu.ky-p6").status == .seeOther)
            // Who did it is on the event: the administrator, in their role.
            let actor = try await fixture.services.pool.query(
                "SELECT metadata->>'actor_id' FROM events WHERE stream = 'account-thu.ky-p6' AND event_type = 'account.created'")
            #expect(try actor.first?.decode(0, as: String.self) == "admin-p6")
            let short = try await fixture.send(.post, "/accounts", cookies: admin.cookies, form: [
                ("csrf", admin.csrf), ("login", "short"), ("name", "X"), ("unit", "vksnd-hanoi"), ("roles[]", "auditor"), ("password", "short"),
            ])
            #expect(short.status == .unprocessableContent && short.text.contains("at least 10 characters"))
            let officer = try await fixture.send(.get, "/accounts", cookies: try await fixture.session("thu.ky-p6").cookies)
            #expect(officer.status == .forbidden)
        }
    }

    /// The head may also reject, with a reason, from the nomination's page: the same command as
    /// the API's, said in Vietnamese in the timeline.
    @Test func theHeadRejectsWithAReasonFromTheNominationsPage() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p11", roles: ["unit_officer"])
            try await fixture.account("head-p11", roles: ["head_of_agency"], unit: "vksndtc")
            let lan = try await fixture.session("lan-p11")
            let id = try await Self.submit(fixture, lan, name: "Đỗ Văn Từ Chối", id: "cb-11")
            #expect(!(try await fixture.send(.get, "/nominations/\(id)", cookies: lan.cookies).text.contains("/reject\"")),
                    "an officer is offered no rejection")
            let head = try await fixture.session("head-p11")
            let page = try await fixture.send(.get, "/nominations/\(id)", cookies: head.cookies)
            #expect(page.text.contains("action=\"/nominations/\(id)/reject\""), "\(page.text)")
            let rejected = try await fixture.send(.post, "/nominations/\(id)/reject", cookies: head.cookies,
                                                  form: [("csrf", head.csrf), ("reason", "Thành tích chưa đủ tiêu chuẩn")])
            #expect(rejected.status == .seeOther, "\(rejected.text)")
            let after = try await fixture.send(.get, try #require(rejected.location), cookies: head.cookies)
            #expect(after.text.contains("Không phê duyệt: Thành tích chưa đủ tiêu chuẩn"), "\(after.text)")
            #expect(!after.text.contains("action=\"/nominations/\(id)/reject\""), "a rejected nomination offers no second rejection")
        }
    }

    @Test func eachRolesQueueHoldsWhatWaitsForItsStep() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p7", roles: ["unit_officer"])
            try await fixture.account("office-p7", roles: ["standing_office"], unit: "vksndtc")
            try await fixture.account("head-p7", roles: ["head_of_agency"], unit: "vksndtc")
            let lan = try await fixture.session("lan-p7")
            let submitted = try await fixture.send(.post, "/nominations", cookies: lan.cookies,
                                                   form: Self.submission(lan, name: "Đặng Thị Queue", id: "cb-7"))
            let location = try #require(submitted.location)
            let id = try #require(location.firstMatch(of: /\/nominations\/(N-[0-9a-f]+)/)).1.description
            let checkpoint = try #require(location.firstMatch(of: /checkpoint=([A-Za-z0-9_-]+)/)).1.description
            let office = try await fixture.session("office-p7")
            let intake = try await fixture.send(.get, "/intake?checkpoint=\(checkpoint)", cookies: office.cookies)
            #expect(intake.status == .ok && intake.text.contains(id) && intake.text.contains("badge-"), "\(intake.text)")
            #expect(try await fixture.send(.get, "/approvals", cookies: office.cookies).status == .forbidden)
            let accepted = try await fixture.send(.post, "/nominations/\(id)/accept?back=/intake", cookies: office.cookies,
                                                  form: [("csrf", office.csrf)])
            #expect(accepted.status == .seeOther && accepted.location?.hasPrefix("/intake?checkpoint=") == true)
            let afterIntake = try await fixture.send(.get, try #require(accepted.location), cookies: office.cookies)
            #expect(!afterIntake.text.contains(id))
            let head = try await fixture.session("head-p7")
            let acceptedAt = try #require(accepted.location?.firstMatch(of: /checkpoint=([A-Za-z0-9_-]+)/)).1.description
            let approvals = try await fixture.send(.get, "/approvals?checkpoint=\(acceptedAt)", cookies: head.cookies)
            #expect(approvals.text.contains(id), "\(approvals.text)")
            let approved = try await fixture.send(.post, "/nominations/\(id)/approve", cookies: head.cookies,
                                                  form: [("csrf", head.csrf), ("decisionNumber", "7/QĐ-VKSTC"), ("decisionDate", "2026-03-02")])
            #expect(approved.status == .seeOther, "\(approved.text)")
            let page = try await fixture.send(.get, try #require(approved.location), cookies: head.cookies)
            #expect(page.text.contains("Đã phê duyệt") && page.text.contains("7/QĐ-VKSTC"))
            // The statistics count the award, drawn as an SVG bar of the unit, of the officer's scope.
            let approvedAt = try #require(approved.location?.firstMatch(of: /checkpoint=([A-Za-z0-9_-]+)/)).1.description
            let statistics = try await fixture.send(.get, "/statistics?year=2026&checkpoint=\(approvedAt)", cookies: lan.cookies)
            #expect(statistics.status == .ok && statistics.text.contains("<svg") && statistics.text.contains("<rect"), "\(statistics.text)")
            #expect(statistics.text.contains(">Viện kiểm sát nhân dân thành phố Hà Nội</text>"))
            #expect(statistics.text.contains("<dd>100,0%</dd>"), "one award, to a front-line officer, written with a decimal comma")
            // The reports it links to: the unit's yearbook and the five-year summary hold the award.
            #expect(statistics.text.contains("href=\"/units/vksnd-hanoi/yearbook/document\""))
            let yearbook = try await fixture.send(.get, "/units/vksnd-hanoi/yearbook/document", cookies: lan.cookies)
            #expect(yearbook.status == .ok && yearbook.text.contains("7/QĐ-VKSTC, ngày 02/03/2026"), "\(yearbook.text)")
            let summary = try await fixture.send(.get, "/reports/five-year.csv?from=2022&to=2026", cookies: lan.cookies)
            #expect(summary.status == .ok && summary.text.hasPrefix("\u{FEFF}Năm,") && summary.text.contains("\r\n2026,"), "\(summary.text)")
            let elsewhere = try await fixture.send(.get, "/units/vksnd-danang/yearbook/document", cookies: lan.cookies)
            #expect(elsewhere.status == .notFound)
            // The Ministry of Home Affairs' form 0603 counts it: a certificate of merit, ad hoc, to front-line staff.
            #expect(statistics.text.contains("href=\"/reports/moha/0603/document\"") && statistics.text.contains("href=\"/reports/moha/0601.csv\""))
            let form = try await fixture.send(.get, "/reports/moha/0603.csv?year=2026&checkpoint=\(approvedAt)", cookies: lan.cookies)
            #expect(form.status == .ok && form.text.hasPrefix("\u{FEFF}Mã số,"), "\(form.text)")
            #expect(form.text.contains("\r\n01,Tổng số,,1,1,0,0,0\r\n") && form.text.contains("\r\n13,- Đột xuất,,1,1,0,0,0\r\n"), "\(form.text)")
            let printed = try await fixture.send(.get, "/reports/moha/0603/document?year=2026", cookies: lan.cookies)
            #expect(printed.status == .ok && printed.text.contains("Biểu số 0603.N/BNV-TĐKT"))
        }
    }

    @Test func theStandingOfficePlacesAndLiftsAHoldAndEveryoneSeesTheOverdueBoard() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p8", roles: ["unit_officer"])
            try await fixture.account("office-p8", roles: ["standing_office"], unit: "vksndtc")
            let lan = try await fixture.session("lan-p8")
            let id = try await Self.submit(fixture, lan, name: "Vũ Thị Tạm Dừng", id: "cb-8")
            let office = try await fixture.session("office-p8")
            let placed = try await fixture.send(.post, "/nominations/\(id)/hold", cookies: office.cookies,
                                                form: [("csrf", office.csrf), ("holdKind", "complaint"), ("reference", "Đơn số 12/2026")])
            #expect(placed.status == .seeOther, "\(placed.text)")
            let held = try #require(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.holds.first)
            #expect(held.kind == "complaint" && held.reference == "Đơn số 12/2026")
            let page = try await fixture.send(.get, "/nominations/\(id)", cookies: office.cookies)
            #expect(page.text.contains("Đơn số 12/2026") && page.text.contains("Khiếu nại, tố cáo"))
            // The officer cannot place one: the rules say who may, as for the API.
            let refused = try await fixture.send(.post, "/nominations/\(id)/hold", cookies: lan.cookies,
                                                 form: [("csrf", lan.csrf), ("holdKind", "complaint"), ("reference", "x")])
            #expect(refused.status == .forbidden)
            let lifted = try await fixture.send(.post, "/nominations/\(id)/lift-hold", cookies: office.cookies,
                                                form: [("csrf", office.csrf), ("holdId", held.id), ("note", "Không có căn cứ")])
            #expect(lifted.status == .seeOther, "\(lifted.text)")
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.holds.isEmpty == true)
            let board = try await fixture.send(.get, "/overdue", cookies: lan.cookies)
            #expect(board.status == .ok && board.text.contains("Hồ sơ quá hạn xử lý"))
        }
    }

    @Test func eachWorkflowIsDrawnAsSVGWithItsStatesInTheReadersLanguage() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-p9", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-p9")
            let page = try await fixture.send(.get, "/workflows", cookies: lan.cookies)
            #expect(page.status == .ok)
            #expect(page.text.components(separatedBy: "<svg").count - 1 == fixture.services.tenants.defaultTenant.domain.workflows.kinds.count)
            #expect(page.text.contains(">Đã tiếp nhận</text>") && page.text.contains(">Anh hùng Lao động"))
            let english = try await fixture.send(.get, "/workflows?lang=en", cookies: lan.cookies)
            #expect(english.text.contains(">Accepted</text>") && english.setCookie("laurel_lang")?.contains("SameSite=Strict") == true)
        }
    }
}
