import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import LaurelDemo
@testable import LaurelServer
import NIOCore
import PostgresTestSupport
import Synchronization
import Testing

/// The demo's transport in tests: Hummingbird's test client, no socket.
struct TestClientTransport: DemoTransport {
    let client: any TestClientProtocol

    func send(_ method: String, _ path: String, token: String?, json: String?, headers: [String: String]) async throws -> DemoResponse {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        for (name, value) in headers { if let name = HTTPField.Name(name) { fields[name] = value } }
        return try await client.execute(uri: path, method: HTTPRequest.Method(method)!, headers: fields,
                                        body: json.map { ByteBuffer(string: $0) }) { response in
            let body = Data(buffer: response.body)
            ResponseLog.record(HTTPRequest.Method(method)!, path, status: response.status, headers: response.headers, body: body)
            return DemoResponse(status: response.status.code, body: body)
        }
    }
}

@Suite(.freshDatabase, .tags(.database))
struct DemoTests {
    /// The demo's scenarios run twice on one database: both runs pass every check (final
    /// states, refusals by the rules, statistics, overdue list, integrity), which also shows the
    /// demo is repeatable.
    @Test func theDemoPassesItsChecksTwiceOnOneDatabase() async throws {
        let clock = DemoClock(start: DemoScript.start)
        try await ServerFixture.run(today: { clock.today }) { app in
            for run in 1...2 {
                let script = DemoScript(transport: TestClientTransport(client: app.client), authority: app.services.authority,
                                        clock: clock, organization: app.services.organization)
                let report = try await script.run()
                #expect(report.failures.isEmpty, "run \(run): \(report.failures.map { "\($0.name): \($0.detail)" })")
                #expect(report.checks.count >= 15)
                let text = report.render(colour: false)
                #expect(text.contains("Labour Hero proposal, Nghệ An"))
                #expect(text.contains("intact"))
            }
        }
    }
}

/// A transport that stops answering after `limit` requests, as the service does when Ctrl-C stops it.
final class StoppingTransport: DemoTransport {
    struct Stopped: Error {}
    let inner: TestClientTransport
    let limit: Int
    let sent = Mutex(0)

    init(inner: TestClientTransport, limit: Int) {
        self.inner = inner
        self.limit = limit
    }

    func send(_ method: String, _ path: String, token: String?, json: String?, headers: [String: String]) async throws -> DemoResponse {
        guard sent.withLock({ count in count += 1; return count <= limit }) else { throw Stopped() }
        return try await inner.send(method, path, token: token, json: json, headers: headers)
    }
}

@Suite(.freshDatabase, .tags(.database))
struct DemoInterruptedTests {
    @Test func aDemoCutShortStillReportsWhatItDidAndChecked() async throws {
        let clock = DemoClock(start: DemoScript.start)
        try await ServerFixture.run(today: { clock.today }) { app in
            let script = DemoScript(transport: StoppingTransport(inner: TestClientTransport(client: app.client), limit: 30),
                                    authority: app.services.authority, clock: clock, organization: app.services.organization)
            let interrupted = await #expect(throws: DemoInterrupted.self) { try await script.run() }
            let stopped = try #require(interrupted)
            #expect(!stopped.steps.isEmpty)
            #expect(!stopped.checks.isEmpty, "the checks made before the stop are kept")
            #expect(stopped.render(colour: false).contains(stopped.steps[0].suffix(20)))
            #expect(stopped.cause.contains("Stopped"))
        }
    }
}
