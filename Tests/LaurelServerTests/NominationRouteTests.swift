import EventStore
import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct NominationRouteTests {
    @Test func adHocNominationGoesFromSubmissionToApprovalOverHTTP() async throws {
        try await ServerFixture.run { app in
            let submitted = try await app.submitAdHoc()
            #expect(submitted.status == .created)
            #expect(submitted.headers[.eTag] == "\"1\"")
            #expect(submitted.headers[.location] == "/v1/nominations/\(submitted.id)")
            #expect(submitted.state == "submitted")
            let id = submitted.id

            let accepted = try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"],
                                              headers: [.ifMatch: "\"1\""])
            #expect(accepted.status == .ok)
            #expect(accepted.state == "accepted")
            let actions = (accepted.json["available_actions"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
            #expect(actions.contains("reject"))
            #expect(!actions.contains("approve"), "the standing office may not approve")

            let approved = try await app.send(
                .post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                json: #"{"decision_number": "125/QĐ-VKSTC", "decision_date": "2026-03-02"}"#,
                headers: [.correlationID: "case-2026-17"])
            #expect(approved.status == .ok)
            #expect(approved.state == "approved")
            #expect(approved.version == 3)

            let shown = try await app.send(.get, "/v1/nominations/\(id)", as: ["auditor"])
            #expect(shown.state == "approved")
            #expect(shown.headers[.eTag] == "\"3\"")
            #expect((shown.json["available_actions"] as? [Any])?.isEmpty == true, "an auditor may do nothing")
        }
    }

    @Test func historyCarriesTheChainedHashesAndTheTokensActor() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            try await app.send(.post, "/v1/nominations/\(id)/return-for-amendment", as: ["standing_office"],
                               json: #"{"reasons": ["Thiếu tờ trình có chữ ký"]}"#, headers: [.correlationID: "corr-1"])
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["unit_officer"])
            #expect(history.status == .ok)
            let events = history.array
            #expect(events.map { $0["type"] as? String } == ["nomination.submitted", "nomination.returned_for_amendment"])
            #expect(events[1]["previous_hash"] as? String == events[0]["hash"] as? String)
            #expect(events[1]["actor_id"] as? String == "user-standing_office")
            #expect(events[1]["actor_roles"] as? [String] == ["standing_office"])
            #expect(events[1]["correlation_id"] as? String == "corr-1")
            #expect(events[1]["reason"] as? String == "Thiếu tờ trình có chữ ký")
            #expect((events[1]["request_id"] as? String)?.isEmpty == false)

            let integrity = try await app.send(.get, "/v1/nominations/\(id)/integrity", as: ["auditor"])
            #expect(integrity.json["events_checked"] as? Int == 2)
            #expect((integrity.json["issues"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theStateAsOfAVersionIsTheStateThen() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"])
            let then = try await app.send(.get, "/v1/nominations/\(id)/state?version=1", as: ["standing_office"])
            #expect(then.state == "submitted")
            #expect(then.version == 1)
            let now = try await app.send(.get, "/v1/nominations/\(id)/state?as_of=2100-01-01T00:00:00Z", as: ["standing_office"])
            #expect(now.state == "accepted")
            let before = try await app.send(.get, "/v1/nominations/\(id)/state?as_of=2000-01-01T00:00:00Z", as: ["standing_office"])
            #expect(before.status == .notFound)
            let both = try await app.send(.get, "/v1/nominations/\(id)/state?version=1&as_of=2000-01-01T00:00:00Z",
                                          as: ["standing_office"])
            #expect(both.status == .unprocessableContent)
        }
    }

    @Test func aQueryWithTheCommandsCheckpointSeesItsEffect() async throws {
        try await ServerFixture.run { app in
            let submitted = try await app.submitAdHoc(name: "Trần Thị Bích")
            let checkpoint = try #require(submitted.json["checkpoint"] as? String)
            let list = try await app.send(.get, "/v1/nominations?q=tran%20thi%20bich&checkpoint=\(checkpoint)", as: ["standing_office"])
            #expect(list.status == .ok)
            let items = list.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["nomination_id"] as? String } == [submitted.id])
            // The list names the id as the single resource does; nomination_id stays, deprecated.
            #expect(items.map { $0["id"] as? String } == [submitted.id])

            let timeline = try await app.send(.get, "/v1/nominations/\(submitted.id)/timeline?checkpoint=\(checkpoint)",
                                              as: ["standing_office"])
            #expect(timeline.array.count == 1)
            #expect(timeline.array.first?["actor_id"] as? String == "user-unit_officer")
        }
    }

    /// The timeline is read from the stream: right after the commands, with no read model running
    /// and no checkpoint, it holds every event, each with the hash the history shows.
    @Test func theTimelineIsTheStreamsOwnEventsWithoutAReadModel() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let id = try await app.submitAdHoc().id
            try await app.send(.post, "/v1/nominations/\(id)/return-for-amendment", as: ["standing_office"],
                               json: #"{"reasons": ["Thiếu tờ trình có chữ ký"]}"#)
            let timeline = try await app.send(.get, "/v1/nominations/\(id)/timeline", as: ["auditor"]).array
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"]).array
            #expect(timeline.map { $0["type"] as? String } == ["nomination.submitted", "nomination.returned_for_amendment"])
            #expect(timeline.map { $0["hash"] as? String } == history.map { $0["hash"] as? String })
            #expect(timeline.map { $0["position"] as? Int } == history.map { $0["position"] as? Int })
            #expect(timeline.last?["reason"] as? String == "Thiếu tờ trình có chữ ký")
            #expect(timeline.last?["summary"] as? String == "Returned for amendment: Thiếu tờ trình có chữ ký")
            #expect(timeline.last?["actor_roles"] as? [String] == ["standing_office"])
            // The intake's rules, each with its source, as the event recorded them.
            let accepted = try await app.submitAdHoc().id
            try await app.send(.post, "/v1/nominations/\(accepted)/accept", as: ["standing_office"])
            let intake = try await app.send(.get, "/v1/nominations/\(accepted)/timeline", as: ["auditor"]).array
            #expect(intake.map { $0["type"] as? String } == ["nomination.submitted", "nomination.accepted"])
            let explanations = intake.last?["explanations"] as? [[String: Any]] ?? []
            #expect(!explanations.isEmpty)
            #expect(explanations.allSatisfy { ($0["rule"] as? String)?.isEmpty == false && $0["source"] is String })
        }
    }

    @Test func aStaleIfMatchIsA409WithTheCurrentVersion() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], headers: [.ifMatch: "\"1\""])
            let stale = try await app.send(.post, "/v1/nominations/\(id)/reject", as: ["standing_office"],
                                           json: #"{"reasons": ["Không đủ tiêu chuẩn"]}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            #expect(stale.problemType == "urn:laurel:problem:version_conflict")
            #expect(stale.json["current_version"] as? Int == 2)
            #expect(try await app.send(.get, "/v1/nominations/\(id)", as: ["standing_office"]).state == "accepted")
        }
    }

    @Test func aCommandTheStateDoesNotAllowIsA409FromTheRules() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            let early = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                                           json: #"{"decision_number": "1/QĐ", "decision_date": "2026-03-02"}"#)
            #expect(early.status == .conflict)
            #expect(early.problemType == "urn:laurel:problem:transition_not_allowed")
            // A year no decision was ever made in is refused before anything is stored (it once
            // was stored as "67-05-15", which no reader could parse back).
            let ancient = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                                             json: #"{"decision_number": "1/QĐ", "decision_date": "0067-05-15"}"#)
            #expect(ancient.status == .unprocessableContent)
            #expect((ancient.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "decision_date")
            #expect(try await app.send(.get, "/v1/nominations/\(id)/history", as: ["standing_office"]).array.count == 1)
            let missing = try await app.send(.post, "/v1/nominations/N-missing/accept", as: ["standing_office"])
            #expect(missing.status == .notFound)
            // One code for what does not exist, on a command as on a read.
            #expect(missing.problemType == "urn:laurel:problem:not_found")
            #expect(try await app.send(.get, "/v1/nominations/N-missing", as: ["standing_office"]).problemType
                    == "urn:laurel:problem:not_found")
        }
    }
}

