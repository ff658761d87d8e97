import Foundation
import Workflow

extension TenantRegistry {
    /// Why a tenant cannot be registered as asked.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let problems: [String]
        public var description: String { problems.joined(separator: "\n") }
    }

    /// A tenant record from a configuration folder's files and token keys, validated as the
    /// server validates its own configuration at start, and its keys as it would use them.
    ///
    /// - Parameters:
    ///   - contents: the tenant's configuration folder, as ``ConfigFiles/read(root:)`` read it.
    ///   - hs256Secret: a shared secret of at least 32 bytes; it never appears in a message.
    ///   - jwks: a JWKS of public keys, as JSON.
    ///   - settings: the process's settings: its own tenant cannot be registered, and the issuer is theirs.
    /// - Throws: ``Refusal`` listing every problem, including each configuration file's.
    public static func record(
        id: String, name: String, contents: ConfigFiles.Contents, hs256Secret: String?, jwks: String?, settings: ServerSettings
    ) async throws -> Record {
        var problems: [String] = []
        if !isValidID(id) {
            problems.append("tenant id '\(id)': use 1 to 63 lower-case letters, digits, '-' and '_', starting with a letter or digit")
        }
        if id == settings.tenant {
            problems.append("'\(id)' is this installation's own tenant (the tenant setting), configured from config_dir, not the registry")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("the tenant needs a name (--name)") }
        if hs256Secret == nil && jwks == nil {
            problems.append("the tenant needs its own token keys: an HS256 secret, a JWKS of public keys, or both")
        }
        if let hs256Secret, hs256Secret.utf8.count < 32 { problems.append("the HS256 secret must be at least 32 bytes") }
        problems += ConfigFiles.problems(in: contents).map(\.description)
        let record = Record(id: id, name: name, configuration: StoredConfiguration(contents), hs256Secret: hs256Secret, jwks: jwks)
        if problems.isEmpty {
            do {
                _ = try await TokenAuthority(tenant: record, settings: settings, knownRoles: [])
            } catch {
                problems.append("\(error)")
            }
        }
        guard problems.isEmpty else { throw Refusal(problems: problems) }
        return record
    }
}
