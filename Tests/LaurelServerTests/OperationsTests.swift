import Foundation
import Hummingbird
import LaurelBuild
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow
import Yams

@Suite(.freshDatabase, .tags(.database))
struct OperationsTests {
    @Test func healthReadinessAndMetricsAnswerWithoutAToken() async throws {
        try await ServerFixture.run { app in
            #expect(try await app.send(.get, "/healthz", as: nil).status == .ok)
            let ready = try await app.send(.get, "/readyz", as: nil)
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
            let submitted = try await app.submitAdHoc()
            let checkpoint = try #require(submitted.json["checkpoint"] as? String)
            // Once the read models hold the nomination, the metrics count it.
            #expect(try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)", as: ["auditor"]).status == .ok)
            _ = try await app.send(.get, "/no-such-route", as: nil)
            let metrics = try await app.send(.get, "/metrics", as: nil)
            #expect(metrics.status == .ok)
            let families = MetricsText(metrics.text)
            for name in ["http_server_request_duration_seconds", "http_server_requests_total", "http_server_active_requests",
                         "laurel_pool_connections", "laurel_pool_statements_queued", "laurel_projection_lag_events",
                         "laurel_build_info", "laurel_nominations", "process_resident_memory_bytes", "process_cpu_seconds_total",
                         "process_open_fds"] {
                #expect(families.help[name]?.isEmpty == false, "\(name) has a # HELP line")
            }
            #expect(Set(families.types.keys) == Set(families.help.keys), "every family has # HELP and # TYPE")
            #expect(!metrics.text.contains(CataloguedMetricsFactory.undescribed), "every family is described")
            #expect(families.types.filter { $0.value == "counter" }.keys.allSatisfy { $0.hasSuffix("_total") })
            #expect(!metrics.text.contains("hb_request_errors") && !metrics.text.contains("error_type"))
            #expect(metrics.text.contains(#"http_route="/v1/nominations""#), "request latency by route")
            #expect(metrics.text.contains(#"http_route="unmatched""#), "routes no request matched are one value")
            #expect(!metrics.text.contains("no-such-route"))
            #expect(families.samples.contains { $0.hasPrefix("laurel_build_info{version=\"\(LaurelVersion.version)\",commit=\"\(LaurelVersion.commit)\"} 1") })
            #expect(families.samples.contains { $0.hasPrefix(#"laurel_nominations{kind="ad_hoc",state="submitted"} 1"#) }, "\(metrics.text)")
            #expect(families.samples.contains { $0.hasPrefix("process_resident_memory_bytes ") && !$0.hasSuffix(" 0") })
        }
    }

    /// Every route the router serves is in the OpenAPI document, with the same methods, and
    /// every operation of the document is served.
    @Test func theOpenAPIDocumentAndTheRouterListTheSameRoutes() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let served = try await app.send(.get, "/openapi.yaml", as: nil)
            #expect(served.status == .ok)
            let document = try #require(try Yams.load(yaml: served.text) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
            })
            let router = LaurelApplication.router(app.services)
            let routed = Set(router.routes.map { route in
                let path = route.path.description.split(separator: "/").map { segment in
                    segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
                }.joined(separator: "/")
                return "\(route.method) /\(path)"
            })
            #expect(routed.subtracting(documented).isEmpty, "served but not documented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not served: \(documented.subtracting(routed).sorted())")
            #expect(routed.count > 40)
        }
    }

    @Test func aMethodAPathDoesNotServeIs405WithTheMethodsItDoes() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            for (method, path, allowed) in [(HTTPRequest.Method.trace, "/healthz", "GET, HEAD"),
                                            (.delete, "/v1/nominations", "GET, HEAD, POST"),
                                            (.put, "/v1/nominations/some-id/amend", "POST"),
                                            (.patch, "/v1/nominations/some-id", "GET, HEAD")] {
                let reply = try await app.send(method, path, as: nil)
                #expect(reply.status == .methodNotAllowed, "\(method) \(path)")
                #expect(reply.headers[.allow] == allowed, "\(method) \(path)")
                #expect(reply.problemType == "urn:laurel:problem:method_not_allowed", "\(method) \(path)")
            }
            // A path nothing serves stays a 404; a served method still needs its token.
            #expect(try await app.send(.get, "/v1/no-such-thing", as: nil).status == .notFound)
            #expect(try await app.send(.get, "/v1/nominations", as: nil).status == .unauthorized)
        }
    }

    @Test func workflowsAndTheirGraphsAreServed() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let list = try await app.send(.get, "/v1/workflows", as: ["unit_officer"])
            #expect(Set(list.array.compactMap { $0["kind"] as? String }) == ["ad_hoc", "annual", "labour_hero"])
            let annual = try await app.send(.get, "/v1/workflows/annual?version=1", as: ["unit_officer"])
            #expect(annual.json["version"] as? Int == 1)
            let graph = try await app.send(.get, "/v1/workflows/ad_hoc/graph?format=dot", as: ["unit_officer"])
            #expect(graph.text.hasPrefix("digraph"))
            let unknown = try await app.send(.get, "/v1/workflows/annual?version=99", as: ["unit_officer"])
            #expect(unknown.status == .notFound)
        }
    }
}

