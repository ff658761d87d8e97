import Foundation
import HTTPTypes
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// One ballot for a session's whole agenda: every result stored together, or none, each bad one
/// named; a secret ballot's item keeps counts only.
@Suite(.freshDatabase, .tags(.database))
struct BallotRouteTests {
    @Test func aSessionRecordsItsWholeAgendaInOneBallot() async throws {
        try await ServerFixture.run(runProjections: true) { app in
            try await NominationListRouteTests.register("ballot", count: 4, app: app)
            try await app.registerAndRate(["stray-1"], year: 2025)
            let list = try await app.send(.put, "/v1/nomination-lists/L-ballot?unit=vksnd-hanoi&year=2025", as: ["unit_officer"],
                                          json: NominationListRouteTests.csv("ballot", count: 4),
                                          headers: NominationListRouteTests.csvHeaders)
            #expect(list.status == .created, "\(list.text)")
            #expect(try await app.send(.post, "/v1/nomination-lists/L-ballot/intake", as: ["standing_office"], json: "{}").status == .ok)
            let hero = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: SecretBallotTests.labourHero).id
            #expect(try await app.send(.post, "/v1/nominations/\(hero)/accept", as: ["standing_office"]).state == "accepted")
            let stray = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                           json: ServerFixture.advancedWorkerBody(id: "stray-1", unit: "vksnd-hanoi", year: 2025)).id

            let present = ServerFixture.jsonList(ServerFixture.hanoiCouncil.filter { !SecretBallotTests.absent.contains($0) })
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], json: """
                {"session_id": "S-ballot", "council": "vksnd-hanoi", "date": "2026-03-02", "present": \(present)}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            // The whole agenda in one command; a nomination not taken in refuses it whole.
            let agenda = (1...4).map { "L-ballot-\($0)" } + [hero]
            let early = try await app.send(.post, "/v1/council-sessions/S-ballot/agenda", as: ["council_secretary"],
                                           json: #"{"nominations": \#(ServerFixture.jsonList(agenda + [stray]))}"#)
            #expect(early.status == .unprocessableContent, "\(early.text)")
            #expect((early.json["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [6])
            let onAgenda = try await app.send(.post, "/v1/council-sessions/S-ballot/agenda", as: ["council_secretary"],
                                              json: #"{"nominations": \#(ServerFixture.jsonList(agenda))}"#)
            #expect(onAgenda.status == .ok, "\(onAgenda.text)")
            #expect((onAgenda.json["results"] as? [[String: Any]])?.map { $0["state"] as? String } == Array(repeating: "scheduled", count: 5))
            #expect(try await app.send(.post, "/v1/council-sessions/S-ballot/agenda", as: ["council_secretary"], unit: "vksnd-nghean",
                                       json: #"{"nominations": ["L-ballot-1"]}"#).status == .notFound)
            let open = #""in_favour": 6, "against": 1, "abstaining": 0"#
            let secret = #""in_favour": 7, "against": 0, "abstaining": 0, "written_opinions_from": ["cb-00022", "cb-00023"], "written_in_favour": 2"#
            func ballot(_ results: [String]) async throws -> Reply {
                try await app.send(.post, "/v1/council-sessions/S-ballot/ballot", as: ["council_secretary"],
                                   json: #"{"results": ["# + results.joined(separator: ", ") + "]}")
            }

            // A nomination not on the agenda, one recorded twice, one without its counts: refused whole.
            let refused = try await ballot([#"{"nomination_id": "L-ballot-1", \#(open)}"#, #"{"nomination_id": "\#(stray)", \#(open)}"#,
                                            #"{"nomination_id": "L-ballot-1", \#(open)}"#])
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect((refused.json["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [2, 3], "\(refused.text)")
            let unreadable = try await ballot([#"{"nomination_id": "L-ballot-2", "in_favour": 6}"#])
            #expect((unreadable.json["errors"] as? [[String: Any]])?.first?["row"] as? Int == 1, "\(unreadable.text)")
            let untouched = try await app.send(.get, "/v1/nominations/L-ballot-1", as: ["council_secretary"])
            #expect(untouched.nomination["state"] as? String == "scheduled", "nothing stored")

            let wrongCouncil = try await app.send(.post, "/v1/council-sessions/S-ballot/ballot", as: ["council_secretary"],
                                                  unit: "vksnd-nghean", json: #"{"results": [{"nomination_id": "L-ballot-2", \#(open)}]}"#)
            #expect(wrongCouncil.status == .notFound, "\(wrongCouncil.text)")

            let results = (1...4).map { #"{"nomination_id": "L-ballot-\#($0)", \#(open)}"# } + [#"{"nomination_id": "\#(hero)", \#(secret)}"#]
            let recorded = try await ballot(results)
            #expect(recorded.status == .ok, "\(recorded.text)")
            let items = try #require(recorded.json["results"] as? [[String: Any]])
            #expect(items.map { $0["state"] as? String } == Array(repeating: "council_reviewed", count: 5))
            #expect(items.allSatisfy { $0["recommended"] as? Bool == true })
            let heroShown = try await app.send(.get, "/v1/nominations/\(hero)", as: ["council_secretary"])
            let result = try #require(heroShown.nomination["council_result"] as? [String: Any])
            #expect((result["written_ballots"] as? [String: Any])?["in_favour"] as? Int == 2)
            #expect((result["written_opinions"] as? [Any])?.isEmpty ?? true, "a secret ballot names no member's choice")

            // The minutes, from the events: attendance, each result with its rule.
            let checkpoint = try #require(recorded.json["checkpoint"] as? String)
            let minutes = try await app.send(.get, "/v1/council-sessions/S-ballot/minutes?checkpoint=\(checkpoint)", as: ["council_secretary"])
            #expect(minutes.status == .ok)
            #expect(minutes.headers[.contentType] == "text/html; charset=utf-8")
            let page = minutes.text
            for expected in ["BIÊN BẢN HỌP VÀ KIỂM PHIẾU", "Có mặt 7/9 thành viên", "Vắng mặt:", "Trịnh Văn Kín", "Lao động tiên tiến",
                             "Đề nghị", "Kết quả biểu quyết"] {
                #expect(page.contains(expected), "\(expected)")
            }
            #expect(page.components(separatedBy: "<td class=\"n\">").count - 1 == 5 * 6, "five results, six figures each")
            #expect(try await app.send(.get, "/v1/council-sessions/S-ballot/minutes", as: ["council_secretary"], unit: "vksnd-nghean")
                    .status == .notFound)
        }
    }
}
