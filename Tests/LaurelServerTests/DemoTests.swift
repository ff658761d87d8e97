import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import LaurelDemo
@testable import LaurelServer
import NIOCore
import PostgresTestSupport
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
            DemoResponse(status: response.status.code, body: Data(buffer: response.body))
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