struct ServerSettingsTests {
    @Test func theFileThenTheEnvironmentDecide() throws {
        let file = (name: "laurel.yaml", text: """
            server:
              port: 9000
            auth:
              hs256_secret: a-secret-of-at-least-thirty-two-bytes
            """)
        let settings = try ServerSettings.load(file: file, environment: ["LAUREL_SERVER_PORT": "9100", "LAUREL_TENANT": "vks2"])
        #expect(settings.port == 9100)
        #expect(settings.tenant == "vks2")
        #expect(settings.tokenSecret == "a-secret-of-at-least-thirty-two-bytes")
        #expect(settings.host == "127.0.0.1")
    }

    @Test func everyProblemIsReportedWithItsLine() throws {
        let file = (name: "config/laurel.yaml", text: """
            server:
              port: eighty
              colour: blue
            auth:
              hs256_secret: short
            """)
        #expect {
            try ServerSettings.load(file: file, environment: ["LAUREL_DATABASE_POOL_SIZE": "0"])
        } throws: { error in
            let messages = (error as? ConfigErrors)?.errors.map(\.description) ?? []
            return messages.contains { $0.hasPrefix("config/laurel.yaml:2:") && $0.contains("eighty") }
                && messages.contains { $0.hasPrefix("config/laurel.yaml:3:") && $0.contains("unknown setting 'server.colour'") }
                && messages.contains { $0.contains("LAUREL_DATABASE_POOL_SIZE") }
                && messages.contains { $0.contains("at least 32 bytes") }
        }
    }

    @Test func theShippedSettingsFileIsValidAndDocumentsEverySetting() throws {
        let url = repositoryRoot.appendingPathComponent("config/laurel.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let settings = try ServerSettings.load(file: (name: "config/laurel.yaml", text: text), environment: [:])
        #expect(settings.port == 8080)
        // Every dotted key must be a path of the file's nested mappings (a substring match would let
        // `acquire_timeout_ms:` stand in for `read_your_writes.timeout_ms`).
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        for setting in ServerSettings.catalogue {
            var node: Any? = root
            for part in setting.key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
            #expect(node != nil, "\(setting.key) is not in the file")
        }
    }

    @Test func theHTTPReferenceDocumentsEverySettingAndItsVariable() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/http-api.md"), encoding: .utf8)
        for setting in ServerSettings.catalogue {
            #expect(readme.contains("| `\(setting.key)` | `\(setting.environmentVariable)` |"), "\(setting.key)")
        }
    }
}

/// The `# HELP` and `# TYPE` lines and the samples of a Prometheus text exposition.
struct MetricsText {
    var help: [String: String] = [:]
    var types: [String: String] = [:]
    var samples: [String] = []

    init(_ text: String) {
        for line in text.split(separator: "\n").map(String.init) {
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            if words.count >= 3, words[0] == "#", words[1] == "HELP" {
                help[words[2]] = words.count > 3 ? words[3] : ""
            } else if words.count == 4, words[0] == "#", words[1] == "TYPE" {
                types[words[2]] = words[3]
            } else if !line.hasPrefix("#") {
                samples.append(line)
            }
        }
    }
}
