import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// The issue's case over HTTP: a session closed without recording the result of the nominations
/// on its agenda. The secretary moves one to the next session and takes the other back to
/// awaiting scheduling, each with a reason; both are decided on the next session, and the agendas
/// show where each one is.
@Suite(.freshDatabase, .tags(.database))
struct SessionMoveRouteTests {
    static let unit = "vksnd-hanoi"

    func convene(_ id: String, on date: String, _ app: ServerFixture) async throws {
        let present = ServerFixture.jsonList(ServerFixture.hanoiCouncil.prefix(7))
        let convened = try await app.send(.post, "/v1/council-sessions", as: ["council_secretary"], json: """
            {"session_id": "\(id)", "council": "\(Self.unit)", "date": "\(date)", "present": \(present)}
            """)
        #expect(convened.status == .created, "\(convened.text)")
    }

    /// A Hà Nội grassroots fighter, accepted and put on the agenda of `session`.
    func scheduled(_ nominee: String, on session: String, _ app: ServerFixture) async throws -> String {
        try await app.readyForGrassroots(nominee, unit: Self.unit, year: 2025)
        let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                           json: CouncilRouteTests.grassrootsFighter(id: nominee, name: "Trần Văn \(nominee)", unit: Self.unit))
        #expect(submitted.status == .created, "\(submitted.text)")
        #expect(try await app.send(.post, "/v1/nominations/\(submitted.id)/accept", as: ["standing_office"]).state == "accepted")
        let scheduled = try await app.send(.post, "/v1/nominations/\(submitted.id)/schedule-for-council", as: ["council_secretary"],
                                           json: #"{"session_id": "\#(session)"}"#)
        #expect(scheduled.state == "scheduled", "\(scheduled.text)")
        return submitted.id
    }

    func record(_ id: String, on session: String, _ app: ServerFixture) async throws -> Reply {
        try await app.send(.post, "/v1/nominations/\(id)/record-council-result", as: ["council_secretary"],
                           json: #"{"session_id": "\#(session)", "in_favour": 7, "against": 0, "abstaining": 0}"#)
    }

    @Test func aNominationLeftOnAClosedSessionIsMovedAndDecidedOnAnother() async throws {
        try await ServerFixture.run { app in
            try await convene("S-MOVE-1", on: "2026-03-02", app)
            let moved = try await scheduled("move-1", on: "S-MOVE-1", app)
            let unscheduled = try await scheduled("move-2", on: "S-MOVE-1", app)
            #expect(try await app.send(.post, "/v1/council-sessions/S-MOVE-1/close", as: ["council_secretary"]).status == .ok)
            let stuck = try await record(moved, on: "S-MOVE-1", app)
            #expect(stuck.status == .conflict, "\(stuck.text)")
            #expect(stuck.problemType == "urn:laurel:problem:session_not_available")

            try await convene("S-MOVE-2", on: "2026-03-09", app)
            let reason = "Phiên họp ngày 02/3 kết thúc trước khi biểu quyết"
            let blank = try await app.send(.post, "/v1/nominations/\(moved)/reschedule", as: ["council_secretary"],
                                           json: #"{"session_id": "S-MOVE-2", "reason": " "}"#)
            #expect(blank.status == .unprocessableContent, "\(blank.text)")
            let officer = try await app.send(.post, "/v1/nominations/\(moved)/reschedule", as: ["unit_officer"],
                                             json: #"{"session_id": "S-MOVE-2", "reason": "\#(reason)"}"#)
            #expect(officer.status == .forbidden, "\(officer.text)")

            let rescheduled = try await app.send(.post, "/v1/nominations/\(moved)/reschedule", as: ["council_secretary"],
                                                 json: #"{"session_id": "S-MOVE-2", "reason": "\#(reason)"}"#)
            #expect(rescheduled.status == .ok, "\(rescheduled.text)")
            #expect(rescheduled.state == "scheduled")
            #expect(rescheduled.nomination["council_session_id"] as? String == "S-MOVE-2")

            let backToIntake = try await app.send(.post, "/v1/nominations/\(unscheduled)/unschedule", as: ["standing_office"],
                                                  json: #"{"reason": "\#(reason)"}"#)
            #expect(backToIntake.state == "accepted", "\(backToIntake.text)")
            #expect(backToIntake.nomination["council_session_id"] == nil)
            let again = try await app.send(.post, "/v1/nominations/\(unscheduled)/schedule-for-council", as: ["council_secretary"],
                                           json: #"{"session_id": "S-MOVE-2"}"#)
            #expect(again.state == "scheduled", "\(again.text)")

            var decidedAt = ""
            for id in [moved, unscheduled] {
                let decided = try await record(id, on: "S-MOVE-2", app)
                #expect(decided.state == "council_reviewed", "\(decided.text)")
                decidedAt = try #require(decided.json["checkpoint"] as? String)
            }

            // The log keeps the move with its reason in the payload and in the metadata.
            let history = try await app.send(.get, "/v1/nominations/\(moved)/history", as: ["auditor"])
            let move = try #require(history.array.first { $0["type"] as? String == "nomination.rescheduled" })
            #expect(move["reason"] as? String == reason)
            let payload = try #require(move["payload"] as? [String: Any])
            #expect(payload["fromSessionID"] as? String == "S-MOVE-1" && payload["sessionID"] as? String == "S-MOVE-2")
            #expect(payload["reason"] as? String == reason)

            let timeline = try await app.send(.get, "/v1/nominations/\(unscheduled)/timeline?checkpoint=\(decidedAt)", as: ["auditor"])
            let summaries = timeline.array.compactMap { $0["summary"] as? String }
            #expect(summaries.contains("Taken off the agenda of session S-MOVE-1, back to accepted to be scheduled again: \(reason)"),
                    "\(summaries)")

            // The agendas: the closed session lists neither, the next one both, with their results.
            let last = try await record(moved, on: "S-MOVE-2", app)
            #expect(last.status == .conflict, "already decided: \(last.text)")
            let agendas = try await app.send(.get, "/v1/council-sessions?council=\(Self.unit)&checkpoint=\(decidedAt)",
                                             as: ["council_secretary"])
            let sessions = (agendas.json["items"] as? [[String: Any]]) ?? []
            func agenda(_ id: String) -> [[String: Any]] {
                sessions.first { $0["session_id"] as? String == id }?["items"] as? [[String: Any]] ?? []
            }
            #expect(agenda("S-MOVE-1").isEmpty, "\(agendas.text)")
            #expect(Set(agenda("S-MOVE-2").compactMap { $0["nomination_id"] as? String }) == [moved, unscheduled], "\(agendas.text)")
            #expect(agenda("S-MOVE-2").allSatisfy { $0["in_favour"] as? Int == 7 }, "\(agendas.text)")
        }
    }
}
