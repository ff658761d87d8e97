import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct CouncilRouteTests {
    static let documents = ["submission", "achievement_report", "review_minutes", "initiative_certificate"]
        .map { #"{"kind": "\#($0)", "title": "\#($0)", "sha256": "\#(String(repeating: "0f", count: 32))"}"# }
        .joined(separator: ", ")

    /// A submission of a grassroots emulation fighter for 2025, with its dossier and initiative.
    static func grassrootsFighter(id: String, name: String, unit: String) -> String {
        """
        {"kind": "annual", "title": "grassroots_emulation_fighter", "year": 2025,
         "nominee": {"type": "individual", "id": "\(id)", "name": "\(name)", "unit": "\(unit)",
                     "position": "Kiểm sát viên trung cấp", "is_front_line": true},
         "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
         "documents": [\(documents)],
         "initiatives": [{"year": 2025, "scope": "grassroots"}]}
        """
    }

    /// The cap is a share of the unit's advanced workers of the year (15% of 34: five). Intakes
    /// racing for the last places must not all pass: each counts the others that were accepted before it.
    @Test func concurrentIntakesNeverAcceptMoreThanTheCap() async throws {
        try await ServerFixture.run { app in
            let unit = "vksndtc-an-ninh"
            try await app.advancedWorkers((1...34).map { "an-ninh-\($0)" }, unit: unit, year: 2025)
            var ids: [String] = []
            for index in 1...8 {
                let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                                   json: Self.grassrootsFighter(id: "an-ninh-\(index)", name: "Cán bộ \(index)", unit: unit))
                #expect(submitted.status == .created, "\(submitted.text)")
                ids.append(submitted.id)
            }
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for id in ids {
                    group.addTask {
                        // Intakes of one cap are ordered by the quota stream's version: on a loaded
                        // machine a request may still find the pool busy, or be outrun too often,
                        // and get a 503 to send again, as a client would.
                        var reply = try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], unit: ServerFixture.sector)
                        for _ in 0..<10 where reply.status == .serviceUnavailable {
                            try await Task.sleep(for: .milliseconds(200))
                            reply = try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], unit: ServerFixture.sector)
                        }
                        return reply
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.state == "accepted" }.count == 5, "\(replies.map(\.text))")
            let refused = replies.filter { $0.status != .ok }
            #expect(refused.count == 3)
            #expect(refused.allSatisfy { $0.status == .unprocessableContent && $0.problemType.hasSuffix("cap_exceeded") },
                    "\(refused.map(\.text))")

            // A withdrawal gives its place back, and a later intake takes it; the one after is refused again.
            let accepted = try #require(replies.first { $0.state == "accepted" }?.id)
            let waiting = ids.filter { id in !replies.contains { $0.id == id } }
            #expect(waiting.count == 3)
            let withdrawn = try await app.send(.post, "/v1/nominations/\(accepted)/withdraw", as: ["unit_officer"], unit: unit,
                                               json: #"{"reason": "Chuyển công tác"}"#)
            #expect(withdrawn.state == "withdrawn", "\(withdrawn.text)")
            let taken = try await app.send(.post, "/v1/nominations/\(waiting[0])/accept", as: ["standing_office"], unit: ServerFixture.sector)
            #expect(taken.state == "accepted", "\(taken.text)")
            let full = try await app.send(.post, "/v1/nominations/\(waiting[1])/accept", as: ["standing_office"], unit: ServerFixture.sector)
            #expect(full.problemType.hasSuffix("cap_exceeded"), "\(full.text)")
        }
    }

    /// An annual title through intake, a council session with a recusal and a tally, and approval.
    @Test func anAnnualTitleIsRecommendedByTheCouncilAndApproved() async throws {
        try await ServerFixture.run { app in
            try await app.readyForGrassroots("staff-7", year: 2025)
            let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                               json: Self.grassrootsFighter(id: "staff-7", name: "Phạm Minh Châu", unit: "vksnd-hanoi"))
            #expect(submitted.status == .created, "\(submitted.text)")
            let id = submitted.id
            #expect(try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"]).state == "accepted")

            // A grassroots title of Hà Nội goes to the Hà Nội council, seven of its nine members present.
            let present = ServerFixture.jsonList(ServerFixture.hanoiCouncil.prefix(7))
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], json: """
                {"session_id": "S-2026-1", "council": "vksnd-hanoi", "date": "2026-03-02", "present": \(present)}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            #expect(convened.headers[.location] == "/v1/council-sessions/S-2026-1")

            let recused = try await app.send(.post, "/v1/council-sessions/S-2026-1/recusals", as: ["council_secretary"],
                                             json: #"{"member_id": "cb-00016", "nomination_id": "\#(id)", "reason": "Người thân"}"#)
            #expect(recused.status == .ok, "\(recused.text)")

            let scheduled = try await app.send(.post, "/v1/nominations/\(id)/schedule-for-council", as: ["council_secretary"],
                                               json: #"{"session_id": "S-2026-1"}"#)
            #expect(scheduled.state == "scheduled", "\(scheduled.text)")

            let overCounted = try await app.send(.post, "/v1/nominations/\(id)/record-council-result", as: ["council_secretary"],
                                                 json: #"{"session_id": "S-2026-1", "in_favour": 7, "against": 0, "abstaining": 0}"#)
            #expect(overCounted.status == .unprocessableContent, "the recused member cannot be counted: \(overCounted.text)")

            let tallied = try await app.send(.post, "/v1/nominations/\(id)/record-council-result", as: ["council_secretary"],
                                             json: #"{"session_id": "S-2026-1", "in_favour": 5, "against": 1, "abstaining": 0}"#)
            #expect(tallied.state == "council_reviewed", "\(tallied.text)")

            let approved = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"],
                                              json: #"{"decision_number": "12/QĐ-VKSTC", "decision_date": "2026-03-02"}"#)
            #expect(approved.state == "approved", "\(approved.text)")
            let checkpoint = try #require(approved.json["checkpoint"] as? String)

            let agendas = try await app.send(.get, "/v1/council-sessions?council=vksnd-hanoi&checkpoint=\(checkpoint)",
                                             as: ["council_secretary"])
            let agenda = try #require((agendas.json["items"] as? [[String: Any]])?.first { $0["session_id"] as? String == "S-2026-1" },
                                      "\(agendas.status): \(agendas.text)")
            let item = try #require((agenda["items"] as? [[String: Any]])?.first)
            #expect(item["recused_member_ids"] as? [String] == ["cb-00016"])
            #expect(item["in_favour"] as? Int == 5)

            let awards = try await app.send(.get, "/v1/awards?nominee_id=staff-7&checkpoint=\(checkpoint)", as: ["auditor"])
            #expect((awards.json["items"] as? [[String: Any]])?.map { $0["title"] as? String } == ["grassroots_emulation_fighter"])

            let officer = try await app.send(.get, "/v1/council-sessions", as: ["unit_officer"])
            #expect(officer.status == .forbidden)
            let closed = try await app.send(.post, "/v1/council-sessions/S-2026-1/close", as: ["council_secretary"])
            #expect(closed.status == .ok)
            let session = try await app.send(.get, "/v1/council-sessions/S-2026-1", as: ["standing_office"])
            #expect((session.json["session"] as? [String: Any])?["is_closed"] as? Bool == true)
        }
    }

    @Test func aSessionOfAnOrganisationsCouncilTakesItsMembersAndChair() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let council = try #require(app.services.organization.council(code: "hdtdkt-vksnd-nghean"))
            let present = council.members.dropLast().map { "\"\($0.id)\"" }.joined(separator: ", ")
            let convened = try await app.send(.post, "/v1/council-sessions", as: ["standing_office"], unit: "vksnd-nghean", json: """
                {"council": "vksnd-nghean", "date": "2026-03-03", "present": [\(present)]}
                """)
            #expect(convened.status == .created, "\(convened.text)")
            let session = try #require(convened.json["session"] as? [String: Any])
            #expect((session["members"] as? [Any])?.count == council.totalMembership)
            #expect(session["chair_id"] as? String == council.chair.id)

            // The membership is the council's as constituted: a list in the request is refused.
            let listed = try await app.send(.post, "/v1/council-sessions", as: ["standing_office"], unit: "vksnd-nghean", json: """
                {"council": "vksnd-nghean", "date": "2026-03-03", "present": [\(present)],
                 "members": [{"id": "m1", "name": "Ủy viên 1", "unit": "vksnd-nghean"}]}
                """)
            #expect(listed.status == .unprocessableContent, "\(listed.text)")
            #expect((listed.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "members")

            let unknown = try await app.send(.post, "/v1/council-sessions", as: ["standing_office"],
                                             json: #"{"council": "vksnd-nowhere", "date": "2026-03-03", "present": []}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect((unknown.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "council")
        }
    }

    /// The deadlines come in pages of `limit`, soonest first; following `next_cursor` visits each
    /// open stage once, and a cursor the list did not give out is a 422. (A unit no other test
    /// submits for: the suites share one database.)
    @Test func deadlinesComeInPages() async throws {
        try await ServerFixture.run { app in
            var submitted: [String] = []
            var checkpoint = ""
            for _ in 0..<5 {
                let nomination = try await app.submitAdHoc(unit: "vksnd-danang")
                submitted.append(nomination.id)
                checkpoint = try #require(nomination.json["checkpoint"] as? String)
            }
            let (seen, pages) = try await app.pages("/v1/reports/deadlines?unit=vksnd-danang&checkpoint=\(checkpoint)",
                                                    limit: 2, as: ["standing_office"], unit: "vksnd-danang")
            #expect(pages == 3)
            #expect(Set(seen.compactMap { $0["nomination_id"] as? String }) == Set(submitted))
            #expect(seen.count == submitted.count)
            // Due dates have one width, so "date id" strings sort as (date, id) pairs.
            let order = seen.map { "\($0["due_on"] as? String ?? "") \($0["nomination_id"] as? String ?? "")" }
            #expect(order == order.sorted())

            try await app.expectRefusedCursor("/v1/reports/deadlines?cursor=tomorrow", as: ["standing_office"])
        }
    }

    /// Sessions newest first, in pages, each with its agenda; one council's with `council`.
    @Test func councilSessionsComeInPages() async throws {
        try await ServerFixture.run { app in
            let council = try #require(app.services.organization.council(of: "vksnd-khanhhoa"))
            let present = ServerFixture.jsonList(council.members.map(\.id))
            var checkpoint = ""
            for (id, date) in [("S-P-1", "2026-01-05"), ("S-P-2", "2026-02-02"), ("S-P-3", "2026-02-02")] {
                let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], unit: "vksnd-khanhhoa", json: """
                    {"session_id": "\(id)", "council": "vksnd-khanhhoa", "date": "\(date)", "present": \(present)}
                    """)
                #expect(convened.status == .created, "\(convened.text)")
                checkpoint = try #require(convened.json["checkpoint"] as? String)
            }
            let (sessions, pages) = try await app.pages("/v1/council-sessions?council=vksnd-khanhhoa&checkpoint=\(checkpoint)",
                                                        limit: 2, as: ["standing_office"], unit: "vksnd-khanhhoa")
            #expect(pages == 2)
            // Newest date first; one date's sessions by id.
            #expect(sessions.compactMap { $0["session_id"] as? String } == ["S-P-2", "S-P-3", "S-P-1"])

            try await app.expectRefusedCursor("/v1/council-sessions?cursor=S-none", as: ["auditor"])
        }
    }

    /// The registry in pages, by year, name and nomination; a unit officer gets their unit's only.
    @Test func awardsComeInPages() async throws {
        try await ServerFixture.run { app in
            var approved: [String] = []
            var checkpoint = ""
            for (unit, name) in [("vksnd-cantho", "Trần Thị Bình"), ("vksnd-cantho", "Lê Văn Cường"),
                                 ("vksnd-cantho", "Phạm Minh Đức"), ("vksnd-angiang", "Võ Thị Em")] {
                let id = try await app.submitAdHoc(unit: unit, name: name).id
                let accepted = try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], unit: ServerFixture.sector)
                #expect(accepted.status == .ok)
                let decided = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                                                 json: #"{"decision_number": "7/QĐ-VKSTC", "decision_date": "2026-03-02"}"#)
                #expect(decided.status == .ok)
                checkpoint = try #require(decided.json["checkpoint"] as? String)
                if unit == "vksnd-cantho" { approved.append(id) }
            }
            let (seen, pages) = try await app.pages("/v1/awards?checkpoint=\(checkpoint)", limit: 2, as: ["unit_officer"],
                                                    unit: "vksnd-cantho")
            #expect(pages == 2)
            #expect(seen.compactMap { $0["nomination_id"] as? String }.sorted() == approved.sorted())
            #expect(seen.allSatisfy { $0["unit"] as? String == "vksnd-cantho" })
            let names = seen.compactMap { $0["nominee_name"] as? String }
            #expect(names == ["Lê Văn Cường", "Phạm Minh Đức", "Trần Thị Bình"].sorted())

            let everyUnit = try await app.send(.get, "/v1/awards?limit=200&checkpoint=\(checkpoint)", as: ["auditor"])
            let units = Set((everyUnit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["unit"] as? String })
            #expect(units.isSuperset(of: ["vksnd-cantho", "vksnd-angiang"]))
            let otherUnit = try await app.send(.get, "/v1/awards?unit=vksnd-angiang", as: ["unit_officer"], unit: "vksnd-cantho")
            #expect(otherUnit.status == .forbidden)
            try await app.expectRefusedCursor("/v1/awards?cursor=N-nothing-here", as: ["auditor"])
        }
    }

    @Test func reportsComeFromTheReadModels() async throws {
        try await ServerFixture.run { app in
            let submitted = try await app.submitAdHoc(unit: "vksnd-thanhhoa")
            let checkpoint = try #require(submitted.json["checkpoint"] as? String)
            let deadlines = try await app.send(.get, "/v1/reports/deadlines?unit=vksnd-thanhhoa&checkpoint=\(checkpoint)",
                                               as: ["standing_office"], unit: ServerFixture.sector)
            let stages = deadlines.json["items"] as? [[String: Any]] ?? []
            #expect(stages.map { $0["nomination_id"] as? String } == [submitted.id])
            #expect(stages.first?["is_overdue"] as? Bool == false)
            #expect(deadlines.json["next_cursor"] is NSNull || deadlines.json["next_cursor"] == nil)
            let overdue = try await app.send(.get, "/v1/reports/deadlines?unit=vksnd-thanhhoa&overdue=true", as: ["standing_office"],
                                              unit: "vksnd-thanhhoa")
            #expect((overdue.json["items"] as? [[String: Any]])?.isEmpty == true)
            let statistics = try await app.send(.get, "/v1/reports/statistics?unit=vksnd-thanhhoa&year=2026&checkpoint=\(checkpoint)",
                                                as: ["standing_office"], unit: ServerFixture.sector)
            let outcomes = statistics.json["outcomes"] as? [[String: Any]] ?? []
            #expect(outcomes.map { $0["submitted"] as? Int } == [1])
        }
    }
}
