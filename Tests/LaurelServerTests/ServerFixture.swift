import Foundation
import Hummingbird
import HummingbirdTesting
import LaurelServer
import Logging
import NIOCore
import Postgres
import PostgresTestSupport
import Testing
import Workflow

/// The repository's root, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A Laurel service on the suite's fresh database, driven through Hummingbird's test client.
struct ServerFixture {
    static let secret = "laurel-test-secret-of-at-least-32-bytes"
    /// A Monday, with the 2025.1 rule set in force.
    static let today = LocalDate(year: 2026, month: 3, day: 2)!
    /// The Supreme People's Procuracy: its standing office and head act on every unit's
    /// nominations, and its head decides the sector's titles (the certificate of merit of `adHocBody`).
    static let sector = "vksndtc"
    /// The Hà Nội council's members (nine; a quorum of two thirds is six), as `config/organization.yaml` seats them.
    static let hanoiCouncil = (15...23).map { String(format: "cb-%05d", $0) }

    /// `ids` as a JSON array of strings.
    static func jsonList(_ ids: some Sequence<String>) -> String {
        "[" + ids.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    let services: LaurelServices
    let client: any TestClientProtocol

    static func settings() -> ServerSettings {
        var settings = ServerSettings()
        settings.tokenSecret = secret
        settings.poolSize = 6
        settings.maxBodyBytes = 64 * 1024
        // The whole suite runs at once on two cores: read models can lag by seconds, and twenty
        // concurrent requests on six connections can wait longer than the default 2 s for one.
        settings.readYourWritesTimeoutMilliseconds = 30_000
        settings.acquireTimeoutMilliseconds = 20_000
        // Every route's single statements go through the pool's multiplexing (lending one
        // connection per statement, the default, is what the other modules' tests use).
        settings.multiplexingConnections = 2
        settings.configDirectory = repositoryRoot.appendingPathComponent("config").path
        settings.migrationsDirectory = repositoryRoot.appendingPathComponent("sql").path
        return settings
    }

    /// Migrates the suite's database, opens the services and runs `body` against the application.
    ///
    /// - Parameters:
    ///   - testing: `.router` calls the router in-process (requests have no client address);
    ///     `.live` runs the server on a free port of this machine.
    ///   - limits: the clients' rate limits, when a test moves their clock.
    ///   - logger: the application's logger; by default warnings and errors only.
    ///   - database: the primary to use instead of the suite's fresh database.
    static func run(
        runProjections: Bool = true, settings: ServerSettings = settings(),
        today: @escaping @Sendable () -> LocalDate = { ServerFixture.today },
        testing: TestingSetup = .router, limits: ClientLimits? = nil, logger: Logger? = nil, database: PostgresConfiguration? = nil,
        _ body: @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        let services = try await openServices(settings: settings, today: today, database: database)
        let logger = logger ?? {
            var logger = Logger(label: "laurel.test")
            logger.logLevel = .warning
            return logger
        }()
        let application = LaurelApplication.application(services, runProjections: runProjections, logger: logger, limits: limits)
        do {
            try await application.test(testing) { client in
                try await body(ServerFixture(services: services, client: client))
            }
        } catch {
            await services.close()
            throw error
        }
        await services.close()
    }

    /// Migrates the suite's database and opens Laurel's services on it, as `laurel serve` does:
    /// called again, another process's services on the same database.
    static func openServices(
        settings: ServerSettings = settings(), today: @escaping @Sendable () -> LocalDate = { ServerFixture.today },
        database: PostgresConfiguration? = nil
    ) async throws -> LaurelServices {
        let database = try database ?? TestDatabase.configuration
        let migrator = try Migrator(directory: URL(fileURLWithPath: settings.migrationsDirectory))
        try await Connection.withConnection(database) { try await migrator.migrate($0) }
        let contents = try ConfigFiles.read(root: URL(fileURLWithPath: settings.configDirectory))
        return try await LaurelServices(
            settings: settings, domain: try ConfigFiles.load(contents),
            database: database, migrator: migrator, today: today)
    }

    /// A token for `roles` in `unit`.
    func token(_ roles: [String], unit: String = "vksnd-hanoi", subject: String? = nil) async throws -> String {
        try await services.authority.issue(subject: subject ?? "user-\(roles.joined(separator: "-"))", name: "Người dùng",
                                           roles: roles, unit: unit, lifetime: .seconds(3600))
    }

    /// Sends a request as `roles` (or with no token when `roles` is nil) and returns status, headers and JSON.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, as roles: [String]?, unit: String = "vksnd-hanoi",
        subject: String? = nil, json: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let roles { headers[.authorization] = "Bearer \(try await token(roles, unit: unit, subject: subject))" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers,
                                        body: json.map { ByteBuffer(string: $0) }) { response in
            let body = Data(buffer: response.body)
            ResponseLog.record(method, uri, status: response.status, headers: response.headers, body: body)
            return Reply(status: response.status, headers: response.headers, body: body)
        }
    }

