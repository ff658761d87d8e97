import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// The rate limits through a running server: clients told apart by the address a trusted proxy
/// (this machine, here) forwards, each answered 429 with `Retry-After` when over its limits.
@Suite(.freshDatabase, .tags(.database))
struct RateLimitTests {
    /// A running server allowing each client one request a second after a burst of `burst`, and
    /// two failed authentications a minute, behind this machine as a trusted proxy, on a clock
    /// the test moves.
    static func limited(burst: Int, _ body: @Sendable (ServerFixture, MovableClock) async throws -> Void) async throws {
        var settings = ServerFixture.settings()
        settings.trustedProxies = "127.0.0.1, ::1"
        settings.requestsPerSecond = 1
        settings.requestBurst = burst
        settings.failedAuthenticationsPerMinute = 2
        let clock = MovableClock()
        try await ServerFixture.run(runProjections: false, settings: settings, testing: .live,
                                    limits: ClientLimits(settings: settings, now: clock.instant)) { try await body($0, clock) }
    }

    @Test func aClientOverItsLimitsGets429AndOtherClientsDoNot() async throws {
        try await Self.limited(burst: 4) { app, clock in
            func from(_ address: String) -> HTTPFields { [.forwardedFor: address] }

            // A burst of four, then 429 as a problem document saying how long to wait.
            for _ in 0..<4 { #expect(try await app.send(.get, "/healthz", as: nil, headers: from("203.0.113.7")).status == .ok) }
            let tooFast = try await app.send(.get, "/healthz", as: nil, headers: from("203.0.113.7"))
            #expect(tooFast.status == .tooManyRequests)
            #expect(tooFast.headers[.retryAfter] == "1")
            #expect(tooFast.headers[.contentType] == "application/problem+json")
            #expect(tooFast.problemType == "urn:laurel:problem:too_many_requests")
            #expect(tooFast.json["status"] as? Int == 429)
            #expect(tooFast.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            // Another client is not slowed; the first is let through once a token is back.
            #expect(try await app.send(.get, "/healthz", as: nil, headers: from("198.51.100.9")).status == .ok)
            clock.advance(by: .seconds(1))
            #expect(try await app.send(.get, "/healthz", as: nil, headers: from("203.0.113.7")).status == .ok)

            // Two failed authentications, then even a good token from that address waits.
            let valid = "Bearer \(try await app.token(["unit_officer"]))"
            var attacker = from("192.0.2.66")
            attacker[.authorization] = "Bearer not-a-token"
            for _ in 0..<2 { #expect(try await app.send(.get, "/v1/workflows", as: nil, headers: attacker).status == .unauthorized) }
            attacker[.authorization] = valid
            let locked = try await app.send(.get, "/v1/workflows", as: nil, headers: attacker)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "30")
            #expect(locked.problemType == "urn:laurel:problem:too_many_requests")
            #expect((locked.json["detail"] as? String)?.contains("failed authentications") == true)

            // The user the attacker's tokens could have named, at another address, is not affected:
            // a good token is served and a bad one is only a 401.
            var user = from("198.51.100.10")
            user[.authorization] = valid
            #expect(try await app.send(.get, "/v1/workflows", as: nil, headers: user).status == .ok)
            user[.authorization] = "Bearer not-a-token"
            #expect(try await app.send(.get, "/v1/workflows", as: nil, headers: user).status == .unauthorized)

            // Half a minute on, the attacker's address may try again.
            clock.advance(by: .seconds(30))
            attacker[.authorization] = valid
            #expect(try await app.send(.get, "/v1/workflows", as: nil, headers: attacker).status == .ok)
        }
    }

    /// A browser over its limit asking for a page gets a page saying how long to wait; the API's
    /// clients, and scripts not asking for HTML, keep the problem document.
    @Test func aBrowserOverItsLimitGetsAPageAndTheAPIAProblem() async throws {
        try await Self.limited(burst: 2) { app, _ in
            let browser: HTTPFields = [.forwardedFor: "203.0.113.8", .accept: "text/html,application/xhtml+xml,*/*;q=0.8"]
            for _ in 0..<2 { _ = try await app.send(.get, "/nominations", as: nil, headers: browser) }
            let page = try await app.send(.get, "/nominations", as: nil, headers: browser)
            #expect(page.status == .tooManyRequests && page.headers[.contentType] == "text/html; charset=utf-8", "\(page.text)")
            #expect(page.headers[.retryAfter] == "1" && page.text.contains("Xin thử lại sau 1 giây") && page.text.contains("too_many_requests"))
            let api = try await app.send(.get, "/v1/workflows", as: nil, headers: browser)
            #expect(api.status == .tooManyRequests && api.headers[.contentType] == "application/problem+json")
            var script = browser
            script[.accept] = "application/json"
            let scripted = try await app.send(.get, "/nominations", as: nil, headers: script)
            #expect(scripted.status == .tooManyRequests && scripted.headers[.contentType] == "application/problem+json")
        }
    }

    /// The benchmark and the demo connect from this machine, and the in-process test client from
    /// no address at all: neither is limited by default, however many requests they send.
    @Test func thisMachineIsNotLimitedByDefault() async throws {
        var settings = ServerFixture.settings()
        settings.requestsPerSecond = 1
        settings.requestBurst = 1
        settings.failedAuthenticationsPerMinute = 1
        let clock = MovableClock()
        let limits = ClientLimits(settings: settings, now: clock.instant)
        for testing in [TestingSetup.live, .router] {
            try await ServerFixture.run(runProjections: false, settings: settings, testing: testing, limits: limits) { app in
                for _ in 0..<5 {
                    let refused = try await app.send(.get, "/v1/workflows", as: nil)
                    #expect(refused.status == .unauthorized, "\(testing)")
                    let health = try await app.send(.get, "/healthz", as: nil)
                    #expect(health.status == .ok, "\(testing)")
                }
            }
        }
    }
}
