import ArgumentParser
import Foundation
import LaurelBuild
import LaurelDefaults
import Hummingbird
import LaurelConsole
import LaurelServer
import Logging
import Nominations

/// Reads the service settings: the file, then `LAUREL_*` variables, then the flags given. Every
/// command that reads the configuration or a database takes these.
struct SettingsOptions: ParsableArguments {
    static let defaultSettingsFile = "config/laurel.yaml"

    @Option(name: .customLong("settings"),
            help: ArgumentHelp("The settings file; default \(defaultSettingsFile) when it exists, else the one built into laurel.",
                               valueName: "file"))
    var settingsFile: String?

    @Option(name: .customLong("config-dir"),
            help: ArgumentHelp("The configuration directory (workflows/, rules/, calendar/, organization.yaml); "
                               + "default: config_dir (LAUREL_CONFIG_DIR), else the one built into laurel.", valueName: "dir"))
    var configDirectory: String?

    /// The settings; a `--settings` file that does not exist is an error, the default one may be missing.
    func load(_ adjust: (inout ServerSettings) -> Void = { _ in }) throws -> ServerSettings {
        let path = settingsFile ?? Self.defaultSettingsFile
        var file: (name: String, text: String)?
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) else {
                throw CommandLineFailure("\(path): the settings file cannot be read; name another with --settings")
            }
            file = (name: path, text: text)
        } else if settingsFile != nil {
            throw CommandLineFailure("\(path): no such settings file (--settings); without it the built-in settings and LAUREL_* apply")
        } else {
            file = LaurelDefaults.configuration.first { $0.path == Self.defaultSettingsFile }.map { (name: "built-in \($0.path)", text: $0.text) }
        }
        var settings = try ServerSettings.load(file: file, environment: ProcessInfo.processInfo.environment)
        if let configDirectory { settings.configDirectory = configDirectory }
        adjust(&settings)
        return settings
    }
}

/// A failure the command line explains in one line (`laurel: …`), exiting with status 64.
struct CommandLineFailure: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

/// `laurel serve`: the HTTP API and the console.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API, the console and the read models until SIGTERM or SIGINT.",
        discussion: "Settings come from --settings (default config/laurel.yaml when it exists), then LAUREL_* environment variables, then these flags. "
            + "`laurel serve --list-settings` prints every setting with its variable and value.")

    @OptionGroup var settingsOptions: SettingsOptions

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL; default: the embedded cluster.")
    var databaseURL: String?

    @Option(help: "TCP port.") var port: Int?

    @Option(name: .customLong("data-dir"), help: "The embedded cluster's data directory (database.data_dir).")
    var dataDirectory: String?

    @Flag(name: .customLong("no-migrate"), help: "Do not apply migrations; refuse to start if any is pending.")
    var noMigrate = false

    @Flag(name: .customLong("list-settings"), help: "Print every setting, its environment variable and value, and exit.")
    var listSettings = false

    func run() async throws {
        let settings = try settingsOptions.load { settings in
            if let databaseURL { settings.databaseURL = databaseURL }
            if let port { settings.port = port }
            if let dataDirectory { settings.dataDirectory = dataDirectory }
            if noMigrate { settings.migrateOnStart = false }
        }
        if listSettings {
            for setting in ServerSettings.catalogue {
                let value = setting.key.contains("secret") && !setting.value(in: settings).isEmpty ? "(set)" : setting.value(in: settings)
                print("\(setting.key) = \(value)\n    \(setting.environmentVariable): \(setting.summary)")
            }
            return
        }
        LogFormat.process = LogFormat(rawValue: settings.logFormat) ?? .text
        var logger = Logger(label: "laurel.server")
        logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
        let tracing = try LaurelTracing.bootstrap(settings: settings)
        let services = try await LaurelServices.open(settings: settings, logger: logger)
        let console = try await Console(services: services)
        let application = LaurelApplication.application(services, logger: logger, pages: console.pages,
                                                        alongside: tracing.map { [$0] } ?? [])
        logger.notice("Laurel \(LaurelVersion.description) listening on http://\(settings.host):\(settings.port) (the console at /, the API at /v1)")
        do {
            try await application.runService()
        } catch {
            await services.close()
            logger.error("Laurel stopped on an error", metadata: ["error": "\(error)"])
            throw error
        }
        await services.close()
        logger.notice("Laurel stopped: requests answered, read models' runners stopped, connections closed")
    }
}

/// `laurel token issue`: a signed bearer token for local use (curl, scripts, the demo).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue bearer tokens for local use.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue", abstract: "Print a token signed with auth.hs256_secret.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The subject: the person's stable id.") var sub: String
        @Option(help: "The display name.") var name: String?
        @Option(help: "A role (repeat for several).") var role: [String]
        @Option(help: "The person's unit.") var unit: String
        @Option(help: "Lifetime in minutes; default auth.token_lifetime_minutes.") var minutes: Int?
        @Option(help: "A registered tenant (`laurel tenants list`), signed with its HS256 secret; default: the tenant setting (LAUREL_TENANT).")
        var tenant: String?

        func run() async throws {
            let settings = try database.settings()
            let lifetime = minutes ?? settings.tokenLifetimeMinutes
            guard lifetime > 0 else { throw ValidationError("--minutes must be at least 1, not \(lifetime)") }
            let (domain, authority) = try await authority(settings)
            guard domain.organization.unit(code: unit) != nil else {
                throw ValidationError("--unit \(unit) is not a unit of the organisation (its organization.yaml)")
            }
            do {
                print(try await authority.issue(subject: sub, name: name ?? sub, roles: role, unit: unit,
                                                lifetime: .seconds(60 * lifetime)))
            } catch let error as TokenIssueError {
                throw ValidationError(error.message)
            }
        }

        /// The tenant's configuration and the authority that signs its tokens: the settings' for
        /// the process's own tenant, the registry's for another.
        private func authority(_ settings: ServerSettings) async throws -> (DomainConfiguration, TokenAuthority) {
            guard let tenant, tenant != settings.tenant else {
                let domain = try ConfigFiles.load(try settings.configurationContents())
                return (domain, try await TokenAuthority(settings: settings, knownRoles: LaurelServices.knownRoles(of: domain)))
            }
            guard let record = try await database.withRegistry(settings, { try await $0.find(tenant) }) else { throw ValidationError("--tenant \(tenant) is not registered (`laurel tenants list`)") }
            let domain = try ConfigFiles.load(record.configuration.contents)
            return (domain, try await TokenAuthority(tenant: record, settings: settings, knownRoles: LaurelServices.knownRoles(of: domain)))
        }
    }
}
