import ArgumentParser
import Foundation
import Hummingbird
import LaurelConsole
import LaurelServer
import Logging

/// Reads the service settings: the file, then `LAUREL_*` variables, then the flags given.
struct SettingsOptions: ParsableArguments {
    @Option(name: .customLong("settings"), help: "The settings file (missing is fine: defaults apply).")
    var settingsFile = "config/laurel.yaml"

    func load(_ adjust: (inout ServerSettings) -> Void = { _ in }) throws -> ServerSettings {
        let url = URL(fileURLWithPath: settingsFile)
        let file = FileManager.default.fileExists(atPath: url.path)
            ? (name: settingsFile, text: try String(contentsOf: url, encoding: .utf8)) : nil
        var settings = try ServerSettings.load(file: file, environment: ProcessInfo.processInfo.environment)
        adjust(&settings)
        return settings
    }
}

/// `laurel serve`: the HTTP API and the console.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API, the console and the read models until SIGTERM or SIGINT.",
        discussion: "Settings come from config/laurel.yaml, then LAUREL_* environment variables, then these flags. "
            + "`laurel serve --list-settings` prints every setting with its variable and value.")

    @OptionGroup var settingsOptions: SettingsOptions

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL; default: the embedded cluster.")
    var databaseURL: String?

    @Option(help: "TCP port.") var port: Int?

    @Flag(name: .customLong("no-migrate"), help: "Do not apply migrations; refuse to start if any is pending.")
    var noMigrate = false

    @Flag(name: .customLong("list-settings"), help: "Print every setting, its environment variable and value, and exit.")
    var listSettings = false

    func run() async throws {
        let settings = try settingsOptions.load { settings in
            if let databaseURL { settings.databaseURL = databaseURL }
            if let port { settings.port = port }
            if noMigrate { settings.migrateOnStart = false }
        }
        if listSettings {
            for setting in ServerSettings.catalogue {
                let value = setting.key.contains("secret") && !setting.value(in: settings).isEmpty ? "(set)" : setting.value(in: settings)
                print("\(setting.key) = \(value)\n    \(setting.environmentVariable): \(setting.summary)")
            }
            return
        }
        var logger = Logger(label: "laurel.server")
        logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
        let services = try await LaurelServices.open(settings: settings, logger: logger)
        let console = try await Console(services: services)
        let application = LaurelApplication.application(services, logger: logger, pages: console.pages)
        logger.notice("Laurel listening on http://\(settings.host):\(settings.port) (the console at /, the API at /v1)")
        do {
            try await application.runService()
        } catch {
            await services.close()
            throw error
        }
        await services.close()
    }
}

/// `laurel token issue`: a signed bearer token for local use (curl, scripts, the demo).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue bearer tokens for local use.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue", abstract: "Print a token signed with auth.hs256_secret.")

        @OptionGroup var settingsOptions: SettingsOptions
        @Option(help: "The subject: the person's stable id.") var sub: String
        @Option(help: "The display name.") var name: String?
        @Option(help: "A role (repeat for several).") var role: [String]
        @Option(help: "The person's unit.") var unit: String
        @Option(help: "Lifetime in minutes; default auth.token_lifetime_minutes.") var minutes: Int?

        func run() async throws {
            let settings = try settingsOptions.load()
            let lifetime = minutes ?? settings.tokenLifetimeMinutes
            guard lifetime > 0 else { throw ValidationError("--minutes must be at least 1, not \(lifetime)") }
            let contents = try ConfigFiles.read(root: URL(fileURLWithPath: settings.configDirectory))
            let domain = try ConfigFiles.load(contents)
            guard domain.organization.unit(code: unit) != nil else {
                throw ValidationError("--unit \(unit) is not a unit of the organisation (config/organization.yaml)")
            }
            let authority = try await TokenAuthority(settings: settings, knownRoles: LaurelServices.knownRoles(of: domain))
            do {
                print(try await authority.issue(subject: sub, name: name ?? sub, roles: role, unit: unit,
                                                lifetime: .seconds(60 * lifetime)))
            } catch let error as TokenIssueError {
                throw ValidationError(error.message)
            }
        }
    }
}
