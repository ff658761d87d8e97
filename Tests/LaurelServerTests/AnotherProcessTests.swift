import Commands
import EventStore
import Foundation
import Hummingbird
@testable import LaurelServer
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// A submission decides without reading its new stream; an id already taken is still refused.
@Suite(.freshDatabase, .tags(.database))
struct SubmissionIDTests {
    @Test func aSubmissionWithATakenIDIsRefusedAndStoresNothing() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            let officer = try await app.services.authority.caller(
                authorization: "Bearer \(try await app.token(["unit_officer"]))")
            let nominee = Nominee.individual(id: "staff-9", name: "Lê Văn C", unit: "vksnd-hanoi", position: "Kiểm sát viên",
                                             isFrontLine: false)
            let again = NominationCommand.submit(.init(
                nominationID: id, kind: "ad_hoc", title: "certificate_of_merit", year: 2026, nominee: nominee,
                achievementSummary: "Thành tích khác",
                documents: [DossierDocument(kind: "submission", title: "Tờ trình", sha256: String(repeating: "ab", count: 32)),
                            DossierDocument(kind: "achievement_summary", title: "Tóm tắt", sha256: String(repeating: "cd", count: 32))]))
            let refused = await #expect(throws: DomainError.self) {
                try await app.services.commands.run(
                    again, actor: officer.actor,
                    options: CommandOptions(startsStream: true, metadata: EventMetadata(correlationID: "c-2", requestID: "r-2")),
                    visible: { _ in }, reply: { _ in StoredResponse(status: 201, headers: [:], body: Data()) })
            }
            #expect(refused?.code == .alreadyExists)
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"])
            #expect(history.array.count == 1)
            #expect(try await app.send(.get, "/v1/nominations/\(id)", as: ["auditor"]).json["nomination"]
                .flatMap { ($0 as? [String: Any])?["nominee"] as? [String: Any] }?["name"] as? String == "Nguyễn Văn An")
        }
    }
}

/// A nomination another process changed after this one kept it: the append's version catches
/// it, and the answer is the stream's.
@Suite(.freshDatabase, .tags(.database))
struct AnotherProcessTests {
    @Test func commandsDecideOnTheStreamWhenAnotherProcessMovedIt() async throws {
        try await ServerFixture.run { app in
            let other = try await ServerFixture.openServices()
            let id = try await app.submitAdHoc().id
            let accepted = try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"])
            #expect(accepted.version == 2)
            #expect(app.services.commands.kept.state(of: app.services.commands.streams.nomination(id))?.version == 2)

            // The other process places a hold: version 3, which this process has not seen.
            let office = try await other.authority.caller(
                authorization: "Bearer \(try await app.token(["standing_office"], unit: "vksndtc"))")
            _ = try await other.commands.run(
                .placeHold(.init(nominationID: id, holdID: "H-1", holdKind: "inspection", reference: "KL 12/2026")),
                actor: office.actor, options: CommandOptions(metadata: EventMetadata(correlationID: "c-1", requestID: "r-1")),
                visible: { _ in }, reply: { _ in StoredResponse(status: 200, headers: [:], body: Data()) })
            await other.close()
            #expect(app.services.commands.kept.state(of: app.services.commands.streams.nomination(id))?.version == 2, "this process kept version 2")

            // If-Match with the version this process kept: the stream is at 3, so a 409 naming 3.
            let stale = try await app.send(.post, "/v1/nominations/\(id)/reject", as: ["standing_office"],
                                           json: #"{"reasons": ["Không đủ tiêu chuẩn"]}"#, headers: [.ifMatch: "\"2\""])
            #expect(stale.status == .conflict)
            #expect(stale.json["current_version"] as? Int == 3)

            // Without If-Match: decided again on the stream, where the hold now blocks approval.
            let held = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                                          json: #"{"decision_number": "7/QĐ", "decision_date": "2026-03-02"}"#)
            #expect(held.status == .conflict)
            #expect(held.problemType != "urn:laurel:problem:version_conflict", "decided on the stream: \(held.json)")

            // If-Match with the stream's version: this process reads it and goes ahead.
            let lifted = try await app.send(.post, "/v1/nominations/\(id)/lift-hold", as: ["standing_office"],
                                            json: #"{"hold_id": "H-1", "note": "Kết luận không vi phạm"}"#,
                                            headers: [.ifMatch: "\"3\""])
            #expect(lifted.status == .ok, "\(lifted.json)")
            #expect(lifted.version == 4)
            let approved = try await app.send(.post, "/v1/nominations/\(id)/approve", as: ["head_of_agency"], unit: ServerFixture.sector,
                                              json: #"{"decision_number": "7/QĐ", "decision_date": "2026-03-02"}"#)
            #expect(approved.status == .ok)
            #expect(approved.version == 5)
            #expect(app.services.commands.kept.state(of: app.services.commands.streams.nomination(id))?.version == 5)
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"])
            #expect(history.array.count == 5)
        }
    }
}
