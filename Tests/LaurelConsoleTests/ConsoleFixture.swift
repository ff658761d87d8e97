import Foundation
import Hummingbird
import HummingbirdTesting
import LaurelConsole
import LaurelServer
import Logging
import Nominations
import NIOCore
import Postgres
import PostgresTestSupport
import Synchronization
import Testing
import Workflow

/// The service with its console on the suite's fresh database, driven through Hummingbird's
/// test client, on a clock the tests move.
struct ConsoleFixture {
    static let password = "mật-khẩu-đủ-dài"
    /// A Monday, with the 2025.1 rule set in force.
    static let today = LocalDate(year: 2026, month: 3, day: 2)!

    let services: LaurelServices
    let client: any TestClientProtocol
    let clock: TestClock

    static func settings() -> ServerSettings {
        var settings = ServerSettings()
        settings.tokenSecret = "laurel-test-secret-of-at-least-32-bytes"
        settings.poolSize = 6
        settings.readYourWritesTimeoutMilliseconds = 30_000
        settings.acquireTimeoutMilliseconds = 20_000
        settings.configDirectory = repositoryRoot.appendingPathComponent("config").path
        settings.migrationsDirectory = repositoryRoot.appendingPathComponent("sql").path
        // The lowest bcrypt cost: the tests check what is hashed, not how slowly.
        settings.consolePasswordCost = 4
        settings.consoleFreeFailures = 2
        settings.consoleFailureDelaySeconds = 10
        settings.consoleLockAfterFailures = 4
        settings.consoleLockMinutes = 15
        settings.consoleSessionMinutes = 60
        // Small limits, so a test reaches them with files of a few dozen kilobytes.
        settings.maxDocumentBytes = 64 * 1024
        settings.maxDossierBytes = 96 * 1024
        return settings
    }

    static func run(_ body: @Sendable (ConsoleFixture) async throws -> Void) async throws {
        let settings = settings()
        let database = try TestDatabase.configuration
        let migrator = try Migrator(directory: URL(fileURLWithPath: settings.migrationsDirectory))
        try await Connection.withConnection(database) { try await migrator.migrate($0) }
        let domain = try ConfigFiles.load(try ConfigFiles.read(root: URL(fileURLWithPath: settings.configDirectory)))
        let services = try await LaurelServices(settings: settings, domain: domain, database: database, migrator: migrator,
                                                today: { today })
        let clock = TestClock()
        var logger = Logger(label: "laurel.console.test")
        logger.logLevel = .warning
        do {
            let console = try await Console(services: services, now: clock.now)
            let application = LaurelApplication.application(services, logger: logger, pages: console.pages)
            try await application.test(.router) { client in
                try await body(ConsoleFixture(services: services, client: client, clock: clock))
            }
        } catch {
            await services.close()
            throw error
        }
        await services.close()
    }

    /// Creates an account with ``password`` in `tenant` (the installation's own when nil), as an
    /// administrator at the command line would.
    func account(
        _ login: String, roles: Set<String>, unit: String = "vksnd-hanoi", name: String = "Nguyễn Văn Thử", tenant: TenantServices? = nil
    ) async throws {
        let administrator = Actor(id: "test-admin", roles: ["administrator"], unit: "vksndtc")
        try await AccountManager(services: services, tenant: tenant).create(
            login: login, name: name, unit: unit, roles: roles, password: Self.password, as: .init(actor: administrator, requestID: "test"))
    }

    /// Sends a request with `cookies` (name to value) and, for a form, its URL-encoded `form`.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, cookies: [String: String] = [:], form: [(String, String)]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Page {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let body = form.map { ByteBuffer(string: Self.encode($0)) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Sends a `multipart/form-data` form, as a browser sends one with files: its text `fields`
    /// and its `files` (input name, file name, bytes), in that order.
    func sendMultipart(
        _ uri: String, cookies: [String: String], fields: [(String, String)], files: [(name: String, filename: String, content: Data)]
    ) async throws -> Page {
        let boundary = "----LaurelTestBoundary7MA4YWxkTrZu0gW"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n".utf8))
            body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.content)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(data: body)) { response in
            Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Signs in through the sign-in page and its form, as a browser does.
    func signIn(
        _ login: String, password: String = ConsoleFixture.password, agency: String? = nil, headers: HTTPFields = [:]
    ) async throws -> Page {
        let page = try await send(.get, "/sign-in")
        let token = try #require(page.cookie("laurel_signin"))
        return try await send(.post, "/sign-in", cookies: ["laurel_signin": token],
                              form: [("csrf", token), ("login", login), ("password", password)] + (agency.map { [("agency", $0)] } ?? []),
                              headers: headers)
    }

    /// A signed-in session: its cookie and its forms' CSRF token.
    func session(_ login: String, agency: String? = nil) async throws -> Session {
        let signedIn = try await signIn(login, agency: agency)
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        let cookie = try #require(signedIn.cookie("laurel_session"))
        let page = try await send(.get, "/nominations", cookies: ["laurel_session": cookie])
        return Session(cookie: cookie, csrf: try #require(page.csrf, "\(page.text)"))
    }

    /// Sends `body` to the API (not the console) as `subject` with `roles` of `unit`: the status,
    /// and the answer's text.
    @discardableResult
    func api(
        _ method: HTTPRequest.Method, _ path: String, as roles: [String], unit: String, subject: String = "api-user",
        _ body: String = "{}", contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, text: String) {
        let token = try await services.tenants.defaultTenant.authority.issue(
            subject: subject, name: "Người dùng", roles: roles, unit: unit, lifetime: .seconds(600))
        return try await client.execute(uri: path, method: method,
                                        headers: [.authorization: "Bearer \(token)", .contentType: contentType],
                                        body: ByteBuffer(string: body)) { response in
            (response.status, String(buffer: response.body))
        }
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }
}

/// A signed-in browser's state.
struct Session {
    let cookie: String
    let csrf: String
    var cookies: [String: String] { ["laurel_session": cookie] }
}

/// A response: status, headers, the page's text.
struct Page: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    /// The value the response sets for cookie `name`, and the whole `Set-Cookie` line.
    func setCookie(_ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
    }

    func cookie(_ name: String) -> String? {
        setCookie(name).map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }

    /// The first form's CSRF token on the page.
    var csrf: String? {
        text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) }
    }

    var location: String? { headers[.location] }
}

/// A clock the tests move by hand, for waits, locks and sessions that run out.
final class TestClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_772_438_400))

    var now: @Sendable () -> Date { { self.time.withLock { $0 } } }

    func advance(seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