    /// How many events the log holds for nominations of `unit` (suites share a database, so tests count their own).
    func eventCount(unit: String) async throws -> Int64 {
        let rows = try await services.pool.query("""
            SELECT count(*)::int8 FROM events e JOIN events s ON s.stream = e.stream AND s.stream_version = 1
            WHERE s.payload->'nominee'->>'unit' = $1
            """, [unit])
        return try rows[0].decode(0)
    }

    /// How many events the log holds in streams whose name is `LIKE` `pattern` (the list's rows, say).
    func eventCount(streamsLike pattern: String) async throws -> Int64 {
        try await services.pool.query("SELECT count(*)::int8 FROM events WHERE stream LIKE $1", [pattern])[0].decode(0)
    }

    /// Walks a list from `path` (its query already begun) page by page, `limit` at a time, by
    /// `next_cursor`, for at most ten pages: every item in order, and how many pages it took.
    func pages(_ path: String, limit: Int, as roles: [String], unit: String = "vksnd-hanoi") async throws
        -> (items: [[String: Any]], count: Int) {
        var items: [[String: Any]] = []
        var cursor: String?
        var pages = 0
        repeat {
            let after = cursor.map { "&cursor=\($0)" } ?? ""
            let page = try await send(.get, "\(path)&limit=\(limit)\(after)", as: roles, unit: unit)
            #expect(page.status == .ok, "\(page.text)")
            let pageItems = page.json["items"] as? [[String: Any]] ?? []
            #expect(pageItems.count <= limit)
            items += pageItems
            cursor = page.json["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 10
        return (items, pages)
    }

    /// Expects a list's `path` with a cursor the list never gave out to be a 422 naming `cursor`.
    func expectRefusedCursor(
        _ path: String, as roles: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let forged = try await send(.get, path, as: roles)
        #expect(forged.status == .unprocessableContent, sourceLocation: sourceLocation)
        #expect((forged.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "cursor",
                sourceLocation: sourceLocation)
    }

    /// Submits an ad hoc certificate of merit for an individual of `unit` and returns the response.
    func submitAdHoc(unit: String = "vksnd-hanoi", name: String = "Nguyễn Văn An") async throws -> Reply {
        try await send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit, json: Self.adHocBody(unit: unit, name: name))
    }

    /// The same id for the same name in every run (`hashValue` changes from one process to the
    /// next, and could meet a fixed id such as staff-7): FNV-1a of its UTF-8, in hexadecimal.
    static func stableID(_ name: String) -> String {
        String(name.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16)
    }

    /// - Parameter nomineeID: the nominee's id; by default one made from the name.
    static func adHocBody(unit: String = "vksnd-hanoi", name: String = "Nguyễn Văn An", nomineeID: String? = nil) -> String {
        """
        {"kind": "ad_hoc", "title": "certificate_of_merit", "year": 2026,
         "nominee": {"type": "individual", "id": "\(nomineeID ?? "adhoc-" + stableID(name))", "name": "\(name)", "unit": "\(unit)",
                     "position": "Kiểm sát viên", "is_front_line": true},
         "achievement_summary": "Phát hiện và kiến nghị khắc phục vi phạm trong vụ án đặc biệt nghiêm trọng",
         "documents": [
           {"kind": "submission", "title": "Tờ trình", "sha256": "\(String(repeating: "ab", count: 32))"},
           {"kind": "achievement_summary", "title": "Tóm tắt thành tích", "sha256": "\(String(repeating: "cd", count: 32))"}]}
        """
    }
}

/// A response, read whole.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? [] }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The nomination resource's fields.
    var nomination: [String: Any] { json["nomination"] as? [String: Any] ?? [:] }
    var id: String { nomination["id"] as? String ?? "" }
    var state: String { nomination["state"] as? String ?? "" }
    var version: Int { json["version"] as? Int ?? -1 }
    var problemType: String { json["type"] as? String ?? "" }
}
