import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct IdempotencyTests {
    @Test func aRetryWithTheSameKeyReturnsTheFirstResponseAndAppendsNothing() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let headers: HTTPFields = [.idempotencyKey: "submit-an-2026-03-02"]
            let unit = "vksnd-laocai"
            let first = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                           json: ServerFixture.adHocBody(unit: unit), headers: headers)
            let retry = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                           json: ServerFixture.adHocBody(unit: unit), headers: headers)
            #expect(first.status == .created)
            #expect(retry.status == .created)
            #expect(retry.body == first.body)
            #expect(retry.headers[.eTag] == first.headers[.eTag])
            #expect(try await app.eventCount(unit: unit) == 1)

            let other = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                           json: ServerFixture.adHocBody(unit: unit, name: "Lê Văn Khác"), headers: headers)
            #expect(other.status == .unprocessableContent)
            #expect(other.problemType == "urn:laurel:problem:idempotency_key_reused")

            let anotherCaller = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                                   subject: "another-officer",
                                                   json: ServerFixture.adHocBody(unit: unit, name: "Lê Văn Khác"), headers: headers)
            #expect(anotherCaller.status == .created, "keys are scoped by caller")
        }
    }

    @Test func twentyConcurrentRetriesAppendOnce() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let id = try await app.submitAdHoc().id
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await app.send(.post, "/v1/nominations/\(id)/accept", as: ["standing_office"], json: "{}",
                                           headers: [.idempotencyKey: "accept-once"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .ok }, "\(replies.map(\.status))")
            #expect(Set(replies.map(\.body)).count == 1)
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"])
            #expect(history.array.count == 2)
        }
    }

    @Test func concurrentDecisionsOnOneNominationRecordExactlyOne() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let id = try await app.submitAdHoc().id
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let command = index.isMultiple(of: 2) ? "accept" : "return-for-amendment"
                        let body = index.isMultiple(of: 2) ? "{}" : #"{"reasons": ["Thiếu hồ sơ"]}"#
                        return try await app.send(.post, "/v1/nominations/\(id)/\(command)", as: ["standing_office"],
                                                  json: body, headers: [.ifMatch: "\"1\""]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 11)
            #expect(try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"]).array.count == 2)
        }
    }
}
