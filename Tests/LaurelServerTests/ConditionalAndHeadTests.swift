import Foundation
import HTTPTypes
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// HEAD wherever GET is served, and GETs answered 304 when the client holds the version.
@Suite(.freshDatabase, .tags(.database))
struct ConditionalAndHeadTests {
    @Test func headIsServedWhereverGetIs() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            let get = try await app.send(.get, "/v1/nominations/\(id)", as: ["unit_officer"])
            let head = try await app.send(.head, "/v1/nominations/\(id)", as: ["unit_officer"])
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(try await app.send(.head, "/healthz", as: nil).status == .ok)
            #expect(try await app.send(.head, "/v1/nominations/no-such-id", as: ["unit_officer"]).status == .notFound)
        }
    }

    @Test func aGetOfTheVersionTheClientHoldsIs304() async throws {
        try await ServerFixture.run { app in
            let id = try await app.submitAdHoc().id
            let path = "/v1/nominations/\(id)"
            for held in [#""1""#, #"W/"1""#, #""7", "1""#, "*"] {
                let reply = try await app.send(.get, path, as: ["unit_officer"], headers: [.ifNoneMatch: held])
                #expect(reply.status == .notModified, "\(held)")
                #expect(reply.body.isEmpty)
                #expect(reply.headers[.eTag] == #""1""#)
            }
            #expect(try await app.send(.get, path, as: ["unit_officer"], headers: [.ifNoneMatch: #""2""#]).status == .ok)
            #expect(try await app.send(.post, "\(path)/accept", as: ["standing_office"]).state == "accepted")
            let moved = try await app.send(.get, path, as: ["unit_officer"], headers: [.ifNoneMatch: #""1""#])
            #expect(moved.status == .ok, "a newer version is sent whole")
            #expect(moved.headers[.eTag] == #""2""#)
            // Another unit's nomination stays hidden whatever the client holds.
            #expect(try await app.send(.get, path, as: ["unit_officer"], unit: "vksnd-nghean", headers: [.ifNoneMatch: "*"]).status
                    == .notFound)
        }
    }
}

@Suite struct ConditionalRequestTests {
    @Test func ifNoneMatchComparesWeaklyAndTakesLists() {
        #expect(ConditionalRequest.noneMatchFails(#""3""#, etag: #""3""#))
        #expect(ConditionalRequest.noneMatchFails(#"W/"3""#, etag: #""3""#))
        #expect(ConditionalRequest.noneMatchFails(#""1", W/"3""#, etag: #""3""#))
        #expect(ConditionalRequest.noneMatchFails("*", etag: #""3""#))
        #expect(!ConditionalRequest.noneMatchFails(#""4""#, etag: #""3""#))
        #expect(!ConditionalRequest.noneMatchFails("3", etag: #""3""#), "an unquoted tag is no entity tag")
        #expect(!ConditionalRequest.noneMatchFails(nil, etag: #""3""#))
    }
}

/// `Accept` that admits nothing a route serves is 406, whatever the route serves.
@Suite(.freshDatabase, .tags(.database))
struct NotAcceptableTests {
    @Test func aListAskedForAsCSVIs406AndJSONOrAnythingIsServed() async throws {
        try await ServerFixture.run { app in
            _ = try await app.submitAdHoc()
            let csv = try await app.send(.get, "/v1/nominations", as: ["unit_officer"], headers: [.accept: "text/csv"])
            #expect(csv.status == .notAcceptable, "\(csv.text)")
            #expect(csv.problemType == "urn:laurel:problem:not_acceptable")
            for accept in ["application/json", "*/*", "application/*", "text/csv, application/json;q=0.5"] {
                #expect(try await app.send(.get, "/v1/nominations", as: ["unit_officer"], headers: [.accept: accept]).status == .ok, "\(accept)")
            }
            #expect(try await app.send(.get, "/v1/nominations", as: ["unit_officer"], headers: [.accept: "application/json;q=0"]).status
                    == .notAcceptable)
            // A refusal is a problem document whatever Accept says.
            #expect(try await app.send(.get, "/v1/nominations/N-none", as: ["unit_officer"], headers: [.accept: "text/csv"]).status
                    == .notFound)
        }
    }

    @Test func acceptsMatchesMediaRanges() {
        #expect(NotAcceptableMiddleware.accepts("text/html, application/xhtml+xml", "text/html; charset=utf-8"))
        #expect(NotAcceptableMiddleware.accepts("text/*", "text/csv; charset=utf-8"))
        #expect(!NotAcceptableMiddleware.accepts("text/csv", "application/json"))
        #expect(!NotAcceptableMiddleware.accepts("application/json; q=0", "application/json"))
    }
}

