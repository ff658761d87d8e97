import Foundation
import HTTPTypes
@testable import LaurelServer
import Logging
import PostgresTestSupport
import Synchronization
import Testing

/// Lines a test's log handler wrote.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    /// Each line as a JSON object (a line that is not one fails the test).
    func objects() throws -> [[String: Any]] {
        try all.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    func logger(format: LogFormat, level: Logger.Level = .info) -> Logger {
        Logger(label: "laurel.test") { label in
            LaurelLogHandler(label: label, level: level, format: format) { line in self.lines.withLock { $0.append(line) } }
        }
    }
}

struct LogHandlerTests {
    @Test func aJSONLineHoldsTheTimeLevelLoggerMessageAndMetadata() throws {
        let lines = LogLines()
        var logger = lines.logger(format: .json)
        logger[metadataKey: "unit"] = "vksnd-hanoi"
        logger.info("Nguyễn Văn An \"quoted\"\nsecond line", metadata: ["status": .stringConvertible(201), "level": "clash",
                                                                       "ids": .array(["a", "b"])])
        logger.debug("below the level")
        #expect(lines.all.count == 1)
        #expect(lines.all[0].hasSuffix("\n") && lines.all[0].dropLast().contains("\n") == false, "one line, newline-terminated")
        let line = try #require(try lines.objects().first)
        #expect(line["message"] as? String == "Nguyễn Văn An \"quoted\"\nsecond line")
        #expect(line["level"] as? String == "info")
        #expect(line["logger"] as? String == "laurel.test")
        #expect(line["unit"] as? String == "vksnd-hanoi")
        #expect(line["status"] as? String == "201")
        #expect(line["metadata.level"] as? String == "clash", "a metadata key never hides a field of the line")
        #expect(line["ids"] as? [String] == ["a", "b"])
        let time = try #require(line["timestamp"] as? String)
        #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time).timeIntervalSinceNow > -60)
    }

    @Test func aTextLineIsForPeople() {
        let lines = LogLines()
        lines.logger(format: .text).notice("listening", metadata: ["port": "8080"])
        let line = try? #require(lines.all.first)
        #expect(line?.contains(" notice laurel.test: port=8080 listening\n") == true, "\(line ?? "")")
        #expect((try? JSONSerialization.jsonObject(with: Data((line ?? "").utf8))) == nil)
    }
}

@Suite(.freshDatabase, .tags(.database))
struct AccessLogTests {
    /// One line per request when it ends, with the route's pattern, the status, the duration,
    /// the request id and the actor; never the token.
    @Test func everyRequestLeavesOneAccessLineWithoutItsToken() async throws {
        let lines = LogLines()
        try await ServerFixture.run(runProjections: false, logger: lines.logger(format: .json)) { app in
            let token = try await app.token(["unit_officer"], subject: "cb-00001")
            let created = try await app.send(.post, "/v1/nominations", as: nil, json: ServerFixture.adHocBody(),
                                             headers: [.authorization: "Bearer \(token)", .requestID: "client-request-7"])
            #expect(created.status == .created)
            let id = created.id
            _ = try await app.send(.get, "/v1/nominations/\(id)", as: ["unit_officer"])
            _ = try await app.send(.get, "/v1/nominations", as: nil)
            _ = try await app.send(.get, "/not/a/route", as: nil)
            let access = try lines.objects().filter { $0["route"] != nil }
            #expect(access.count == 4, "\(lines.all)")
            let post = try #require(access.first { $0["method"] as? String == "POST" })
            #expect(post["route"] as? String == "/v1/nominations")
            #expect(post["status"] as? String == "201")
            #expect(post["request_id"] as? String == "client-request-7")
            #expect(post["actor"] as? String == "cb-00001")
            #expect(post["tenant"] as? String == ServerFixture.settings().tenant, "an actor id means something within its tenant")
            #expect(Double(post["duration_ms"] as? String ?? "") ?? -1 >= 0)
            #expect(access.contains { $0["route"] as? String == "/v1/nominations/{id}" && $0["status"] as? String == "200" },
                    "the route's pattern, not the path with its id")
            #expect(access.contains { $0["route"] as? String == "/v1/nominations" && $0["status"] as? String == "401" && $0["actor"] == nil })
            #expect(access.contains { $0["route"] as? String == "unmatched" && $0["status"] as? String == "404" }, "\(access)")
            #expect(!lines.all.contains { $0.contains(token) || $0.contains("Bearer") }, "no token in any line")
            #expect(!lines.all.filter { $0.contains(#""route""#) }.contains { $0.contains(id) },
                    "an access line names the route's pattern, never the nomination's id")
        }
    }
}
