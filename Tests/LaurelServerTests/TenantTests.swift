import Foundation
import HTTPTypes
import Hummingbird
@testable import LaurelServer
import Postgres
import PostgresTestSupport
import Testing

/// Many agencies in one process: a tenant registered while the server runs is served at once,
/// with its own organisation and keys, and nothing of one tenant reaches another through the API.
@Suite(.freshDatabase, .tags(.database))
struct TenantTests {
    static let secret = "agency-b-secret-of-at-least-32-bytes!"
    /// Every role of the sector's top unit: the widest reach a caller of a tenant can have.
    static let everyRole = ["standing_office", "council_secretary", "head_of_agency", "unit_officer", "auditor"]

    /// A tenant whose organisation is the repository's with `renamed` units' codes changed, so the
    /// two organisations differ while every other unit is the same.
    static func record(_ id: String, renamed: [String: String] = ["vksnd-nghean": "vksnd-vinh"],
                       secret: String? = TenantTests.secret) async throws -> TenantRegistry.Record {
        let config = try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))
        let organization = renamed.reduce(config.organization.text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        let contents = ConfigFiles.Contents(workflows: config.workflows, rules: config.rules, calendar: config.calendar,
                                            organization: (name: config.organization.name, text: organization))
        return try await TenantRegistry.record(id: id, name: "Cơ quan \(id)", contents: contents, hs256Secret: secret, jwks: nil,
                                               settings: ServerFixture.settings())
    }

    /// Saves `record` as `laurel tenants add` (or `update`) does, as the database's owner.
    static func save(_ record: TenantRegistry.Record, replacing: Bool = false) async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 1))
        let saved = try await TenantRegistry(pool: pool).save(record, replacing: replacing)
        await pool.close()
        #expect(saved)
    }

    /// A token of tenant `record`, signed with its own secret.
    static func token(_ record: TenantRegistry.Record, roles: [String] = everyRole, unit: String = "vksndtc",
                      claim: String? = nil) async throws -> String {
        let authority = try await TokenAuthority(tenant: record, settings: ServerFixture.settings(),
                                                 knownRoles: LaurelServices.knownRoles(of: ConfigFiles.load(record.configuration.contents)))
        return try await authority.issue(subject: "b-\(roles.joined(separator: "-"))", name: "Người dùng B", roles: roles, unit: unit,
                                         lifetime: .seconds(3600))
    }

    static func send(_ app: ServerFixture, _ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil,
                     headers: HTTPFields = [:]) async throws -> Reply {
        var headers = headers
        headers[.authorization] = "Bearer \(token)"
        return try await app.send(method, uri, as: nil, json: json, headers: headers)
    }

    @Test func aTenantAddedWhileTheServerRunsIsServedWithItsOwnOrganisation() async throws {
        try await ServerFixture.run { app in
            let record = try await Self.record("agency-b")
            let token = try await Self.token(record, roles: ["unit_officer"], unit: "vksnd-vinh")
            let early = try await Self.send(app, .post, "/v1/nominations", token: token, json: ServerFixture.adHocBody(unit: "vksnd-vinh"))
            #expect(early.status == .unauthorized, "a tenant not yet registered is no tenant: \(early.text)")

            try await Self.save(record)
            let submitted = try await Self.send(app, .post, "/v1/nominations", token: token, json: ServerFixture.adHocBody(unit: "vksnd-vinh"))
            #expect(submitted.status == .created, "\(submitted.text)")
            let stored = try await app.services.pool.query("SELECT tenant_id FROM events WHERE stream = $1", ["nomination-\(submitted.id)"])
            #expect(try stored.map { try $0.decode(0, as: String.self) } == ["agency-b"], "the event is agency B's")
            // Each organisation is its tenant's: Vinh is agency B's unit only, Nghệ An the process's own only.
            let atHome = try await app.submitAdHoc(unit: "vksnd-vinh")
            #expect(atHome.status == .unprocessableContent, "\(atHome.text)")
            let nghean = try await Self.send(app, .post, "/v1/nominations", token: token, json: ServerFixture.adHocBody(unit: "vksnd-nghean"))
            #expect(nghean.status == .unprocessableContent, "\(nghean.text)")
            #expect(try await app.submitAdHoc(unit: "vksnd-nghean").status == .created)

            // Changed in the registry, the tenant is served with its new organisation, without a restart.
            try await Self.save(try await Self.record("agency-b", renamed: ["vksnd-nghean": "vksnd-cuaLo".lowercased()]), replacing: true)
            // The running server's own watcher may have seen the change first (it looks every five seconds).
            #expect(try await app.services.tenants.refresh().allSatisfy { $0 == "agency-b" })
            let renamed = try await Self.send(app, .post, "/v1/nominations", token: token,
                                              json: ServerFixture.adHocBody(unit: "vksnd-vinh"))
            #expect(renamed.status == .unprocessableContent, "vksnd-vinh left agency B's organisation: \(renamed.text)")
            let officer = try await Self.token(record, roles: ["unit_officer"], unit: "vksnd-cualo")
            #expect(try await Self.send(app, .post, "/v1/nominations", token: officer,
                                        json: ServerFixture.adHocBody(unit: "vksnd-cualo")).status == .created)
        }
    }

    @Test func aTokenActsOnlyInTheTenantWhoseKeySignedIt() async throws {
        try await ServerFixture.run { app in
            let record = try await Self.record("agency-c")
            try await Self.save(record)
            let invalid = try await Self.send(app, .get, "/v1/nominations", token: "a.b.c")

            // Signed with the process's own secret, claiming agency C.
            let home = try await TokenAuthority(tenant: TenantRegistry.Record(
                id: "agency-c", name: "", configuration: record.configuration, hs256Secret: ServerFixture.secret, jwks: nil),
                settings: ServerFixture.settings(), knownRoles: ["standing_office"])
            let forged = try await home.issue(subject: "x", name: "x", roles: ["standing_office"], unit: "vksndtc", lifetime: .seconds(60))
            // Signed with agency C's secret, claiming the process's own tenant (no claim at all is the same).
            var settings = ServerFixture.settings()
            settings.tokenSecret = Self.secret
            let strayed = try await TokenAuthority(settings: settings, knownRoles: ["standing_office"])
                .issue(subject: "x", name: "x", roles: ["standing_office"], unit: "vksndtc", lifetime: .seconds(60))
            // Signed with agency C's secret, claiming a tenant that does not exist.
            let nowhere = try await TokenAuthority(tenant: TenantRegistry.Record(
                id: "nowhere", name: "", configuration: record.configuration, hs256Secret: Self.secret, jwks: nil),
                settings: ServerFixture.settings(), knownRoles: ["standing_office"])
                .issue(subject: "x", name: "x", roles: ["standing_office"], unit: "vksndtc", lifetime: .seconds(60))
            for token in [forged, strayed, nowhere] {
                let refused = try await Self.send(app, .get, "/v1/nominations", token: token)
                #expect(refused.status == .unauthorized)
                #expect(refused.json["detail"] as? String == invalid.json["detail"] as? String, "\(refused.text)")
            }
            #expect(try await Self.send(app, .get, "/v1/nominations", token: try await Self.token(record)).status == .ok)
        }
    }

    /// Every way the API lets a caller name data: ids of another tenant's nomination (every read
    /// and every command), session, list, decision, person, award import and registration; list
    /// filters, cursors and checkpoints. Agency B's answers are the same before and after the
    /// process's own tenant records all of it: B learns nothing, not even a count.
    @Test func anotherTenantsDataIsNeitherFoundNorCounted() async throws {
        try await ServerFixture.run { app in
            let record = try await Self.record("agency-d", renamed: ["vksnd-nghean": "vksnd-vinh"])
            try await Self.save(record)
            let b = try await Self.token(record)
            let ids = (1...2).map { "XT-\($0)" }
            let sha = AwardImportRouteTests.sha256(Self.importFile)
            var probes = [
                "/v1/nominations", "/v1/nominations?unit=vksnd-hanoi", "/v1/nominations?q=Nguy%E1%BB%85n", "/v1/nominations?year=2025",
                "/v1/council-sessions", "/v1/council-sessions?council=vksnd-hanoi", "/v1/council-sessions/S-XT",
                "/v1/council-sessions/S-XT/minutes", "/v1/nomination-lists/XT", "/v1/reports/statistics",
                "/v1/reports/statistics?unit=vksnd-hanoi", "/v1/reports/deadlines", "/v1/reports/deadlines?overdue=true",
                "/v1/awards", "/v1/awards?nominee_id=hn-901", "/v1/people?q=hn-901", "/v1/people/hn-901", "/v1/people/XT-1",
                "/v1/award-imports/\(sha)", "/v1/units/vksnd-hue/registrations/2026", "/v1/units/vksnd-hanoi/task-ratings/2025",
                "/v1/units/vksnd-hanoi/delegations", "/v1/councils/vksnd-hanoi/membership",
            ]
            for id in ids {
                probes += ["", "/history", "/timeline", "/state?version=1", "/integrity"].map { "/v1/nominations/\(id)\($0)" }
            }
            let commands = CommandRoute.commands.map { "/v1/nominations/\(ids[0])/\(CommandRoute.path(of: $0))" }
            let posts = commands + ["/v1/council-sessions/S-XT/close", "/v1/nomination-lists/XT/intake"]
            // A body each command reads without complaint where one is short; the others' bodies are refused alike for any id.
            let bodies = ["withdraw": #"{"reason": "Thử"}"#, "return-for-amendment": #"{"reasons": ["Thử"]}"#,
                          "reject": #"{"reasons": ["Thử"]}"#, "schedule-for-council": #"{"session_id": "S-XT"}"#,
                          "reschedule": #"{"session_id": "S-XT", "reason": "Thử"}"#, "unschedule": #"{"reason": "Thử"}"#]
            func body(_ path: String) -> String { bodies[String(path.split(separator: "/").last ?? "")] ?? "{}" }
            var before: [String: Reply] = [:]
            for path in probes { before[path] = try await Self.send(app, .get, path, token: b) }
            for path in posts { before[path] = try await Self.send(app, .post, path, token: b, json: body(path)) }

            // The process's own tenant records everything B will ask about.
            let reviewed = try await AwardDecisionRouteTests.reviewed("XT", count: 2, app: app)
            #expect(reviewed == ids)
            let issued = try await app.send(.post, "/v1/award-decisions", as: ["head_of_agency"], json: AwardDecisionRouteTests.decision(ids))
            #expect(issued.status == .created, "\(issued.text)")
            let decision = try #require(issued.json["id"] as? String)
            let imported = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: Self.importFile,
                                              headers: AwardImportRouteTests.csv)
            #expect(imported.status == .created, "\(imported.text)")
            let registered = try await app.send(.post, "/v1/units/vksnd-hue/registrations/2026", as: ["standing_office"], unit: "vksndtc",
                                                json: #"{"add": [\#(RegistrationRouteTests.add("advanced_worker", "hue-1", "Phan Thị Hồng"))], "reason": "Bổ sung"}"#)
            #expect(registered.status == .created, "\(registered.text)")
            let checkpoint = try #require(registered.json["checkpoint"] as? String)
            let own = try await app.send(.get, "/v1/nominations?limit=1&checkpoint=\(checkpoint)", as: ["auditor"])
            #expect((own.json["items"] as? [Any])?.count == 1, "\(own.text)")
            let cursor = try #require(own.json["next_cursor"] as? String)
            let people = try await app.send(.get, "/v1/people/hn-901?checkpoint=\(checkpoint)", as: ["auditor"])
            #expect(people.status == .ok, "the process's own tenant sees what B must not: \(people.text)")

            // Every read model has applied everything A did before B asks again.
            let reached = try #require(app.services.tenants.defaultTenant.checkpoints.checkpoint(in: checkpoint))
            for runner in app.services.projections.runners {
                try await app.services.projections.waitUntil(runner.projection.name, reaches: reached)
            }
            // A's checkpoint means nothing to B: it is refused as a made-up one is, word for word.
            let madeUp = String(checkpoint.reversed())
            let foreign = try await Self.send(app, .get, "/v1/nominations?checkpoint=\(checkpoint)", token: b)
            let unknown = try await Self.send(app, .get, "/v1/nominations?checkpoint=\(madeUp)", token: b)
            #expect(foreign.status == .unprocessableContent, "\(foreign.text)")
            #expect(foreign.text.replacingOccurrences(of: checkpoint, with: madeUp) == unknown.text, "\(foreign.text)")
            for path in probes {
                let after = try await Self.send(app, .get, path, token: b)
                #expect(after.status == before[path]?.status, "\(path): \(after.text)")
                #expect(after.text == before[path]?.text, "\(path): \(after.text)")
            }
            for path in posts {
                let after = try await Self.send(app, .post, path, token: b, json: body(path))
                #expect(after.status == before[path]?.status, "\(path): \(after.text)")
                #expect(after.text == before[path]?.text, "\(path): \(after.text)")
            }
            #expect(before["/v1/nominations/XT-1"]?.status == .notFound)
            #expect(commands.filter { before[$0]?.status == .notFound }.count >= 5, "commands whose body reads reach the nomination")

            // Ids made after B first asked: the same answer as an id that never existed, but for the id.
            for (suffix, never) in [("", "no-such-decision"), ("/document", "no-such-decision"), ("/awardees.csv", "no-such-decision")] {
                let other = try await Self.send(app, .get, "/v1/award-decisions/\(decision)\(suffix)", token: b)
                let unknown = try await Self.send(app, .get, "/v1/award-decisions/\(never)\(suffix)", token: b)
                #expect(other.status == .notFound)
                #expect(other.status == unknown.status)
                #expect(other.text.replacingOccurrences(of: decision, with: never) == unknown.text, "\(other.text)")
            }
            // A's cursor is refused to B as a made-up one is.
            let paged = try await Self.send(app, .get, "/v1/nominations?limit=1&cursor=\(cursor)", token: b)
            let madeUpCursor = try await Self.send(app, .get, "/v1/nominations?limit=1&cursor=\(madeUp)", token: b)
            #expect(paged.status == .unprocessableContent, "\(paged.text)")
            #expect(paged.text.replacingOccurrences(of: cursor, with: madeUp) == madeUpCursor.text, "\(paged.text)")
            // The same idempotency key is another request in another tenant: B's is its own.
            let key: HTTPFields = [.idempotencyKey: "tenants-same-key"]
            let first = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: ServerFixture.adHocBody(), headers: key)
            let second = try await Self.send(app, .post, "/v1/nominations", token: b, json: ServerFixture.adHocBody(), headers: key)
            #expect(first.status == .created)
            #expect(second.status == .created, "\(second.text)")
            #expect(first.id != second.id)
            // Each tenant verifies its own streams (and the seals, which name no stream); the seals
            // cover every tenant, and only the installation's own tenant makes them.
            let bReport = try await Self.send(app, .get, "/v1/integrity", token: try await Self.token(record, roles: ["auditor"]))
            let aReport = try await app.send(.get, "/v1/integrity", as: ["auditor"])
            #expect(bReport.status == .ok && aReport.status == .ok, "\(bReport.text) \(aReport.text)")
            let bStreams = bReport.json["streams_checked"] as? Int ?? -1
            let aStreams = aReport.json["streams_checked"] as? Int ?? -1
            #expect(bStreams >= 1 && aStreams > bStreams, "\(bReport.text) \(aReport.text)")
            #expect(!bReport.text.contains(first.id ?? "no id"), "B's report names A's nomination")
            #expect(try await Self.send(app, .post, "/v1/integrity/seals", token: try await Self.token(record, roles: ["administrator"]),
                                        json: "{}").status == .forbidden)
        }
    }

    /// A dossier's file is its tenant's: another tenant neither reads it through the first's
    /// nomination nor through a nomination of its own that names the same hash, until it uploads
    /// the file itself.
    @Test func anotherTenantsDocumentIsNotFoundWhicheverWayItIsAskedFor() async throws {
        try await ServerFixture.run { app in
            let record = try await Self.record("agency-f")
            try await Self.save(record)
            let file = Data("%PDF-1.4\nhồ sơ của cơ quan A\n".utf8)
            let sha = DocumentRouteTests.sha(file)
            #expect(try await DocumentRouteTests.upload(app, file, as: ["unit_officer"]).status == .created)
            let body = ServerFixture.adHocBody(name: "Lê Văn Tệp A").replacingOccurrences(of: String(repeating: "ab", count: 32), with: sha)
            let mine = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: body)
            #expect(mine.status == .created, "\(mine.text)")
            #expect(try await app.send(.get, "/v1/nominations/\(mine.id)/documents/\(sha)", as: ["unit_officer"]).status == .ok)

            let b = try await Self.token(record, roles: ["unit_officer", "auditor"], unit: "vksnd-hanoi")
            let viaA = try await Self.send(app, .get, "/v1/nominations/\(mine.id)/documents/\(sha)", token: b)
            let never = try await Self.send(app, .get, "/v1/nominations/N-000000000000/documents/\(sha)", token: b)
            #expect(viaA.status == .notFound && never.status == .notFound)
            #expect(viaA.problemType == never.problemType)
            let theirs = try await Self.send(app, .post, "/v1/nominations", token: b,
                                             json: ServerFixture.adHocBody(name: "Lê Văn Tệp B").replacingOccurrences(
                                                of: String(repeating: "ab", count: 32), with: sha))
            #expect(theirs.status == .created, "\(theirs.text)")
            let viaB = try await Self.send(app, .get, "/v1/nominations/\(theirs.id)/documents/\(sha)", token: b)
            #expect(viaB.status == .notFound && viaB.body != file, "B read A's file through its own nomination")
        }
    }

    static let importFile = AwardImportRouteTests.header
        + "hn-901,Nguyễn Văn Chín,vksnd-hanoi,grassroots_emulation_fighter,2023,\"123/QĐ-VKS-HN, ngày 20/12\",2023-12-20\r\n"
}

