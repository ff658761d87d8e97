import Foundation
import HTTPTypes
import NIOCore
import PostgresTestSupport
import Testing

/// A Labour Hero's public consultation on the console's nomination page: opened, a comment
/// recorded, and closing refused until the period has elapsed, through the API's own commands.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleConsultationTests {
    /// Posts `body` to the API as `roles` of `unit`; the status and the JSON object answered.
    static func api(
        _ fixture: ConsoleFixture, _ path: String, as roles: [String], unit: String, _ body: String = "{}"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let answer = try await fixture.api(.post, path, as: roles, unit: unit, subject: "api-\(roles[0])", body)
        return (answer.status, (try? JSONSerialization.jsonObject(with: Data(answer.text.utf8))) as? [String: Any] ?? [:])
    }

    /// A council of `unit` convened with every member present, the nomination scheduled and voted
    /// for by all, then forwarded by the unit's head.
    static func reviewAndForward(_ fixture: ConsoleFixture, _ id: String, council unit: String, session: String) async throws {
        let members = try #require(fixture.services.tenants.defaultTenant.organization.council(of: unit)).members.map { "\"\($0.id)\"" }
        let convened = try await api(fixture, "/v1/council-sessions", as: ["council_secretary"], unit: unit,
                                     #"{"session_id": "\#(session)", "council": "\#(unit)", "date": "2026-03-02", "present": [\#(members.joined(separator: ","))]}"#)
        #expect(convened.status == .created, "\(convened.json)")
        #expect(try await api(fixture, "/v1/council-sessions/\(session)/agenda", as: ["council_secretary"], unit: unit,
                              #"{"nominations": ["\#(id)"]}"#).status == .ok)
        let ballot = try await api(fixture, "/v1/council-sessions/\(session)/ballot", as: ["council_secretary"], unit: unit,
                                   #"{"results": [{"nomination_id": "\#(id)", "in_favour": \#(members.count), "against": 0, "abstaining": 0}]}"#)
        #expect(ballot.status == .ok, "\(ballot.json)")
        let forwarded = try await api(fixture, "/v1/nominations/\(id)/forward", as: ["head_of_agency"], unit: unit,
                                      #"{"authority": "Cấp trên", "submission_number": "\#(session)/TTr"}"#)
        #expect(forwarded.status == .ok, "\(forwarded.json)")
    }

    @Test func theStandingOfficeOpensTheConsultationAndRecordsAComment() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-c1", roles: ["unit_officer"])
            try await fixture.account("office-c1", roles: ["standing_office"], unit: "vksndtc")
            let (officer, office) = (try await fixture.session("lan-c1"), try await fixture.session("office-c1"))
            let id = try await ConsoleSessionTests.acceptedLabourHero(fixture, officer: officer, office: office)
            try await Self.reviewAndForward(fixture, id, council: "vksnd-hanoi", session: "S-c1-hn")
            try await Self.reviewAndForward(fixture, id, council: "vksndtc", session: "S-c1-tc")
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "forwarded")

            let page = try await fixture.send(.get, "/nominations/\(id)", cookies: office.cookies)
            #expect(page.text.contains("action=\"/nominations/\(id)/open-consultation\""), "\(page.text)")
            let opened = try await fixture.send(.post, "/nominations/\(id)/open-consultation", cookies: office.cookies, form: [("csrf", office.csrf)])
            #expect(opened.status == .seeOther, "\(opened.text)")
            let commented = try await fixture.send(.post, "/nominations/\(id)/record-comment", cookies: office.cookies,
                                                   form: [("csrf", office.csrf), ("commenter", "Nguyễn Văn Dân"), ("comment", "Đồng tình đề nghị")])
            #expect(commented.status == .seeOther, "\(commented.text)")
            let shown = try await fixture.send(.get, "/nominations/\(id)", cookies: office.cookies)
            #expect(shown.text.contains("Nguyễn Văn Dân") && shown.text.contains("Đồng tình đề nghị"), "\(shown.text)")
            // The period has not elapsed: closing is refused with the guard's rule, and changes nothing.
            let early = try await fixture.send(.post, "/nominations/\(id)/close-consultation", cookies: office.cookies, form: [("csrf", office.csrf)])
            #expect(early.status == .conflict && early.text.contains("consultation_not_finished"), "\(early.text)")
            #expect(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.state == "in_consultation")
        }
    }
}
