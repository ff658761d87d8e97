import Foundation
import LaurelDefaults
import Logging
import Postgres

extension ServerSettings {
    /// The configuration's files: `config_dir`'s, or those built into the binary when it is empty.
    public func configurationContents() throws -> ConfigFiles.Contents {
        configDirectory.isEmpty ? ConfigFiles.builtIn : try ConfigFiles.read(root: URL(fileURLWithPath: configDirectory))
    }

    /// The migrations: `database.migrations_dir`'s, or those built into the binary when it is empty.
    public func migrator(logger: Logger = Logger(label: "laurel.migrations")) throws -> Migrator {
        migrationsDirectory.isEmpty
            ? try Migrator(files: LaurelDefaults.migrations, logger: logger)
            : try Migrator(directory: URL(fileURLWithPath: migrationsDirectory), logger: logger)
    }
}
