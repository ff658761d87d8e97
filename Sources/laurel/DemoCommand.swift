import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import LaurelDemo
import LaurelConsole
import LaurelServer
import Logging
import NIOCore
import Nominations
import ServiceLifecycle

/// `laurel demo`: the whole system doing real work on the embedded database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run realistic nominations through the HTTP API and show what Laurel recorded.",
        discussion: """
            Starts (or reuses) the embedded cluster, migrates, starts the service in this process and drives it \
            through the API with a token per role: an ad hoc award decided in days, annual titles through a council \
            (one refused by the eligibility rule, one returned for a missing document, one held during a complaint), \
            a Labour Hero proposal through two councils and a public consultation, and a revocation. It prints each \
            nomination's timeline, the statistics, the overdue list and the integrity verification, then keeps the \
            service running for curl unless --exit is given. Exit status 1 if any expected outcome did not hold.
            """)

    @OptionGroup var settingsOptions: SettingsOptions

    @Option(help: "TCP port of the service (0 picks a free one); default server.port.")
    var port: Int?

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL; default: the embedded cluster.")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "The embedded cluster's data directory; default database.data_dir.")
    var dataDirectory: String?

    @Option(help: "The tenant the demo's nominations belong to: one of its own, so they never mix with yours.")
    var tenant = "demo"

    @Flag(help: "Stop the service when the demo is done.")
    var exit = false

    func run() async throws {
        let settings = try settingsOptions.load { settings in
            if let port { settings.port = port }
            if let databaseURL { settings.databaseURL = databaseURL }
            if let dataDirectory { settings.dataDirectory = dataDirectory }
            settings.logLevel = "warning"
            settings.tenant = tenant
            // A secret of the demo's own, never the development secret in the repository.
            settings.tokenSecret = UUID().uuidString + UUID().uuidString
        }
        var logger = Logger(label: "laurel.demo")
        logger.logLevel = .warning
        let clock = DemoClock(start: DemoScript.start)
        let services = try await LaurelServices.open(settings: settings, today: { clock.today }, logger: logger)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let console = try await Console(services: services)
        let application = LaurelApplication.application(services, logger: logger, pages: console.pages) { portContinuation.yield($0) }
        // A service group of our own, so --exit can stop the server gracefully rather than cancel it.
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        let server = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        guard let boundPort = await portIterator.next() else { throw CleanExit.message("the service did not start") }
        let base = "http://127.0.0.1:\(boundPort)"

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let outcome: Result<DemoReport, any Error>
        do {
            let script = DemoScript(transport: HTTPClientTransport(client: client, base: base), authority: services.tenants.defaultTenant.authority,
                                    clock: clock, organization: services.tenants.defaultTenant.organization)
            outcome = .success(try await script.run())
        } catch {
            outcome = .failure(error)
        }
        try await client.shutdown()

        let colour = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        var failed = true
        switch outcome {
        case .success(let report):
            print(report.render(colour: colour))
            if !report.printables.isEmpty {
                // The pages need a token, as every route does: fetch them with curl (or the
                // auditor's token below, in a browser extension that sets headers), then print.
                print("\nPrintable pages of the year-end decision (HTML for A4; save, open in a browser, print):")
                for page in report.printables { print("  \(page.label): \(base)\(page.path)") }
                print("  for example: curl -s -H \"Authorization: Bearer $TOKEN\" '\(base)\(report.printables[0].path)' -o decision.html")
            }
            failed = !report.failures.isEmpty
        case .failure(let interrupted as DemoInterrupted):
            // What was done and checked before the step that failed, or before Ctrl-C stopped the service.
            print(interrupted.render(colour: colour))
            FileHandle.standardError.write(Data("laurel demo: stopped before its end: \(interrupted.cause)\n".utf8))
        case .failure(let error):
            FileHandle.standardError.write(Data("laurel demo: a step failed: \(error)\n".utf8))
        }
        if exit || failed {
            await group.triggerGracefulShutdown()
            _ = await server.result
            await services.close()
            if failed { throw ExitCode.failure }
            return
        }
        var tokens: [String] = []
        for (role, unit) in [("standing_office", "vksndtc"), ("unit_officer", "vksnd-hanoi"), ("head_of_agency", "vksndtc"),
                             ("head_of_agency", "vksnd-hanoi"), ("council_secretary", "vksndtc"), ("auditor", "vksndtc")] {
            let token = try await services.tenants.defaultTenant.authority.issue(subject: "demo-\(role)-\(unit)", name: role, roles: [role], unit: unit,
                                                           lifetime: .seconds(8 * 3600))
            tokens.append("  \(role) (\(unit)): \(token)")
        }
        let accounts = try await consoleAccounts(services)
        print("""

            The console: \(base)/ — sign in with the password \(accounts.password) as
            \(accounts.logins.map { "  \($0.login): \($0.role) (\($0.unit))" }.joined(separator: "\n"))

            Laurel keeps running at \(base) (Ctrl-C to stop). It signs tokens with a secret of its own, made for
            this run; tokens valid for 8 hours:
            \(tokens.joined(separator: "\n"))
            For example, as the standing office:
              export TOKEN=<the standing_office token>
              curl -s -H "Authorization: Bearer $TOKEN" '\(base)/v1/nominations?limit=5'
              curl -s -H "Authorization: Bearer $TOKEN" '\(base)/v1/reports/deadlines?overdue=true'
            The API contract: \(base)/openapi.yaml.
            """)
        _ = await server.result
        await services.close()
    }
}

/// An account per role for the console, with one password made for this run (a login kept
/// from an earlier run on the same database gets the new password).
private func consoleAccounts(_ services: LaurelServices) async throws -> (password: String, logins: [(login: String, role: String, unit: String)]) {
    let password = "demo-" + UUID().uuidString.prefix(13).lowercased()
    let manager = AccountManager(services: services)
    let acting = AccountManager.Acting(actor: Actor(id: "demo", roles: [Account.managerRole], unit: "vksndtc"), requestID: "demo")
    let logins = [("officer", "Phạm Thị Thu", "unit_officer", "vksnd-hanoi"), ("office", "Đỗ Minh Tâm", "standing_office", "vksndtc"),
                  ("head", "Lê Minh Trí", "head_of_agency", "vksndtc"), ("head-hanoi", "Ngô Quang Long", "head_of_agency", "vksnd-hanoi"),
                  ("secretary", "Mai Thị Hạnh", "council_secretary", "vksnd-hanoi"),
                  ("auditor", "Hoàng Kim Oanh", "auditor", "vksndtc"), ("admin", "Quản Trị Viên", Account.managerRole, "vksndtc")]
    for (login, name, role, unit) in logins {
        if try await services.tenants.defaultTenant.commands.account(login).state.exists {
            try await manager.setPassword(login: login, password: password, as: acting)
        } else {
            try await manager.create(login: login, name: name, unit: unit, roles: [role], password: password, as: acting)
        }
    }
    return (password, logins.map { ($0.0, $0.2, $0.3) })
}

/// The demo's transport over TCP, with the Swift server ecosystem's HTTP client.
struct HTTPClientTransport: DemoTransport {
    let client: HTTPClient
    let base: String

    func send(_ method: String, _ path: String, token: String?, json: String?, headers: [String: String]) async throws -> DemoResponse {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return DemoResponse(status: Int(response.status.code), body: Data(buffer: body))
    }
}
