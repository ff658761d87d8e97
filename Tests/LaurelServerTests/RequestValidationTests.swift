import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct RequestValidationTests {
    @Test func everyInvalidFieldIsListedAndNothingIsStored() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let body = """
                {"kind": "ad_hoc", "title": "certificate_of_merit", "year": 99999, "colour": "red",
                 "nominee": {"type": "robot", "id": "x", "name": "", "unit": "vksnd-hue", "extra": 1},
                 "achievement_summary": "nul \\u0000 inside", "documents": [{"kind": "submission", "title": "T", "sha256": "XYZ"}]}
                """
            let reply = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: "vksnd-hue", json: body)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.headers[.contentType] == "application/problem+json")
            #expect(reply.problemType == "urn:laurel:problem:validation_failed")
            let fields = Set((reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["year", "colour", "nominee.type", "nominee.name", "nominee.extra", "achievement_summary",
                               "documents[0].sha256"])
            #expect(try await app.eventCount(unit: "vksnd-hue") == 0)
        }
    }

    @Test func malformedOversizedAndMistypedBodiesGetTheirOwnProblems() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let malformed = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: "{\"kind\": ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.problemType == "urn:laurel:problem:malformed_body")

            let huge = "{\"achievement_summary\": \"" + String(repeating: "x", count: 70 * 1024) + "\"}"
            let oversized = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: huge)
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.problemType == "urn:laurel:problem:body_too_large")

            let form = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: "a=b",
                                          headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)

            let array = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: "[1, 2]")
            #expect(array.status == .unprocessableContent)

            let nested = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
            let deep = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: "{\"documents\": \(nested)}")
            #expect([.badRequest, .unprocessableContent].contains(deep.status))

            let ifMatch = try await app.send(.post, "/v1/nominations/N-1/accept", as: ["standing_office"],
                                             headers: [.ifMatch: "yesterday"])
            #expect(ifMatch.status == .badRequest)
            #expect(ifMatch.problemType == "urn:laurel:problem:invalid_if_match")

            let query = try await app.send(.get, "/v1/nominations?year=soon&limit=0&sort=name", as: ["standing_office"])
            #expect(query.status == .unprocessableContent)
            let fields = Set((query.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["year", "limit", "sort"])

            let route = try await app.send(.get, "/v1/no-such-thing", as: ["standing_office"])
            #expect(route.status == .notFound)
            #expect(route.headers[.contentType] == "application/problem+json")
            #expect(route.headers[.requestID]?.isEmpty == false)
        }
    }

    @Test func injectionStringsAreStoredAndReturnedAsPlainData() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let hostile = #"Robert'); DROP TABLE events;-- <script>alert(1)</script>"#
            let submitted = try await app.submitAdHoc(name: hostile.replacingOccurrences(of: "\"", with: "\\\""))
            #expect(submitted.status == .created)
            let shown = try await app.send(.get, "/v1/nominations/\(submitted.id)", as: ["standing_office"])
            #expect((shown.nomination["nominee"] as? [String: Any])?["name"] as? String == hostile)
        }
    }
}
