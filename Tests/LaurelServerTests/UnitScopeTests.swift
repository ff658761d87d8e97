import Foundation
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// Every role acts on and reads only the units its token's unit covers: its own, and those under
/// it (the Supreme People's Procuracy covers every unit). Nominations of other units are not
/// disclosed (404); acting for them is refused (403) and appends nothing.
@Suite(.freshDatabase, .tags(.database))
struct UnitScopeTests {
    static let unit = "vksnd-hue"
    static let covering = ServerFixture.sector
    static let other = "vksnd-nghean"
    // Each test its own units: the suite's tests share one database and run at once.
    static let queried = "vksnd-daklak"
    static let unseen = "vksnd-lamdong"
    static let decided = "vksnd-cantho"
    static let sessions = "vksnd-khanhhoa"

    /// A body each command accepts, so that what answers is the scope and the rules, not validation.
    static let bodies: [String: String] = [
        "amend": #"{"achievement_summary": "Bổ sung", "documents": [{"kind": "submission", "title": "Tờ trình", "sha256": "\#(String(repeating: "ab", count: 32))"}]}"#,
        "return_for_amendment": #"{"reasons": ["Thiếu hồ sơ"]}"#,
        "resubmit": "{}", "accept": "{}", "open_consultation": "{}", "close_consultation": "{}",
        "place_hold": #"{"hold_kind": "complaint", "reference": "Đơn 1"}"#,
        "lift_hold": #"{"hold_id": "H-none", "note": "Đã xác minh"}"#,
        "record_comment": #"{"commenter": "Công dân", "comment": "Đồng ý"}"#,
        "schedule_for_council": #"{"session_id": "S-none"}"#,
        "record_council_result": #"{"session_id": "S-none", "in_favour": 1, "against": 0, "abstaining": 0}"#,
        "approve": #"{"decision_number": "1/QĐ", "decision_date": "2026-03-02"}"#,
        "reject": #"{"reasons": ["Chưa đủ tiêu chuẩn"]}"#,
        "forward": #"{"authority": "Thủ tướng Chính phủ", "submission_number": "1/TTr"}"#,
        "record_higher_decision": #"{"authority": "Thủ tướng Chính phủ", "outcome": "awarded", "decision_number": "1/QĐ", "decision_date": "2026-03-02"}"#,
        "withdraw": #"{"reason": "Rút hồ sơ"}"#,
        "revoke": #"{"ground": "standard_not_met", "legal_basis": "Điều 93", "decision_number": "2/QĐ"}"#,
        "restore": #"{"reason": "Minh oan", "decision_number": "3/QĐ"}"#,
        "reschedule": #"{"session_id": "S-none", "reason": "Phiên họp hoãn"}"#,
        "unschedule": #"{"reason": "Phiên họp hoãn"}"#,
    ]

    /// Every role × command × (its own unit, a unit it covers, a unit it does not cover).
    @Test func everyRoleAndCommandFollowsTheUnitsTheRoleCovers() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            #expect(Set(Self.bodies.keys) == Set(CommandRoute.commands), "a body for every command")
            let workflows = app.services.domain.workflows
            let roles = LaurelServices.knownRoles(of: app.services.domain).sorted()
            let id = try await app.submitAdHoc(unit: Self.unit).id

