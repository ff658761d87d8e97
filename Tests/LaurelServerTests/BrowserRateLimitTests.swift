import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// A browser over its rate limit asking for a page gets a page saying how long to wait; the API's
/// clients keep the problem document.
@Suite(.freshDatabase, .tags(.database))
struct BrowserRateLimitTests {
    @Test func aBrowserOverItsLimitGetsAPageAndTheAPIAProblem() async throws {
        var settings = ServerFixture.settings()
        settings.trustedProxies = "127.0.0.1, ::1"
        settings.requestsPerSecond = 1
        settings.requestBurst = 2
        let clock = MovableClock()
        try await ServerFixture.run(runProjections: false, settings: settings, testing: .live,
                                    limits: ClientLimits(settings: settings, now: clock.instant)) { app in
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
}