extension TenantTests {
    @Test func aTenantIsRefusedWithEveryProblemAndItsSecretIsNeverShown() async throws {
        let record = try await Self.record("agency-e")
        for shown in ["\(record)", String(reflecting: record)] {
            #expect(!shown.contains(Self.secret), "\(shown)")
            #expect(shown.contains("hs256"))
        }
        let config = try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))
        let broken = ConfigFiles.Contents(workflows: config.workflows, rules: config.rules, calendar: config.calendar,
                                          organization: (name: "agency/organization.yaml", text: "units: [}"))
        do {
            _ = try await TenantRegistry.record(id: "Agency E", name: " ", contents: broken, hs256Secret: "short", jwks: nil,
                                                settings: ServerFixture.settings())
            Issue.record("a tenant with a bad id, no name, a short secret and a broken organisation was accepted")
        } catch let refusal as TenantRegistry.Refusal {
            #expect(refusal.problems.count >= 4, "\(refusal.problems)")
            #expect(refusal.problems.contains { $0.hasPrefix("agency/organization.yaml") }, "\(refusal.problems)")
            #expect(!refusal.description.contains("short"))
        }
        await #expect(throws: TenantRegistry.Refusal.self) {
            try await TenantRegistry.record(id: ServerFixture.settings().tenant, name: "Own", contents: config, hs256Secret: Self.secret,
                                            jwks: nil, settings: ServerFixture.settings())
        }
    }
}