/// On a database of its own: no runner of another test may move the read models.
@Suite(.freshDatabase, .tags(.database))
struct ReadYourWritesTimeoutTests {
    @Test func aCheckpointTheReadModelNeverReachesIsA503() async throws {
        var settings = ServerFixture.settings()
        settings.readYourWritesTimeoutMilliseconds = 200
        try await ServerFixture.run(runProjections: false, settings: settings) { app in
            let submitted = try await app.submitAdHoc()
            let checkpoint = try #require(submitted.json["checkpoint"] as? String)
            let list = try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)", as: ["standing_office"])
            #expect(list.status == .serviceUnavailable)
            #expect(list.problemType == "urn:laurel:problem:service_unavailable")
            #expect(list.headers[.retryAfter] != nil)
        }
    }

    /// A cursor the list did not give out is refused, not read as "from the start".
    @Test(arguments: ["abc", "-5", "12.5"])
    func aForgedCursorIsA422(cursor: String) async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let list = try await app.send(.get, "/v1/nominations?cursor=\(cursor)", as: ["standing_office"])
            #expect(list.status == .unprocessableContent)
            #expect((list.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "cursor")
        }
    }

    @Test func aCheckpointWhereTheLogHasNoEventIsA422() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let submitted = try await app.submitAdHoc()
            let text = try #require(submitted.json["checkpoint"] as? String)
            let tokens = app.services.tenants.defaultTenant.checkpoints
            let checkpoint = try #require(tokens.checkpoint(in: text))
            let beyond = try #require(tokens.token(for: LogCheckpoint(transactionID: checkpoint.transactionID + 1_000,
                                                                       position: checkpoint.position + 1)))
            for path in ["/v1/nominations?checkpoint=\(beyond)", "/v1/reports/statistics?unit=vksnd-thanhhoa&year=2026&checkpoint=\(beyond)",
                         "/v1/nominations/\(submitted.id)/timeline?checkpoint=\(beyond)"] {
                // The Supreme's standing office covers Thanh Hóa: the scope is checked before the checkpoint.
                let reply = try await app.send(.get, path, as: ["standing_office"], unit: ServerFixture.sector)
                #expect(reply.status == .unprocessableContent, "\(path)")
                #expect(reply.problemType == "urn:laurel:problem:unknown_checkpoint", "\(path)")
            }
        }
    }
}