            // A unit that does not cover the nomination's: nothing disclosed, nothing appended.
            for command in CommandRoute.commands {
                for role in roles where workflows.roles(for: command).contains(role) {
                    let reply = try await app.send(.post, "/v1/nominations/\(id)/\(CommandRoute.path(of: command))", as: [role],
                                                   unit: Self.other, json: Self.bodies[command])
                    #expect(reply.status == .notFound, "\(role) of \(Self.other) ran \(command): \(reply.text)")
                }
            }
            #expect(try await app.eventCount(unit: Self.unit) == 1, "no refused command appended anything")
            let read = try await app.send(.get, "/v1/nominations/\(id)", as: ["standing_office"], unit: Self.other)
            #expect(read.status == .notFound)
            let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: Self.other,
                                               json: ServerFixture.adHocBody(unit: Self.unit))
            #expect(submitted.status == .forbidden)
            #expect(submitted.problemType == "urn:laurel:problem:unit_not_allowed")
            #expect((submitted.json["detail"] as? String)?.contains("may not act on \(Self.unit)") == true, "\(submitted.text)")

            // Its own unit and a unit above it: past the scope, to the rules of the command.
            for unit in [Self.unit, Self.covering] {
                for command in CommandRoute.commands {
                    for role in roles where workflows.roles(for: command).contains(role) {
                        let reply = try await app.send(.post, "/v1/nominations/\(id)/\(CommandRoute.path(of: command))", as: [role],
                                                       unit: unit, json: Self.bodies[command])
                        #expect(reply.status != .notFound && !reply.problemType.hasSuffix("unit_not_allowed"),
                                "\(role) of \(unit) may reach \(command): \(reply.text)")
                    }
                }
            }
            let fromAbove = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: Self.covering,
                                               json: ServerFixture.adHocBody(unit: Self.unit))
            #expect(fromAbove.status == .created, "\(fromAbove.text)")
        }
    }

    /// A provincial standing office lists, reports on and reads the sessions of its own units only.
    @Test func queriesFollowTheSameScope() async throws {
        try await ServerFixture.run { app in
            let hue = try await app.submitAdHoc(unit: Self.queried)
            let nghean = try await app.submitAdHoc(unit: Self.unseen)
            let checkpoint = try #require(nghean.json["checkpoint"] as? String)
            let listed = try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)&limit=200", as: ["standing_office"], unit: Self.queried)
            let ids = (listed.json["items"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String }
            #expect(ids.contains(hue.id) && !ids.contains(nghean.id), "\(listed.text)")
            for path in ["/v1/nominations", "/v1/reports/statistics", "/v1/reports/deadlines", "/v1/awards", "/v1/council-sessions"] {
                let key = path == "/v1/council-sessions" ? "council" : "unit"
                let asked = try await app.send(.get, "\(path)?\(key)=\(Self.unseen)", as: ["standing_office"], unit: Self.queried)
                #expect(asked.status == .forbidden, "\(path): \(asked.text)")
                let fromAbove = try await app.send(.get, "\(path)?\(key)=\(Self.unseen)", as: ["standing_office"], unit: Self.covering)
                #expect(fromAbove.status == .ok, "\(path): \(fromAbove.text)")
            }
            let sector = try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)&limit=200", as: ["standing_office"],
                                            unit: Self.covering)
            let all = (sector.json["items"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String }
            #expect(all.contains(hue.id) && all.contains(nghean.id))
            let auditor = try await app.send(.get, "/v1/nominations/\(nghean.id)", as: ["auditor"], unit: Self.queried)
            #expect(auditor.status == .ok, "auditors are sector-wide by the organisation file")
        }
    }

    /// A head of another province may not approve, and the Prosecutor General does not decide a
    /// province's certificate of commendation: both 403 problems naming the units; nothing appended.
    @Test func onlyTheDecidingHeadApproves() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let body = ServerFixture.adHocBody(unit: Self.decided).replacingOccurrences(of: "certificate_of_merit", with: "certificate_of_commendation")
            let id = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: Self.decided, json: body).id
            #expect(try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], unit: Self.decided).state == "accepted")
            let approval = #"{"decision_number": "4/QĐ-VKSND", "decision_date": "2026-03-02"}"#
            let sector = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: Self.covering, json: approval)
            #expect(sector.status == .forbidden)
            #expect(sector.problemType == "urn:laurel:problem:authority_not_allowed")
            #expect((sector.json["detail"] as? String)?.contains("the head of \(Self.decided) does") == true, "\(sector.text)")
            let other = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: Self.other, json: approval)
            #expect(other.status == .notFound)
            #expect(try await app.eventCount(unit: Self.decided) == 2, "nothing appended")
            let own = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: Self.decided, json: approval)
            #expect(own.state == "approved", "\(own.text)")
        }
    }

    /// A session of a council the caller does not cover is not found, whether read, closed or
    /// given a recusal, and nothing is appended; its own council's secretary closes it.
    @Test func sessionCommandsDiscloseNoMoreThanReads() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let council = try #require(app.services.organization.council(of: Self.sessions))
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], unit: Self.sessions, json: """
                {"session_id": "S-SCOPE-1", "council": "\(Self.sessions)", "date": "2026-03-02",
                 "present": \(ServerFixture.jsonList(council.members.map(\.id)))}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            let path = "/v1/council-sessions/S-SCOPE-1"
            let recusal = #"{"member_id": "\#(council.chair.id)", "nomination_id": "N-none", "reason": "Quan hệ gia đình"}"#
            for (uri, body) in [("\(path)/close", "{}"), ("\(path)/recusals", recusal)] {
                let reply = try await app.send(.post, uri, as: ["council_secretary", "standing_office"], unit: Self.other, json: body)
                #expect(reply.status == .notFound, "\(uri): \(reply.text)")
                #expect(reply.problemType == "urn:laurel:problem:not_found")
            }
            #expect(try await app.send(.get, path, as: ["standing_office"], unit: Self.other).status == .notFound)
            let session = try await app.send(.get, path, as: ["auditor"])
            #expect((session.json["session"] as? [String: Any])?["closed"] as? Bool != true, "\(session.text)")
            #expect(session.headers[.eTag] == "\"1\"", "nothing appended to the session")
            let closed = try await app.send(.post, "\(path)/close", as: ["council_secretary"], unit: Self.sessions, json: "{}")
            #expect(closed.status == .ok, "\(closed.text)")
        }
    }
}
