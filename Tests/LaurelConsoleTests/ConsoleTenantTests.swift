import Foundation
import LaurelServer
import Postgres
import PostgresTestSupport
import Testing

/// Many agencies on one console: each person signs in to their own agency's account, and every
/// page shows that agency's data only.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct ConsoleTenantTests {
    /// Registers an agency with the repository's configuration, as `laurel tenants add` does.
    static func register(_ id: String, _ fixture: ConsoleFixture) async throws -> TenantServices {
        let config = try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))
        let record = try await TenantRegistry.record(id: id, name: "Viện kiểm sát \(id)", contents: config,
                                                     hs256Secret: "a-secret-of-the-agency-at-least-32-bytes", jwks: nil,
                                                     settings: ConsoleFixture.settings())
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 1))
        #expect(try await TenantRegistry(pool: pool).save(record, replacing: false))
        await pool.close()
        return try #require(try await fixture.services.tenants.tenant(id))
    }

    @Test func eachPersonSignsInToTheirAgencyAndSeesOnlyItsData() async throws {
        try await ConsoleFixture.run { fixture in
            let agency = try await Self.register("agency-c", fixture)
            try await fixture.account("lan-t1", roles: ["unit_officer"])
            try await fixture.account("cuc-t1", roles: ["unit_officer", "auditor"], name: "Trần Thị Cúc", tenant: agency)

            // The sign-in page offers the agencies; the installation's own is chosen by default.
            let page = try await fixture.send(.get, "/sign-in")
            #expect(page.text.contains("value=\"agency-c\"") && page.text.contains("Viện kiểm sát agency-c"), "\(page.text)")

            let lan = try await fixture.session("lan-t1")
            let id = try await ConsolePagesTests.submit(fixture, lan, name: "Nguyễn Văn Riêng", id: "cb-t1")

            // An account is found only in its own agency, and the wrong one is a wrong password.
            #expect(try await fixture.signIn("cuc-t1").status == .unauthorized)
            #expect(try await fixture.signIn("lan-t1", agency: "agency-c").status == .unauthorized)
            #expect(try await fixture.signIn("cuc-t1", agency: "no-such-agency").status == .unauthorized)
            let cuc = try await fixture.session("cuc-t1", agency: "agency-c")

            // The other agency's nomination: not found by its URL, nor listed, nor audited.
            let other = try await fixture.send(.get, "/nominations/\(id)", cookies: cuc.cookies)
            #expect(other.status == .notFound && !other.text.contains("Nguyễn Văn Riêng"))
            #expect(try await fixture.send(.get, "/nominations/\(id)/audit", cookies: cuc.cookies).status == .notFound)
            let list = try await fixture.send(.get, "/nominations", cookies: cuc.cookies)
            #expect(list.status == .ok && !list.text.contains(id) && list.text.contains("Trần Thị Cúc"))

            // Its own submission is its agency's, and the first agency does not see it.
            let mine = try await ConsolePagesTests.submit(fixture, cuc, name: "Lê Văn Của C", id: "cb-t2")
            #expect(try await fixture.send(.get, "/nominations/\(mine)", cookies: cuc.cookies).status == .ok)
            #expect(try await fixture.send(.get, "/nominations/\(mine)", cookies: lan.cookies).status == .notFound)
            let stream = agency.commands.streams.nomination(mine)
            #expect(stream.tenant == "agency-c")
            #expect(try await fixture.services.store.readStream(stream).count == 1)
        }
    }
}
