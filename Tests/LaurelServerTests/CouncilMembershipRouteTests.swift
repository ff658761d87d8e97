import Foundation
import Hummingbird
@testable import LaurelServer
import Nominations
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct CouncilMembershipRouteTests {
    /// The Nghệ An council's new membership from 9 March 2026 (decision of 25 February): its
    /// seven members but Lý Minh Giang (cb-00069), and three who join, nine in all.
    static func change(_ council: Council, number: String = "12/QĐ-VKSND") -> String {
        func seat(_ id: String, _ name: String, _ role: String) -> String {
            #"{"id": "\#(id)", "name": "\#(name)", "unit": "vksnd-nghean", "role": "\#(role)", "position": "Trưởng phòng"}"#
        }
        let seats = council.seats.filter { $0.member.id != "cb-00069" }.map { seat($0.member.id, $0.member.name, $0.role.rawValue) }
            + (1...3).map { seat("cb-0020\($0)", "Ủy viên mới \($0)", "member") }
        return """
            {"decision_number": "\(number)", "decision_date": "2026-02-25", "signed_by": "Viện trưởng Hoàng Minh Nga",
             "effective_from": "2026-03-09", "members": [\(seats.joined(separator: ", "))]}
            """
    }

    func eventCount(_ app: ServerFixture) async throws -> Int64 {
        try await app.services.pool.query("SELECT count(*)::int8 FROM events")[0].decode(0)
    }

    /// A change recorded by the province's standing office; sessions convened afterwards count
    /// against the membership in force on their own dates. Another province's standing office is
    /// refused and nothing is appended.
    @Test func aChangeOfMembershipCountsFromItsEffectiveDate() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let council = try #require(app.services.organization.council(of: "vksnd-nghean"))
            let path = "/v1/councils/vksnd-nghean/membership-changes"
            let before = try await eventCount(app)
            let hanoi = try await app.send(.post, path, as: ["standing_office"], unit: "vksnd-hanoi", json: Self.change(council))
            #expect(hanoi.status == .forbidden, "\(hanoi.text)")
            #expect(hanoi.problemType == "urn:laurel:problem:unit_not_allowed")
            let secretary = try await app.send(.post, path, as: ["council_secretary"], unit: "vksnd-nghean", json: Self.change(council))
            #expect(secretary.problemType == "urn:laurel:problem:role_not_allowed", "\(secretary.text)")
            let chairless = Self.change(council).replacingOccurrences(of: #""role": "chair""#, with: #""role": "member""#)
            let noChair = try await app.send(.post, path, as: ["standing_office"], unit: "vksnd-nghean", json: chairless)
            #expect(noChair.status == .unprocessableContent)
            #expect(noChair.problemType == "urn:laurel:problem:invalid_command", "\(noChair.text)")
            let unnumbered = try await app.send(.post, path, as: ["standing_office"], unit: "vksnd-nghean",
                                                json: Self.change(council, number: " "))
            #expect((unnumbered.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "decision_number")
            #expect(try await app.send(.post, "/v1/councils/vksnd-nowhere/membership-changes", as: ["standing_office"],
                                       unit: "vksndtc", json: Self.change(council)).status == .notFound)
            #expect(try await eventCount(app) == before)

            let recorded = try await app.send(.post, path, as: ["standing_office"], unit: "vksnd-nghean", json: Self.change(council))
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect(recorded.headers[.location] == "/v1/councils/vksnd-nghean/membership?on=2026-03-09")
            let membership = try #require(recorded.json["membership"] as? [String: Any])
            #expect(membership["total_membership"] as? Int == 9)
            #expect(membership["chair_id"] as? String == council.chair.id)
            let basis = try #require(membership["basis"] as? [String: Any])
            #expect(basis["source"] as? String == "decision")
            #expect((basis["decision"] as? [String: Any])?["signed_by"] as? String == "Viện trưởng Hoàng Minh Nga")
            let again = try await app.send(.post, path, as: ["standing_office"], unit: "vksnd-nghean", json: Self.change(council))
            #expect(again.status == .conflict)
            #expect(again.problemType == "urn:laurel:problem:already_exists", "\(again.text)")

            // Read on a date: the organisation's before the effective date, the decision's from it.
            let march8 = try await app.send(.get, "/v1/councils/vksnd-nghean/membership?on=2026-03-08", as: ["auditor"])
            #expect((march8.json["membership"] as? [String: Any])?["total_membership"] as? Int == 7, "\(march8.text)")
            #expect(((march8.json["membership"] as? [String: Any])?["basis"] as? [String: Any])?["source"] as? String == "organization")
            #expect(((march8.json["membership"] as? [String: Any])?["changes"] as? [Any])?.count == 1)
            let march9 = try await app.send(.get, "/v1/councils/vksnd-nghean/membership?on=2026-03-09", as: ["standing_office"],
                                            unit: "vksnd-nghean")
            #expect((march9.json["membership"] as? [String: Any])?["total_membership"] as? Int == 9, "\(march9.text)")
            #expect(march9.headers[.eTag] == "\"1\"")
            #expect(try await app.send(.get, "/v1/councils/vksnd-nghean/membership", as: ["standing_office"], unit: "vksnd-hanoi")
                .status == .notFound)
            #expect(try await app.send(.get, "/v1/councils/vksnd-nghean/membership", as: ["unit_officer"], unit: "vksnd-nghean")
                .status == .forbidden)
            #expect(try await app.send(.get, "/v1/councils/vksnd-nghean/membership?on=2026-02-30", as: ["auditor"])
                .status == .unprocessableContent)

            // A session held after the change: the member who left is not a member, and the
            // quorum is two thirds of nine.
            let old = council.members.map(\.id)
            let new = old.filter { $0 != "cb-00069" } + ["cb-00201", "cb-00202", "cb-00203"]
            func convene(_ id: String, on date: String, _ present: [String]) async throws -> Reply {
                try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], unit: "vksnd-nghean", json: """
                    {"session_id": "\(id)", "council": "vksnd-nghean", "date": "\(date)", "present": \(ServerFixture.jsonList(present))}
                    """)
            }
            let leaver = try await convene("S-NA-1", on: "2026-03-10", Array(new.prefix(6)) + ["cb-00069"])
            #expect(leaver.problemType == "urn:laurel:problem:unknown_member", "\(leaver.text)")
            let short = try await convene("S-NA-1", on: "2026-03-10", Array(new.prefix(5)))
            #expect(short.problemType == "urn:laurel:problem:quorum_not_met", "\(short.text)")
            let after = try await convene("S-NA-1", on: "2026-03-10", [council.chair.id] + new.suffix(5))
            #expect(after.status == .created, "\(after.text)")
            let afterSession = try #require(after.json["session"] as? [String: Any])
            #expect((afterSession["members"] as? [Any])?.count == 9)
            #expect(((afterSession["membership_basis"] as? [String: Any])?["decision"] as? [String: Any])?["number"] as? String
                    == "12/QĐ-VKSND")

            // A session held before the change, recorded after it: the seven as constituted then.
            let held = try await convene("S-NA-2", on: "2026-03-06", Array(old.prefix(5)))
            #expect(held.status == .created, "\(held.text)")
            let heldSession = try #require(held.json["session"] as? [String: Any])
            #expect((heldSession["members"] as? [Any])?.count == 7)
            #expect((heldSession["membership_basis"] as? [String: Any])?["source"] as? String == "organization")
        }
    }
}
