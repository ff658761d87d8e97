import ArgumentParser
import Foundation
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
        subcommands: [
            DemoCommand.self, ServeCommand.self, TokenCommand.self, HistoryCommand.self, NominationsCommand.self, ListsCommand.self,
            DatabaseCommand.self, MigrateCommand.self, WorkflowCommand.self,
            AuditCommand.self, ProjectionsCommand.self, AwardsCommandGroup.self, RegistrationCommand.self,
            TaskRatingsCommand.self, SessionsCommand.self, DecisionsCommand.self, AccountsCommand.self,
        ]
    )

    /// Prints one clear line for a failure instead of a Swift dump, and exits non-zero.
    static func main() async {
        MemoryAllocator.tuneForService(environment: ProcessInfo.processInfo.environment)
        // Warnings and errors on stderr; LAUREL_LOG_LEVEL=debug (or info, trace) shows more.
        let level = ProcessInfo.processInfo.environment["LAUREL_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
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
        } catch let error as ProjectionError {
            FileHandle.standardError.write(Data("laurel: \(error.message)\n".utf8))
            Foundation.exit(error.code == .unknownProjection || error.code == .invalidCursor ? 64 : 1)
        } catch {
            exit(withError: error)
        }
    }
}

/// The options every database command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL or conninfo; defaults to LAUREL_DATABASE_URL, then to the embedded cluster.",
            valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "The embedded cluster's data directory.")
    var dataDirectory = ".laurel/pgdata"

    var cluster: EmbeddedCluster {
        EmbeddedCluster(dataDirectory: URL(fileURLWithPath: dataDirectory))
    }

    /// The database to use: the flag, the environment, or the embedded cluster (started if it
    /// is not running).
    func resolveConfiguration() async throws -> PostgresConfiguration {
        if let url = databaseURL ?? ProcessInfo.processInfo.environment["LAUREL_DATABASE_URL"], !url.isEmpty {
            let configuration = PostgresConfiguration(url)
            try configuration.validate()
            return configuration
        }
        return PostgresConfiguration(try await cluster.start())
    }
}
