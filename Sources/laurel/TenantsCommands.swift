import ArgumentParser
import Foundation
import LaurelServer
import Postgres
import Workflow

/// `laurel tenants`: the agencies an installation serves beside its own `tenant` setting.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants",
        abstract: "Register the agencies (tenants) this installation serves; running servers serve them without a restart.",
        subcommands: [Add.self, Update.self, List.self])

    /// What `add` and `update` read: the tenant, its configuration folder and its keys.
    struct TenantOptions: ParsableArguments {
        @Argument(help: "The tenant's id: lower-case letters, digits, '-' and '_' (the `tenant` claim of its tokens).")
        var id: String
        @Option(help: "The agency's name, as people read it.") var name: String
        @Option(name: .customLong("hs256-secret-file"),
                help: ArgumentHelp("A file holding the tenant's HS256 token secret (at least 32 bytes); read from a file so it stays out of the process list.",
                                   valueName: "file"))
        var secretFile: String?
        @Option(name: .customLong("jwks"), help: ArgumentHelp("A JWKS file of the public keys the tenant's tokens are signed with.", valueName: "file"))
        var jwksFile: String?
        @OptionGroup var database: DatabaseOptions

        /// Reads and validates everything, as the server would at start (--config-dir is the tenant's
        /// folder), saves the tenant, new or replacing one, and says so.
        func register(replacing: Bool) async throws {
            let (record, settings) = try await record()
            try await save(record, settings: settings, replacing: replacing)
            print("tenant \(record.id) (\(record.name)) \(replacing ? "updated" : "added"): "
                  + "\(record.configuration.contents.fileNames.count) configuration files")
        }

        private func record() async throws -> (TenantRegistry.Record, ServerSettings) {
            guard let folder = database.settingsOptions.configDirectory else {
                throw ValidationError("name the tenant's configuration folder with --config-dir (`laurel init DIR` writes one to start from)")
            }
            let settings = try database.settings()
            let secret = try secretFile.map { try Self.read($0, what: "--hs256-secret-file").trimmingCharacters(in: .whitespacesAndNewlines) }
            let jwks = try jwksFile.map { try Self.read($0, what: "--jwks") }
            do {
                let contents = try ConfigFiles.read(root: URL(fileURLWithPath: folder))
                return (try await TenantRegistry.record(id: id, name: name, contents: contents, hs256Secret: secret, jwks: jwks,
                                                        settings: settings), settings)
            } catch let refusal as TenantRegistry.Refusal {
                throw CommandLineFailure("tenant \(id) not saved:\n" + refusal.description)
            }
        }

        private static func read(_ path: String, what: String) throws -> String {
            guard let text = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) else {
                throw ValidationError("\(what) \(path) cannot be read")
            }
            return text
        }

        private func save(_ record: TenantRegistry.Record, settings: ServerSettings, replacing: Bool) async throws {
            let saved = try await database.withRegistry(settings) { try await $0.save(record, replacing: replacing) }
            guard saved else {
                throw CommandLineFailure(replacing ? "no tenant \(record.id): `laurel tenants add` registers it"
                                                   : "tenant \(record.id) exists: `laurel tenants update` changes it")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a tenant from its configuration folder (--config-dir) and its token keys.",
            discussion: """
                The folder is validated as `laurel workflow check` and `laurel serve` validate one, and its files are stored in \
                the database, so every instance serves the same configuration. Running servers serve the tenant from its first request.
                """)
        @OptionGroup var tenant: TenantOptions

        func run() async throws { try await tenant.register(replacing: false) }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a tenant's configuration and keys; running servers serve the new ones within seconds.")
        @OptionGroup var tenant: TenantOptions

        func run() async throws { try await tenant.register(replacing: true) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered tenants (never their secrets).")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        struct Entry: Encodable {
            let id: String
            let name: String
            let units: Int
            let keys: [String]
            let updatedAt: Date
        }

        func run() async throws {
            let settings = try database.settings()
            let records = try await database.withRegistry(settings) { try await $0.list() }
            let entries = records.map { record in
                Entry(id: record.id, name: record.name,
                      units: (try? ConfigFiles.load(record.configuration.contents).organization.units.count) ?? 0,
                      keys: (record.hs256Secret == nil ? [] : ["hs256"]) + (record.jwks == nil ? [] : ["jwks"]), updatedAt: record.updatedAt)
            }
            if json { return try printJSON(entries) }
            print("\(settings.tenant)  (this installation's own tenant, from config_dir)")
            for entry in entries {
                print("\(entry.id)  \(entry.name)  \(entry.units) units  keys: \(entry.keys.joined(separator: ", "))  updated \(Timestamp.format(entry.updatedAt))")
            }
        }
    }
}

extension DatabaseOptions {
    /// Runs `body` on the tenant registry of the settings' database, on one connection closed after.
    func withRegistry<T: Sendable>(_ settings: ServerSettings, _ body: (TenantRegistry) async throws -> T) async throws -> T {
        let pool = ConnectionPool(configuration: try await resolveConfiguration(settings), options: .init(maxConnections: 1))
        do {
            let result = try await body(TenantRegistry(pool: pool))
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }
}
