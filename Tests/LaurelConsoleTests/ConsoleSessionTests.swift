import Foundation
import HTTPTypes
import PostgresTestSupport
import Testing

/// The council secretary's pages: convening, the agenda, a recusal, one ballot for the agenda with
/// written opinions, the tally with its rules, and the minutes, through the API's own controller.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleSessionTests {
    /// The Hà Nội council's members, as `config/organization.yaml` seats them; two are absent.
    static let hanoiCouncil = (15...23).map { String(format: "cb-%05d", $0) }
    static let absent = ["cb-00022", "cb-00023"]

    /// A Labour Hero nomination submitted through the console and accepted by the standing office;
    /// its id.
    static func acceptedLabourHero(_ fixture: ConsoleFixture, officer: Session, office: Session) async throws -> String {
        let kinds = ["submission", "achievement_report", "ballot_minutes", "party_committee_opinion", "local_government_opinion"]
        var form: [(String, String)] = [
            ("csrf", officer.csrf), ("title", "labour_hero"), ("year", "2025"), ("nomineeType", "individual"),
            ("nomineeId", "staff-hero-1"), ("nomineeName", "Trịnh Văn Kín"), ("position", "Kiểm sát viên cao cấp"),
            ("summary", "Hai mươi năm liên tục hoàn thành xuất sắc nhiệm vụ."),
        ]
        for kind in kinds { form += [("docKind[]", kind), ("docTitle[]", kind), ("docSha[]", String(repeating: "ab", count: 32))] }
        let submitted = try await fixture.send(.post, "/nominations", cookies: officer.cookies, form: form)
        #expect(submitted.status == .seeOther, "\(submitted.text)")
        let id = try #require(submitted.location?.firstMatch(of: /\/nominations\/(N-[0-9a-f]+)/)).1.description
        let accepted = try await fixture.send(.post, "/nominations/\(id)/accept", cookies: office.cookies, form: [("csrf", office.csrf)])
        #expect(accepted.status == .seeOther, "\(accepted.text)")
        return id
    }

    @Test func theSecretaryConvenesSchedulesRecordsTheBallotAndPrintsTheMinutes() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s1", roles: ["unit_officer"])
            try await fixture.account("office-s1", roles: ["standing_office"], unit: "vksndtc")
            try await fixture.account("thuky-s1", roles: ["council_secretary"])
            try await fixture.account("thuky-hp-s1", roles: ["council_secretary"], unit: "vksnd-haiphong")
            let (officer, office) = (try await fixture.session("lan-s1"), try await fixture.session("office-s1"))
            let id = try await Self.acceptedLabourHero(fixture, officer: officer, office: office)
            let secretary = try await fixture.session("thuky-s1")

            let sessions = try await fixture.send(.get, "/sessions", cookies: secretary.cookies)
            #expect(sessions.status == .ok && sessions.text.contains("name=\"present[]\" value=\"cb-00015\" checked"), "\(sessions.text)")
            let present = Self.hanoiCouncil.filter { !Self.absent.contains($0) }
            let convened = try await fixture.send(.post, "/sessions", cookies: secretary.cookies,
                                                  form: [("csrf", secretary.csrf), ("council", "vksnd-hanoi"), ("date", "2026-03-02")]
                                                      + present.map { ("present[]", $0) })
            #expect(convened.status == .seeOther, "\(convened.text)")
            let path = try #require(convened.location?.firstMatch(of: /\/sessions\/(S-[0-9a-z-]+)/)).0.description
            let session = try await fixture.send(.get, try #require(convened.location), cookies: secretary.cookies)
            #expect(session.text.contains("value=\"\(id)\""), "the accepted nomination is offered for the agenda")

            let scheduled = try await fixture.send(.post, "\(path)/agenda", cookies: secretary.cookies,
                                                   form: [("csrf", secretary.csrf), ("nominations[]", id)])
            #expect(scheduled.status == .seeOther, "\(scheduled.text)")
            let recused = try await fixture.send(.post, "\(path)/recusals", cookies: secretary.cookies,
                                                 form: [("csrf", secretary.csrf), ("memberId", "cb-00016"), ("nominationId", id),
                                                        ("reason", "Cùng đơn vị công tác")])
            #expect(recused.status == .seeOther, "\(recused.text)")
            // A ballot the rules refuse (more votes than members present) shows the rule, and stores nothing.
            let refused = try await fixture.send(.post, "\(path)/ballot", cookies: secretary.cookies,
                                                 form: [("csrf", secretary.csrf), ("item[]", id), ("inFavour[]", "40"), ("against[]", "0"),
                                                        ("abstaining[]", "0"), ("writtenInFavour[]", "")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("list_rows_invalid"), "\(refused.text)")
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "scheduled")
            let ballot = try await fixture.send(.post, "\(path)/ballot", cookies: secretary.cookies,
                                                form: [("csrf", secretary.csrf), ("item[]", id), ("inFavour[]", "6"), ("against[]", "0"),
                                                       ("abstaining[]", "0"), ("writtenInFavour[]", "2")]
                                                    + Self.absent.map { ("written[]", "\(id)|\($0)") })
            #expect(ballot.status == .seeOther, "\(ballot.text)")
            let result = try #require(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.councilResult)
            #expect(result.recommended && result.writtenBallots?.from == Self.absent && result.recusedMemberIDs == ["cb-00016"])
            let tallied = try await fixture.send(.get, try #require(ballot.location), cookies: secretary.cookies)
            #expect(tallied.text.contains("Đề nghị khen thưởng") && tallied.text.contains("<code>\(result.threshold.rule)</code>"), "\(tallied.text)")
            #expect(tallied.text.contains("Cùng đơn vị công tác"))
            let minutes = try await fixture.send(.get, "\(path)/minutes", cookies: secretary.cookies)
            #expect(minutes.status == .ok && minutes.headers[.contentType] == "text/html; charset=utf-8" && minutes.text.contains("Trịnh Văn Kín"))

            // Another council's secretary, by the same URLs: not found, and may not act.
            let other = try await fixture.session("thuky-hp-s1")
            #expect(try await fixture.send(.get, path, cookies: other.cookies).status == .notFound)
            #expect(try await fixture.send(.get, "\(path)/minutes", cookies: other.cookies).status == .notFound)
            #expect(try await fixture.send(.post, "\(path)/close", cookies: other.cookies, form: [("csrf", other.csrf)]).status == .notFound)
            let closed = try await fixture.send(.post, "\(path)/close", cookies: secretary.cookies, form: [("csrf", secretary.csrf)])
            #expect(closed.status == .seeOther, "\(closed.text)")
            #expect(try await fixture.services.tenants.defaultTenant.commands.session(String(path.dropFirst("/sessions/".count))).state?.isClosed == true)
        }
    }

    @Test func aUnitOfficerDoesNotReadSessions() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s2", roles: ["unit_officer"])
            let officer = try await fixture.session("lan-s2")
            let refused = try await fixture.send(.get, "/sessions", cookies: officer.cookies)
            #expect(refused.status == .forbidden && !refused.text.contains("present[]"))
        }
    }
}
