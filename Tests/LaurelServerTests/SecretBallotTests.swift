import Foundation
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// A title voted by secret ballot keeps counts only: nothing the service stores or answers links
/// a member to a choice.
@Suite(.freshDatabase, .tags(.database))
struct SecretBallotTests {
    /// The two Hà Nội council members who are absent and send written opinions.
    static let absent = ["cb-00022", "cb-00023"]

    static let labourHero = """
        {"kind": "labour_hero", "title": "labour_hero", "year": 2025,
         "nominee": {"type": "individual", "id": "staff-secret-1", "name": "Trịnh Văn Kín", "unit": "vksnd-hanoi",
                     "position": "Kiểm sát viên cao cấp", "is_front_line": true},
         "achievement_summary": "Hai mươi năm liên tục hoàn thành xuất sắc nhiệm vụ.",
         "documents": [\(["submission", "achievement_report", "ballot_minutes", "party_committee_opinion", "local_government_opinion"]
                          .map { #"{"kind": "\#($0)", "title": "\#($0)", "sha256": "\#(String(repeating: "ab", count: 32))"}"# }
                          .joined(separator: ", "))]}
        """

    @Test func noMemberIsLinkedToAChoiceAnywhere() async throws {
        try await ServerFixture.run { app in
            let id = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: Self.labourHero).id
            #expect(try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"]).state == "accepted")
            let present = ServerFixture.jsonList(ServerFixture.hanoiCouncil.filter { !Self.absent.contains($0) })
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], json: """
                {"session_id": "S-secret", "council": "vksnd-hanoi", "date": "2026-03-02", "present": \(present)}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            let scheduled = try await app.send(.post, "/v1/nominations/\(id)/schedule-for-council", as: ["council_secretary"],
                                               json: #"{"session_id": "S-secret"}"#)
            #expect(scheduled.state == "scheduled", "\(scheduled.text)")

            let named = try await app.send(.post, "/v1/nominations/\(id)/record-council-result", as: ["council_secretary"], json: """
                {"session_id": "S-secret", "in_favour": 7, "against": 0, "abstaining": 0,
                 "written_opinions": [{"member_id": "\(Self.absent[0])", "in_favour": true}]}
                """)
            #expect(named.status == .unprocessableContent, "\(named.text)")
            #expect(named.problemType == "urn:laurel:problem:secret_ballot_named")

            let counted = try await app.send(.post, "/v1/nominations/\(id)/record-council-result", as: ["council_secretary"], json: """
                {"session_id": "S-secret", "in_favour": 6, "against": 1, "abstaining": 0,
                 "written_opinions_from": \(ServerFixture.jsonList(Self.absent)), "written_in_favour": 1}
                """)
            #expect(counted.state == "council_reviewed", "\(counted.text)")
            let checkpoint = try #require(counted.json["checkpoint"] as? String)
            let result = try #require(counted.nomination["council_result"] as? [String: Any], "\(counted.text)")
            let ballots = try #require(result["written_ballots"] as? [String: Any], "\(result)")
            #expect(ballots["from"] as? [String] == Self.absent)
            #expect(ballots["in_favour"] as? Int == 1)

            // Every response about the session and the nomination.
            var documents: [(String, Any)] = [("record", counted.json)]
            for uri in ["/v1/nominations/\(id)?checkpoint=\(checkpoint)", "/v1/nominations/\(id)/history",
                        "/v1/council-sessions/S-secret", "/v1/council-sessions?council=vksnd-hanoi&checkpoint=\(checkpoint)",
                        "/v1/reports/deadlines?checkpoint=\(checkpoint)", "/v1/awards?checkpoint=\(checkpoint)"] {
                let reply = try await app.send(.get, uri, as: ["auditor"])
                #expect(reply.status == .ok, "\(uri): \(reply.text)")
                documents.append((uri, try JSONSerialization.jsonObject(with: reply.body)))
            }
            // Every row of every table, the event log included.
            let tables = try await app.services.pool.query("""
                SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                """)
            #expect(tables.count > 10)
            for row in tables {
                let table: String = try row.decode(0)
                let rows = try await app.services.pool.query("SELECT coalesce(json_agg(t), '[]')::text FROM \(table) t")
                let text: String = try rows[0].decode(0)
                documents.append((table, try JSONSerialization.jsonObject(with: Data(text.utf8))))
            }
            var links: [String] = []
            for (place, document) in documents { Self.findLinks(in: document, at: place, into: &links) }
            #expect(links.isEmpty, "members linked to a choice: \(links)")
            // The walk does find the written opinions' senders, so it looks where they are.
            let mentions = documents.filter { "\($0.1)".contains(Self.absent[0]) }.map(\.0)
            #expect(mentions.contains("public.events"), "\(mentions)")
        }
    }

    /// An object that names an absent member beside a choice field, at any depth;
    /// event payloads stored as JSON text are read too.
    static func findLinks(in value: Any, at place: String, into links: inout [String]) {
        switch value {
        case let object as [String: Any]:
            let namesMember = object.values.contains { ($0 as? String).map(absent.contains) ?? false }
            let choiceKeys: Set<String> = ["inFavour", "in_favour", "vote", "choice"]
            let hasChoice = object.keys.contains(where: choiceKeys.contains)
            if namesMember && hasChoice { links.append("\(place): \(object)") }
            for (key, nested) in object { findLinks(in: nested, at: "\(place).\(key)", into: &links) }
        case let array as [Any]:
            for nested in array { findLinks(in: nested, at: place, into: &links) }
        case let text as String where text.hasPrefix("{") || text.hasPrefix("["):
            if let nested = try? JSONSerialization.jsonObject(with: Data(text.utf8)) { findLinks(in: nested, at: place, into: &links) }
        default:
            break
        }
    }
}
