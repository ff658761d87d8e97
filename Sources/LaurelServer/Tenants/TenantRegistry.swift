import Foundation
import Postgres

/// The tenants registered in the database (`laurel_tenants`): every agency a process serves beside
/// its own `tenant` setting, added by `laurel tenants add`.
public struct TenantRegistry: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) { self.pool = pool }

    /// A tenant as registered: its configuration files as they were read, and its token keys.
    public struct Record: Sendable {
        public let id: String
        public let name: String
        public let configuration: StoredConfiguration
        /// The HS256 secret its tokens may be signed with; never printed or logged.
        public let hs256Secret: String?
        /// A JWKS of the public keys its tokens may be signed with, as JSON.
        public let jwks: String?
        public let addedAt: Date
        public let updatedAt: Date

        public init(id: String, name: String, configuration: StoredConfiguration, hs256Secret: String?, jwks: String?,
                    addedAt: Date = Date(), updatedAt: Date = Date()) {
            (self.id, self.name, self.configuration, self.hs256Secret, self.jwks) = (id, name, configuration, hs256Secret, jwks)
            (self.addedAt, self.updatedAt) = (addedAt, updatedAt)
        }
    }

    /// What a tenant id may be: lower-case letters, digits, `-` and `_`, starting with a letter or
    /// digit, at most 63 characters (the table's check says the same).
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= 63 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_")
        return CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789").contains(first)
            && id.unicodeScalars.allSatisfy(allowed.contains)
    }

    /// The tenant `id`, or nil when none is registered under it.
    public func find(_ id: String) async throws -> Record? {
        try await pool.query("""
            SELECT tenant, name, configuration, hs256_secret, jwks::text, added_at, updated_at
            FROM laurel_tenants WHERE tenant = $1
            """, [id]).first.map(Self.record)
    }

    /// Every registered tenant, by id.
    public func list() async throws -> [Record] {
        try await pool.query("""
            SELECT tenant, name, configuration, hs256_secret, jwks::text, added_at, updated_at
            FROM laurel_tenants ORDER BY tenant
            """).map(Self.record)
    }

    /// Registers `record`, or replaces the tenant of its id when `replacing`; running services
    /// serve a new tenant at its first request, and a changed one within ``TenantDirectory``'s
    /// refresh interval.
    /// - Returns: false when the tenant exists and `replacing` is false, or does not and it is true.
    public func save(_ record: Record, replacing: Bool) async throws -> Bool {
        let parameters: [any PostgresEncodable] = [record.id, record.name, PostgresJSON(record.configuration), record.hs256Secret, record.jwks]
        let rows = replacing
            ? try await pool.query("""
                UPDATE laurel_tenants SET name = $2, configuration = $3, hs256_secret = $4, jwks = $5::jsonb, updated_at = now()
                WHERE tenant = $1 RETURNING tenant
                """, parameters)
            : try await pool.query("""
                INSERT INTO laurel_tenants (tenant, name, configuration, hs256_secret, jwks) VALUES ($1, $2, $3, $4, $5::jsonb)
                ON CONFLICT (tenant) DO NOTHING RETURNING tenant
                """, parameters)
        return !rows.isEmpty
    }

    private static func record(_ row: PostgresRow) throws -> Record {
        Record(id: try row.decode(0), name: try row.decode(1),
               configuration: try row.decode(2, as: PostgresJSON<StoredConfiguration>.self).value,
               hs256Secret: try row.decode(3), jwks: try row.decode(4), addedAt: try row.decode(5), updatedAt: try row.decode(6))
    }
}

extension TenantRegistry.Record: CustomStringConvertible, CustomDebugStringConvertible {
    /// The tenant without its secret, should a record ever be printed or logged whole.
    public var description: String {
        "tenant \(id) (\(name)): \(configuration.contents.fileNames.count) configuration files, keys: "
            + [hs256Secret.map { _ in "hs256 (secret not shown)" }, jwks.map { _ in "jwks" }].compactMap { $0 }.joined(separator: ", ")
    }

    public var debugDescription: String { description }
}

/// A configuration folder's files, as stored in the registry.
public struct StoredConfiguration: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Equatable {
        public let name: String
        public let text: String
    }

    public let workflows: [File]
    public let rules: [File]
    public let calendar: [File]
    public let organization: File

    public init(_ contents: ConfigFiles.Contents) {
        func files(_ files: [ConfigFiles.File]) -> [File] { files.map { File(name: $0.name, text: $0.text) } }
        workflows = files(contents.workflows)
        rules = files(contents.rules)
        calendar = files(contents.calendar)
        organization = File(name: contents.organization.name, text: contents.organization.text)
    }

    /// The files again, for ``ConfigFiles/load(_:)``.
    public var contents: ConfigFiles.Contents {
        func files(_ files: [File]) -> [ConfigFiles.File] { files.map { (name: $0.name, text: $0.text) } }
        return ConfigFiles.Contents(workflows: files(workflows), rules: files(rules), calendar: files(calendar),
                                    organization: (name: organization.name, text: organization.text))
    }
}
