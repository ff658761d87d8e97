import Foundation
import HTTPTypes
@testable import LaurelServer
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct OpenAPIExampleTests {
    /// An ad hoc nomination's way, each request taken from the document's examples: refused,
    /// submitted (and its history read),
    /// returned, amended, resubmitted, taken in and approved, its deadline read while it is
    /// open, then read as a list, a timeline and statistics. Every answer has the shape of its status's example,
    /// and every example of the document is used.
    @Test func everyExampleIsSentAndEveryAnswerHasItsExamplesShape() async throws {
        let examples = try OpenAPIExamples()
        try await ServerFixture.run { app in
            let refused = try await examples.send("submitNomination", example: "incomplete", app: app, as: ["unit_officer"])
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(Set((refused.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
                    == ["achievement_summary", "year"], "\(refused.text)")
            let submitted = try await examples.send("submitNomination", example: "certificate_of_merit", app: app, as: ["unit_officer"])
            #expect(submitted.status == .created, "\(submitted.text)")
            let id = ["id": submitted.id]
            // The history of a nomination just submitted: one event, whose payload is the submission's.
            try await examples.send("getNominationHistory", parameters: id, app: app, as: ["auditor"], unit: ServerFixture.sector)
            try await examples.send("getNomination", parameters: id, app: app, as: ["unit_officer"])
            try await examples.send("returnForAmendment", example: "missing_signature", parameters: id, app: app, as: ["standing_office"],
                                    unit: ServerFixture.sector, headers: [.ifMatch: "\"1\""])
            try await examples.send("amend", example: "signed_submission", parameters: id, app: app, as: ["unit_officer"],
                                    headers: [.ifMatch: "\"2\""])
            try await examples.send("resubmit", parameters: id, app: app, as: ["unit_officer"], headers: [.ifMatch: "\"3\""])
            let accepted = try await examples.send("accept", parameters: id, app: app, as: ["standing_office"], unit: ServerFixture.sector,
                                                   headers: [.ifMatch: "\"4\""])
            let open = try #require(accepted.json["checkpoint"] as? String)
            try await examples.send("deadlines", query: "?checkpoint=\(open)", app: app, as: ["standing_office"], unit: ServerFixture.sector)
            let approved = try await examples.send("approve", example: "decision", parameters: id, app: app, as: ["head_of_agency"],
                                                   unit: ServerFixture.sector, headers: [.ifMatch: "\"5\""])
            #expect(approved.state == "approved", "\(approved.text)")
            let checkpoint = try #require(approved.json["checkpoint"] as? String)
            try await examples.send("listNominations", query: "?checkpoint=\(checkpoint)", app: app, as: ["unit_officer"])
            try await examples.send("getNominationTimeline", parameters: id, app: app, as: ["auditor"], unit: ServerFixture.sector)
            try await examples.send("statistics", query: "?checkpoint=\(checkpoint)", app: app, as: ["auditor"], unit: ServerFixture.sector)
            try await Self.sendEmulationExamples(examples, app: app)
            try await Self.sendMovementExamples(examples, app: app)
            try await Self.sendClusterYearExamples(examples, app: app)
            try await Self.sendMedalExamples(examples, app: app)
        }
        let unused = examples.all.subtracting(examples.used)
        #expect(unused.isEmpty, "examples no test sends or compares: \(unused.sorted())")
    }

    @Test func aFieldTheExampleDoesNotShowOrAValueOfAnotherTypeIsADifference() {
        let example: [String: Any] = ["id": "N-1", "version": 2, "holds": [["kind": "discipline"]], "decided": NSNull()]
        #expect(OpenAPIExamples.differences(["id": "N-2", "version": 5, "decided": "2026-03-02"], from: example, at: "").isEmpty)
        #expect(OpenAPIExamples.differences(["id": 7], from: example, at: "") == ["/id is a number; the example shows a string"])
        #expect(OpenAPIExamples.differences(["extra": true], from: example, at: "") == ["/extra is not in the example"])
        #expect(OpenAPIExamples.differences(["holds": [["kind": "audit"], ["since": "x"]]], from: example, at: "")
                == ["/holds/1/since is not in the example"])
    }
}
