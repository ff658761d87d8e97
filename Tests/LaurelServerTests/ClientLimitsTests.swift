import Foundation
@testable import LaurelServer
import NIOCore
import Testing
import Workflow
import Yams

/// Who a request counts against, and the two limits on a client.
@Suite struct ClientLimitsTests {
    @Test func theClientIsTheConnectionOrTheLastHopATrustedProxyAdded() throws {
        var settings = ServerSettings()
        settings.trustedProxies = "10.0.0.5, ::1"
        let limits = ClientLimits(settings: settings)
        func client(_ remote: String?, _ forwardedFor: [String] = []) throws -> String? {
            limits.client(remote: try remote.map { try SocketAddress(ipAddress: $0, port: 40_000) }, forwardedFor: forwardedFor)
        }
        // A connection that is not from a trusted proxy is the client, whatever it says it forwards.
        #expect(try client("203.0.113.7", ["198.51.100.1"]) == "203.0.113.7")
        // Through a trusted proxy: the hop it added, the last; the earlier ones are the client's to invent.
        #expect(try client("10.0.0.5", ["198.51.100.1, 203.0.113.9"]) == "203.0.113.9")
        #expect(try client("10.0.0.5", ["198.51.100.1", "203.0.113.9"]) == "203.0.113.9")
        #expect(try client("10.0.0.5", ["2001:DB8:0:0::1"]) == "2001:db8::1")
        // A proxy that names no address is the client itself.
        #expect(try client("10.0.0.5", ["unknown"]) == "10.0.0.5")
        #expect(try client("10.0.0.5") == "10.0.0.5")
        // This machine is exempt, but not the clients a local trusted proxy forwards.
        #expect(try client("127.0.0.1") == nil)
        #expect(try client("::1") == nil)
        #expect(try client("::ffff:127.0.0.1") == nil)
        #expect(try client("::1", ["203.0.113.9"]) == "203.0.113.9")
        // IPv4 clients of a dual-stack socket are their IPv4 address.
        #expect(try client("::ffff:203.0.113.7") == "203.0.113.7")
        // No network address (the in-process test client): not limited.
        #expect(try client(nil, ["203.0.113.9"]) == nil)

        settings.rateLimitExemptsLoopback = false
        #expect(ClientLimits(settings: settings).client(remote: try SocketAddress(ipAddress: "127.0.0.1", port: 1),
                                                        forwardedFor: []) == "127.0.0.1")
    }

    @Test func trustedProxiesAreAddresses() {
        #expect {
            try ServerSettings.load(file: nil, environment: ["LAUREL_AUTH_HS256_SECRET": ServerFixture.secret,
                                                             "LAUREL_SERVER_TRUSTED_PROXIES": "10.0.0.5, proxy.local"])
        } throws: { error in
            (error as? ConfigErrors)?.errors.map(\.description) == ["environment: server.trusted_proxies: 'proxy.local' is not an IP address"]
        }
    }

    @Test func aClientOverItsRateOrItsFailedAuthenticationsWaitsWhatRetryAfterSays() throws {
        var settings = ServerSettings()
        settings.requestsPerSecond = 1
        settings.requestBurst = 2
        settings.failedAuthenticationsPerMinute = 3
        let clock = MovableClock()
        let limits = ClientLimits(settings: settings, now: clock.instant)
        try limits.admit("a")
        try limits.admit("a")
        let tooFast = #expect(throws: Problem.self) { try limits.admit("a") }
        #expect(tooFast?.statusCode == 429 && tooFast?.type == "urn:laurel:problem:too_many_requests")
        #expect(tooFast?.retryAfterSeconds == 1)

        for _ in 0..<3 { limits.failedAuthentication(by: "b") }
        let locked = #expect(throws: Problem.self) { try limits.admit("b") }
        #expect(locked?.statusCode == 429 && locked?.retryAfterSeconds == 20)
        #expect(locked?.detail.contains("failed authentications") == true)
        clock.advance(by: .seconds(20))
        try limits.admit("a")
        try limits.admit("b")
        // Three a minute: one more failure is allowed, then the next must wait again.
        limits.failedAuthentication(by: "b")
        #expect(throws: Problem.self) { try limits.admit("b") }
    }

    /// Any operation may be answered 429, so each lists it.
    @Test func everyOperationOfTheOpenAPIDocumentLists429() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/LaurelServer/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = 0
        for (path, methods) in paths {
            for (method, operation) in methods where ["get", "post", "put", "patch", "delete"].contains(method) {
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any]
                let tooMany = responses?["429"] as? [String: Any]
                #expect(tooMany?["$ref"] as? String == "#/components/responses/TooManyRequests", "\(method) \(path)")
                operations += 1
            }
        }
        #expect(operations > 40)
    }

    @Test func zeroTurnsALimitOff() throws {
        var settings = ServerSettings()
        settings.requestsPerSecond = 0
        settings.failedAuthenticationsPerMinute = 0
        let limits = ClientLimits(settings: settings)
        for _ in 0..<1_000 {
            limits.failedAuthentication(by: "a")
            try limits.admit("a")
        }
    }
}
