import Foundation
import HTTPTypes
import PostgresTestSupport
import Testing

/// The approver's numbered decision, issued from the approvals queue through the API's own
/// controller, and its printed forms.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleDecisionTests {
    @Test func theHeadIssuesANumberedDecisionForTheTickedNominationsAndPrintsIt() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-q1", roles: ["unit_officer"])
            try await fixture.account("hai-q1", roles: ["unit_officer"], unit: "vksnd-haiphong")
            try await fixture.account("office-q1", roles: ["standing_office"], unit: "vksndtc")
            try await fixture.account("head-q1", roles: ["head_of_agency"], unit: "vksndtc", name: "Ngô Quang Long")
            let officer = try await fixture.session("lan-q1")
            let id = try await ConsolePagesTests.submit(fixture, officer, name: "Đặng Thị Quyết", id: "cb-q1")
            let office = try await fixture.session("office-q1")
            let accepted = try await fixture.send(.post, "/nominations/\(id)/accept", cookies: office.cookies, form: [("csrf", office.csrf)])
            let checkpoint = try #require(accepted.location?.firstMatch(of: /checkpoint=([A-Za-z0-9_-]+)/)).1
            let head = try await fixture.session("head-q1")
            let queue = try await fixture.send(.get, "/approvals?checkpoint=\(checkpoint)", cookies: head.cookies)
            #expect(queue.text.contains("name=\"nominations[]\" value=\"\(id)\" form=\"decision-form\""), "\(queue.text)")
            #expect(queue.text.contains("value=\"Ngô Quang Long\""), "the signer defaults to the head")
            let decision: [(String, String)] = [
                ("csrf", head.csrf), ("authority", "vksndtc"), ("date", "2026-03-02"), ("symbol", "QĐ-VKSTC"),
                ("subject", "Về việc tặng Giấy khen"), ("signedBy", "Ngô Quang Long"), ("signerPosition", "Viện trưởng"), ("nominations[]", id),
            ]
            let missingSymbol = try await fixture.send(.post, "/decisions", cookies: head.cookies,
                                                       form: decision.map { $0.0 == "symbol" ? ("symbol", "QĐ/?") : $0 })
            #expect(missingSymbol.status == .unprocessableContent && missingSymbol.text.contains("symbol"), "\(missingSymbol.text)")
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "accepted", "nothing approved")
            let issued = try await fixture.send(.post, "/decisions", cookies: head.cookies, form: decision)
            #expect(issued.status == .seeOther, "\(issued.text)")
            let location = try #require(issued.location)
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "approved")
            let shown = try await fixture.send(.get, location, cookies: head.cookies)
            #expect(shown.status == .ok && shown.text.contains("1/QĐ-VKSTC") && shown.text.contains("Đặng Thị Quyết"), "\(shown.text)")
            let path = String(location.prefix { $0 != "?" })
            let printed = try await fixture.send(.get, "\(path)/document", cookies: head.cookies)
            #expect(printed.status == .ok && printed.text.contains("Đặng Thị Quyết") && printed.headers[.contentType] == "text/html; charset=utf-8")
            let certificates = try await fixture.send(.get, "\(path)/certificates", cookies: head.cookies)
            #expect(certificates.status == .ok && certificates.text.contains("Đặng Thị Quyết"))
            let csv = try await fixture.send(.get, "\(path)/awardees.csv", cookies: officer.cookies)
            #expect(csv.status == .ok && csv.text.contains("Đặng Thị Quyết"), "an awardee's unit reads the list")
            let stranger = try await fixture.session("hai-q1")
            #expect(try await fixture.send(.get, path, cookies: stranger.cookies).status == .notFound)
            #expect(try await fixture.send(.get, "\(path)/document", cookies: stranger.cookies).status == .notFound)
        }
    }
}
