import Crypto
import Foundation
import Logging

/// One schema change: a file `sql/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, in hex: an applied file must never change.
    public let checksum: String

    public var fileName: String { String(format: "%04d_%@.sql", version, name) }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Applies migrations in order, each in its own transaction, recorded with its checksum in
/// `laurel_migrations`. Safe when several processes migrate at once: they take turns on an
/// advisory lock, and each migration runs exactly once.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    private let logger: Logger

    /// Arbitrary but fixed: every Laurel process must use the same key.
    private static let lockKey: Int64 = 0x4C61_7572_656C  // "Laurel"

    public init(migrations: [Migration], logger: Logger = Logger(label: "laurel.migrations")) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// Reads `NNNN_name.sql` files from `directory`; other names are an error, so a misnamed
    /// file is not silently skipped.
    public init(directory: URL, logger: Logger = Logger(label: "laurel.migrations")) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
        } catch {
            throw PostgresError(code: .invalidConfiguration, message: "\(directory.path): the migrations directory cannot be read")
        }
        let files = try names.map { name in
            (path: directory.appendingPathComponent(name).path,
             text: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        }
        try self.init(files: files, logger: logger)
    }

    /// Migrations from `NNNN_name.sql` files already read (those built into the binary, say),
    /// each given by its path and text; other names are an error, as is a version used twice.
    public init(files: [(path: String, text: String)], logger: Logger = Logger(label: "laurel.migrations")) throws {
        var migrations: [Migration] = []
        var seen: [Int: String] = [:]
        for (path, sql) in files.sorted(by: { $0.path < $1.path }) {
            let file = path.split(separator: "/").last.map(String.init) ?? path
            let parts = file.split(separator: "_", maxSplits: 1)
            guard file.hasSuffix(".sql"), parts.count == 2, parts[0].count == 4, let version = Int(parts[0]) else {
                throw PostgresError(code: .invalidConfiguration, message: "\(path): migration files are named NNNN_name.sql")
            }
            if let other = seen[version] {
                throw PostgresError(code: .invalidConfiguration, message: "\(path): version \(version) is also used by \(other)")
            }
            seen[version] = file
            migrations.append(Migration(version: version, name: String(parts[1].dropLast(4)), sql: sql))
        }
        self.init(migrations: migrations, logger: logger)
    }

    /// Applies what is missing and returns the migrations applied now. Throws, naming the file,
    /// if an applied migration's file has changed since.
    @discardableResult
    public func migrate(_ connection: Connection) async throws -> [Migration] {
        try await connection.query("SELECT pg_advisory_lock($1)", [Self.lockKey])
        do {
            let applied = try await apply(on: connection)
            try await connection.query("SELECT pg_advisory_unlock($1)", [Self.lockKey])
            return applied
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [Self.lockKey])
            throw error
        }
    }

    /// The migrations not yet applied (empty when the schema is current); throws on a changed file.
    public func pending(_ connection: Connection) async throws -> [Migration] {
        let exists = try await connection.query("SELECT to_regclass('laurel_migrations') IS NOT NULL")
        guard try exists[0].decode(0, as: Bool.self) else { return migrations }
        return try await check(connection)
    }

    private func apply(on connection: Connection) async throws -> [Migration] {
        try await connection.execute("""
            CREATE TABLE IF NOT EXISTS laurel_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let pending = try await check(connection)
        for migration in pending {
            try await connection.transaction { transaction in
                try transaction.execute(migration.sql)
                try transaction.query(
                    "INSERT INTO laurel_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, migration.checksum])
            }
            logger.info("applied migration \(migration.fileName)")
        }
        return pending
    }

    private func check(_ connection: Connection) async throws -> [Migration] {
        let rows = try await connection.query("SELECT version, checksum FROM laurel_migrations")
        var applied: [Int: String] = [:]
        for row in rows {
            applied[try row.decode(0)] = try row.decode(1, as: String.self)
        }
        for migration in migrations {
            if let checksum = applied[migration.version], checksum != migration.checksum {
                throw PostgresError(
                    code: .invalidConfiguration,
                    message: "migration \(migration.fileName) was changed after it was applied; add a new migration instead")
            }
        }
        return migrations.filter { applied[$0.version] == nil }
    }
}
