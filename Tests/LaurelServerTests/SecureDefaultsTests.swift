import Foundation
import HTTPTypes
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// What the service does by default keeps it safe: the repository's development secret serves
/// only on this machine, and responses tell browsers and caches how to treat them.
@Suite struct DevelopmentSecretTests {
    @Test func theDevelopmentSecretIsRefusedOffLoopbackAndWarnedAboutOnIt() async throws {
        var settings = ServerFixture.settings()
        settings.tokenSecret = ServerSettings.developmentSecret
        for host in ["127.0.0.1", "localhost", "::1"] {
            settings.host = host
            #expect(settings.developmentSecretRefusal == nil, "\(host)")
        }
        settings.host = "0.0.0.0"
        let refusal = try #require(settings.developmentSecretRefusal)
        #expect(refusal.contains("auth.hs256_secret") && refusal.contains("0.0.0.0"))
        // The service refuses to start, before it opens anything.
        let refused = await #expect(throws: ConfigErrors.self) { try await LaurelServices.open(settings: settings) }
        #expect(refused?.description.contains("development secret") == true)

        settings.tokenSecret = "a-secret-of-this-deployment-of-at-least-32-bytes"
        #expect(settings.developmentSecretRefusal == nil)
    }

    /// On loopback behind a reverse proxy, other machines reach the service all the same.
    @Test func theDevelopmentSecretIsRefusedBehindATrustedProxy() throws {
        var settings = ServerFixture.settings()
        settings.tokenSecret = ServerSettings.developmentSecret
        settings.trustedProxies = "127.0.0.1"
        let refusal = try #require(settings.developmentSecretRefusal)
        #expect(refusal.contains("server.trusted_proxies"))
        settings.tokenSecret = "a-secret-of-this-deployment-of-at-least-32-bytes"
        #expect(settings.developmentSecretRefusal == nil)
    }

    @Test func theShippedSettingsFileCarriesTheDevelopmentSecretOnLoopback() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("config/laurel.yaml"), encoding: .utf8)
        let settings = try ServerSettings.load(file: (name: "config/laurel.yaml", text: text), environment: [:])
        #expect(settings.tokenSecret == ServerSettings.developmentSecret)
        #expect(settings.bindsToLoopback)
    }
}

@Suite(.freshDatabase, .tags(.database))
struct SecurityHeadersTests {
    @Test func everyResponseForbidsSniffingAndAuthenticatedDataIsNeverCached() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let list = try await app.send(.get, "/v1/nominations", as: ["standing_office"])
            #expect(list.status == .ok)
            #expect(list.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(list.headers[.cacheControl] == "no-store")
            let refused = try await app.send(.get, "/v1/nominations", as: nil)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(refused.headers[.cacheControl] == "no-store")
            let health = try await app.send(.get, "/healthz", as: nil)
            #expect(health.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(health.headers[.cacheControl] == nil)
        }
    }
}
