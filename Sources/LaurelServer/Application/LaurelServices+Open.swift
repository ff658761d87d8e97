import Foundation
import Logging
import Postgres
import Workflow

extension LaurelServices {
    /// Opens everything `laurel serve` needs from its settings: reads and validates the configuration,
    /// starts the embedded cluster unless a database URL is set, and applies pending migrations
    /// unless told not to (then refuses to start on a schema behind this build).
    ///
    /// - Parameter today: the service's calendar; `laurel demo` passes a simulated one.
    public static func open(
        settings: ServerSettings, today: @escaping @Sendable () -> LocalDate = LaurelServices.todayInVietnam,
        logger: Logger = Logger(label: "laurel.server")
    ) async throws -> LaurelServices {
        if let refusal = settings.developmentSecretRefusal {
            throw ConfigErrors([ConfigError(file: "settings", line: nil, message: refusal)])
        }
        if settings.tokenSecret == ServerSettings.developmentSecret {
            logger.warning("auth.hs256_secret is the development secret shipped in the repository: fine on loopback, never elsewhere")
        }
        let domain = try ConfigFiles.load(try settings.configurationContents())
        let migrator = try settings.migrator()
        let database: PostgresConfiguration
        if settings.databaseURL.isEmpty {
            let cluster = EmbeddedCluster(dataDirectory: URL(fileURLWithPath: settings.dataDirectory))
            database = PostgresConfiguration(try await cluster.start())
        } else {
            database = PostgresConfiguration(settings.databaseURL)
            try database.validate()
        }
        try await Connection.withConnection(database) { connection in
            if settings.migrateOnStart {
                let applied = try await migrator.migrate(connection)
                if !applied.isEmpty { logger.info("applied \(applied.count) migrations") }
            } else if case let pending = try await migrator.pending(connection), !pending.isEmpty {
                throw PostgresError(code: .invalidConfiguration,
                                    message: "the database lacks migrations \(pending.map(\.fileName).joined(separator: ", ")); run `laurel migrate`")
            }
        }
        return try await LaurelServices(settings: settings, domain: domain, database: database,
                                        migrator: migrator, today: today, logger: logger)
    }
}
