import ArgumentParser
import Foundation
import LaurelBuild
import LaurelServer
import Logging
import Postgres
import Projections
import Workflow

/// `laurel`: Laurel's command-line tool.
@main
struct Laurel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laurel",
        abstract: "Laurel: event-sourced emulation and commendation workflows.",
        version: LaurelVersion.description,
        subcommands: [
            DemoCommand.self, InitCommand.self, ServeCommand.self, TokenCommand.self, HistoryCommand.self, NominationsCommand.self, ListsCommand.self,
            DatabaseCommand.self, MigrateCommand.self, WorkflowCommand.self,
            AuditCommand.self, ProjectionsCommand.self, AwardsCommandGroup.self, ServiceRecordsCommand.self, MedalCommand.self, RegistrationCommand.self,
            TaskRatingsCommand.self, ScoringTableCommand.self, ScoresCommand.self, RankingCommand.self, MovementsCommand.self, ClusterYearCommandGroup.self, ReportsCommand.self, SessionsCommand.self, DecisionsCommand.self, AccountsCommand.self, TenantsCommand.self,
        ]
    )

    /// Prints one clear line for a failure instead of a Swift dump, and exits non-zero.
    static func main() async {
        MemoryAllocator.tuneForService(environment: ProcessInfo.processInfo.environment)
        // Warnings and errors on stderr; LAUREL_LOG_LEVEL=debug (or info, trace) shows more.
        let level = ProcessInfo.processInfo.environment["LAUREL_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in LaurelLogHandler(label: label, level: level) }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as PostgresError {
            // libpq's messages span lines ("…failed: …\n\tIs the server running…"); keep one.
            let oneLine = error.message.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            FileHandle.standardError.write(Data("laurel: \(oneLine)\n".utf8))
            Foundation.exit(error.code == .invalidConfiguration ? 64 : 1)
        } catch let error as ConfigErrors {
            FileHandle.standardError.write(Data("laurel: invalid configuration\n\(error.description)\n".utf8))
            Foundation.exit(64)
        } catch let error as CommandLineFailure {
            FileHandle.standardError.write(Data("laurel: \(error.message)\n".utf8))
            Foundation.exit(64)
        } catch let error as ProjectionError {
            FileHandle.standardError.write(Data("laurel: \(error.message)\n".utf8))
            Foundation.exit(error.code == .unknownProjection || error.code == .invalidCursor ? 64 : 1)
        } catch {
            exit(withError: error)
        }
    }
}

/// The options every database command shares: the settings (`--settings`, `LAUREL_*`), and the
/// database they name, which these flags override.
struct DatabaseOptions: ParsableArguments {
    @OptionGroup var settingsOptions: SettingsOptions

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL or conninfo; default: database.url (LAUREL_DATABASE_URL), else the embedded cluster.",
            valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("data-dir"),
            help: ArgumentHelp("The embedded cluster's data directory; default: database.data_dir (LAUREL_DATABASE_DATA_DIR), .laurel/pgdata.",
                               valueName: "dir"))
    var dataDirectory: String?

    /// The settings with these flags applied.
    func settings() throws -> ServerSettings {
        try settingsOptions.load { settings in
            if let databaseURL { settings.databaseURL = databaseURL }
            if let dataDirectory { settings.dataDirectory = dataDirectory }
        }
    }

    func cluster() throws -> EmbeddedCluster {
        EmbeddedCluster(dataDirectory: URL(fileURLWithPath: try settings().dataDirectory))
    }

    /// The database to use: a URL (flag, environment or file), or the embedded cluster, started if
    /// it is stopped. Only commands that set a database up (`db start`, `migrate`) may create the
    /// cluster; the others say there is none.
    ///
    /// - Parameter settings: the settings already read, when the command reads more of them.
    func resolveConfiguration(_ settings: ServerSettings? = nil, mayCreate: Bool = false) async throws -> PostgresConfiguration {
        let settings = try settings ?? self.settings()
        if !settings.databaseURL.isEmpty {
            let configuration = PostgresConfiguration(settings.databaseURL)
            try configuration.validate()
            return configuration
        }
        let cluster = EmbeddedCluster(dataDirectory: URL(fileURLWithPath: settings.dataDirectory))
        if !mayCreate, case .notInitialized = try cluster.status() {
            throw CommandLineFailure("no database in \(cluster.dataDirectory.path): `laurel db start` (or `laurel serve`) creates one; "
                                     + "--data-dir or LAUREL_DATABASE_DATA_DIR names another, --database-url a server")
        }
        return PostgresConfiguration(try await cluster.start())
    }
}