/// A client's request and correlation ids are kept when well formed, echoed, and recorded.
@Suite(.freshDatabase, .tags(.database))
struct RequestIDTests {
    @Test func aClientsIdsAreKeptEchoedAndRecorded() async throws {
        try await ServerFixture.run { app in
            let sent = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: ServerFixture.adHocBody(),
                                          headers: [.requestID: "client-req-1", .correlationID: "batch-2026-12"])
            #expect(sent.status == .created)
            #expect(sent.headers[.requestID] == "client-req-1")
            #expect(sent.headers[.correlationID] == "batch-2026-12")
            let history = try await app.send(.get, "/v1/nominations/\(sent.id)/history", as: ["auditor"]).array
            let first = history.first as? [String: Any]
            #expect(first?["request_id"] as? String == "client-req-1", "\(String(describing: first))")
            #expect(first?["correlation_id"] as? String == "batch-2026-12")

            // A malformed id is replaced by the server's; without a correlation id, the request's stands for it.
            let malformed = try await app.send(.get, "/healthz", as: nil, headers: [.requestID: "has a space"])
            let replaced = try #require(malformed.headers[.requestID])
            #expect(replaced != "has a space" && !replaced.isEmpty)
            #expect(malformed.headers[.correlationID] == replaced)
            // Problems carry them too.
            let missing = try await app.send(.get, "/v1/nominations/N-none", as: ["unit_officer"], headers: [.requestID: "r-404"])
            #expect(missing.headers[.requestID] == "r-404")
        }
    }
}

/// CORS only for the origins the settings list; off by default.
@Suite(.freshDatabase, .tags(.database))
struct CORSTests {
    static let console = "https://console.vks.gov.vn"

    @Test func anAllowedOriginGetsPreflightAndHeadersOthersDoNot() async throws {
        var settings = ServerFixture.settings()
        settings.corsAllowedOrigins = "\(Self.console), https://tdkt.vks.gov.vn"
        try await ServerFixture.run(settings: settings) { app in
            let preflight = try await app.send(.options, "/v1/nominations", as: nil, headers: [
                .origin: Self.console, .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "authorization, content-type, idempotency-key"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.console)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("idempotency-key") == true)
            let listed = try await app.send(.get, "/v1/nominations", as: ["unit_officer"], headers: [.origin: Self.console])
            #expect(listed.status == .ok)
            #expect(listed.headers[.accessControlAllowOrigin] == Self.console)
            #expect(listed.headers[.vary]?.contains("Origin") == true)
            let stranger = try await app.send(.options, "/v1/nominations", as: nil, headers: [
                .origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(stranger.status == .methodNotAllowed)
            #expect(stranger.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func corsIsOffByDefault() async throws {
        try await ServerFixture.run { app in
            let preflight = try await app.send(.options, "/v1/nominations", as: nil, headers: [
                .origin: Self.console, .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .methodNotAllowed)
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func anOriginThatIsNotOneIsAConfigurationProblem() throws {
        let file = (name: "laurel.yaml", text: """
            auth:
              hs256_secret: "a-secret-of-at-least-thirty-two-bytes-for-tests"
            server:
              cors_allowed_origins: "https://console.vks.gov.vn, console.vks.gov.vn"
            """)
        let refused = #expect(throws: ConfigErrors.self) { try ServerSettings.load(file: file, environment: [:]) }
        #expect(refused?.description.contains("'console.vks.gov.vn' is not an origin") == true, "\(String(describing: refused))")
    }
}
