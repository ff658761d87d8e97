import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// A deputy head signs for the head over HTTP only while a recorded delegation is in force, and
/// the decision's event names who signed for whom.
@Suite(.freshDatabase, .tags(.database))
struct DelegationRouteTests {
    static let deputy = ["deputy_head_of_agency"]
    static let grant = """
        {"decision_number": "45/QĐ-VKSTC", "decision_date": "2026-02-20", "signed_by": "Viện trưởng Lê Minh Trí",
         "deputy": {"id": "deputy-tc-1", "name": "Nguyễn Huy Tiến", "position": "Phó Viện trưởng"},
         "valid_from": "2026-02-20", "valid_until": "2026-12-31"}
        """
    static let approval = #"{"decision_number": "210/QĐ-VKSTC", "decision_date": "2026-03-02"}"#

    @Test func aDeputySignsForTheHeadOnlyUnderADelegationInForce() async throws {
        try await ServerFixture.run(runProjections: true) { app in
            let id = try await app.submitAdHoc().id
            #expect(try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], unit: "vksndtc").state == "accepted")
            let approve = "/v1/nominations/\(id)/approve"
            let events = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"]).array.count

            // No delegation yet: the deputy is not the head.
            let early = try await app.send(.post, approve, as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-1", json: Self.approval)
            #expect(early.status == .forbidden, "\(early.text)")
            #expect(early.problemType == "urn:laurel:problem:role_not_allowed")

            // Recorded by the head of the unit whose signature it lends; not by another unit's head nor by the deputy.
            let path = "/v1/units/vksndtc/delegations"
            let byOtherHead = try await app.send(.post, path, as: ["head_of_agency"], unit: "vksnd-hanoi", json: Self.grant)
            #expect(byOtherHead.status == .forbidden, "\(byOtherHead.text)")
            #expect(byOtherHead.problemType == "urn:laurel:problem:authority_not_allowed")
            let bySelf = try await app.send(.post, path, as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-1", json: Self.grant)
            #expect(bySelf.status == .forbidden, "\(bySelf.text)")
            let undated = try await app.send(.post, path, as: ["head_of_agency"], unit: "vksndtc",
                                             json: Self.grant.replacingOccurrences(of: #""valid_from": "2026-02-20", "#, with: ""))
            #expect((undated.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "valid_from", "\(undated.text)")
            let granted = try await app.send(.post, path, as: ["head_of_agency"], unit: "vksndtc", json: Self.grant)
            #expect(granted.status == .created, "\(granted.text)")
            let listed = try #require((granted.json["delegations"] as? [[String: Any]])?.first)
            #expect(listed["in_force_today"] as? Bool == true)
            #expect((listed["deputy"] as? [String: Any])?["position"] as? String == "Phó Viện trưởng")
            #expect(try await app.send(.post, path, as: ["head_of_agency"], unit: "vksndtc", json: Self.grant).status == .conflict)

            // Another deputy of the same unit is not the one named.
            let other = try await app.send(.post, approve, as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-2", json: Self.approval)
            #expect(other.status == .forbidden, "\(other.text)")
            #expect(try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"]).array.count == events,
                    "no refused command appended anything")

            let offered = try await app.send(.get, "/v1/nominations/\(id)", as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-1")
            let actions = (offered.json["available_actions"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
            #expect(actions.contains("approve"), "the deputy is offered the head's actions: \(offered.text)")
            let signed = try await app.send(.post, approve, as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-1", json: Self.approval)
            #expect(signed.state == "approved", "\(signed.text)")
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"]).array
            let approved = try #require(history.last as? [String: Any])
            #expect(approved["type"] as? String == "nomination.approved")
            let onBehalf = try #require((approved["payload"] as? [String: Any])?["signedOnBehalf"] as? [String: Any], "\(approved)")
            #expect(onBehalf["forHeadOf"] as? String == "vksndtc")
            #expect(onBehalf["delegation"] as? String == "45/QĐ-VKSTC")
            #expect((onBehalf["deputy"] as? [String: Any])?["id"] as? String == "deputy-tc-1")
            let checkpoint = try #require(signed.json["checkpoint"] as? String)
            let timeline = try await app.send(.get, "/v1/nominations/\(id)/timeline?checkpoint=\(checkpoint)", as: ["auditor"]).array
            #expect(timeline.last?["summary"] as? String == "Approved by decision 210/QĐ-VKSTC of 2026-03-02; signed for the head of "
                    + "vksndtc by Phó Viện trưởng Nguyễn Huy Tiến under delegation 45/QĐ-VKSTC", "\(timeline.last ?? [:])")

            // Ended from today: the deputy no longer signs.
            let ended = try await app.send(.post, "/v1/units/vksndtc/delegation-endings", as: ["standing_office"], unit: "vksndtc",
                                           json: #"{"decision_number": "45/QĐ-VKSTC", "decision_year": 2026, "ended_on": "2026-03-02", "reason": "Nghỉ hưu"}"#)
            #expect(ended.status == .ok, "\(ended.text)")
            let shown = try await app.send(.get, path, as: ["auditor"])
            let after = try #require((shown.json["delegations"] as? [[String: Any]])?.first)
            #expect(after["in_force_today"] as? Bool == false)
            #expect((after["ended"] as? [String: Any])?["reason"] as? String == "Nghỉ hưu")
            #expect((after["ended"] as? [String: Any])?["year"] as? Int == 2026, "the ending names the decision's year")
            let second = try await app.submitAdHoc(name: "Trần Văn Bảo").id
            #expect(try await app.send(.post, "/v1/nominations/\(second)/accept", as: ["standing_office"], unit: "vksndtc").state == "accepted")
            let late = try await app.send(.post, "/v1/nominations/\(second)/approve", as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-1",
                                          json: Self.approval)
            #expect(late.status == .forbidden, "\(late.text)")
            let notOffered = try await app.send(.get, "/v1/nominations/\(second)", as: Self.deputy, unit: "vksndtc", subject: "deputy-tc-1")
            #expect(notOffered.status == .ok)
            #expect((notOffered.json["available_actions"] as? [Any])?.isEmpty == true, "\(notOffered.text)")
            #expect(try await app.send(.get, path, as: ["unit_officer"], unit: "vksndtc").status == .forbidden)
            #expect(try await app.send(.get, path, as: ["standing_office"], unit: "vksnd-hanoi").status == .notFound)
        }
    }
}
