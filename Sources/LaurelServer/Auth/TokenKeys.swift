import Foundation
import JWTKit
import Synchronization

/// The keys tokens are verified with: the settings' HS256 secret (kid `hs256`) and ES256 public
/// key (kid `es256`), read once at start, and the keys of `auth.jwks_file`, read again whenever
/// that file changes, so an old and a new key can both be in force while tokens signed with the
/// old one run out.
///
/// Each reading makes a new ``KeySet`` with a higher generation; the set in use is swapped whole,
/// so a request verifies against one reading or the next, never half of each. With a JWKS, a
/// token must name its key by `kid` and is checked against that key alone; without one, tokens
/// are tried against every key, as before JWKS files existed.
final class TokenKeys: Sendable {
    /// The keys of one reading.
    struct KeySet: Sendable {
        let collection: JWTKeyCollection
        /// Higher for every later reading: what was verified under another generation is verified again.
        let generation: Int
        /// The kids of the JWKS's keys, sorted.
        let jwksKeyIDs: [String]
    }

    /// The kids of the settings' own keys; a JWKS may not reuse them.
    static let fixedKeyIDs: Set<String> = ["hs256", "es256"]

    private let secret: String
    private let publicKey: ES256PublicKey?
    /// `auth.jwks_file`; nil without one.
    let keySetFile: String?
    private let inUse: Mutex<KeySet>
    /// The last reading's generation and what the file looked like then; taken while the file is
    /// read, so generations follow the order of the readings.
    private let reading: Mutex<(generation: Int, stamp: FileStamp?)>

    /// Reads the keys the settings name.
    /// - Throws: when the ES256 public key cannot be read, and `TokenKeyError` when the JWKS cannot
    ///   be read or used.
    init(settings: ServerSettings) async throws {
        secret = settings.tokenSecret
        if settings.tokenPublicKeyFile.isEmpty {
            publicKey = nil
        } else {
            let pem = try String(contentsOf: URL(fileURLWithPath: settings.tokenPublicKeyFile), encoding: .utf8)
            publicKey = try ES256PublicKey(pem: pem)
        }
        keySetFile = settings.tokenKeySetFile.isEmpty ? nil : settings.tokenKeySetFile
        reading = Mutex((0, keySetFile.flatMap(FileStamp.init(path:))))
        let jwks = try keySetFile.map(Self.readKeySet)
        inUse = Mutex(try await Self.makeKeySet(secret: secret, publicKey: publicKey, jwks: jwks, from: keySetFile.map { "auth.jwks_file \($0)" },
                                                generation: 0))
    }

    /// A registered tenant's keys (``TenantRegistry/Record``): its HS256 secret and the public keys
    /// of its JWKS, read once; the registry's `updated_at` tells when to read them again.
    /// - Throws: `TokenKeyError` when the JWKS cannot be read or used.
    init(secret: String?, jwks json: String?, of tenant: String) async throws {
        self.secret = secret ?? ""
        publicKey = nil
        keySetFile = nil
        reading = Mutex((0, nil))
        let jwks = try json.map { try Self.checkedKeySet(Data($0.utf8), from: "tenant \(tenant)'s jwks") }
        inUse = Mutex(try await Self.makeKeySet(secret: self.secret, publicKey: nil, jwks: jwks, from: "tenant \(tenant)'s jwks",
                                                generation: 0))
    }

    /// The keys in use now.
    var current: KeySet { inUse.withLock { $0 } }

    /// Reads the JWKS again and verifies with its keys from now on; nothing without a JWKS.
    /// - Returns: the kids of its keys.
    /// - Throws: `TokenKeyError` when the file cannot be read or used; the keys in use stay.
    func reload() async throws -> [String] {
        try await reload(onlyIfChanged: false) ?? []
    }

    /// Reads the JWKS again if it changed since it was last read (its modification time, size or
    /// inode): the kids of its keys, or nil when it did not change.
    /// - Throws: `TokenKeyError` as ``reload()``, once per change of the file.
    func reloadIfChanged() async throws -> [String]? {
        try await reload(onlyIfChanged: true)
    }

    private func reload(onlyIfChanged: Bool) async throws -> [String]? {
        guard let keySetFile else { return onlyIfChanged ? nil : [] }
        let read = try reading.withLock { reading throws -> (jwks: JWKS, generation: Int)? in
            let stamp = FileStamp(path: keySetFile)
            if onlyIfChanged && stamp == reading.stamp { return nil }
            // Recorded before the file is parsed, so that a broken file is reported once, not at
            // every look, and read again when it changes.
            reading.stamp = stamp
            let jwks = try Self.readKeySet(at: keySetFile)
            reading.generation += 1
            return (jwks, reading.generation)
        }
        guard let read else { return nil }
        let keys = try await Self.makeKeySet(secret: secret, publicKey: publicKey, jwks: read.jwks, from: "auth.jwks_file \(keySetFile)",
                                             generation: read.generation)
        inUse.withLock { inUse in
            if keys.generation > inUse.generation { inUse = keys }
        }
        return keys.jwksKeyIDs
    }

    /// A collection of the settings' keys and `jwks`'s (read from `file`). With a JWKS it has no
    /// default key, so a token naming no kid, or one not in the collection, finds no key.
    private static func makeKeySet(
        secret: String, publicKey: ES256PublicKey?, jwks: JWKS?, from file: String?, generation: Int
    ) async throws -> KeySet {
        let collection = JWTKeyCollection()
        if !secret.isEmpty {
            await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "hs256")
        }
        if let publicKey { await collection.add(ecdsa: publicKey, kid: "es256") }
        guard let jwks else { return KeySet(collection: collection, generation: generation, jwksKeyIDs: []) }
        do {
            try await collection.add(jwks: jwks)
        } catch {
            throw TokenKeyError(message: "\(file ?? "auth.jwks_file"): a key cannot be used: \(error)")
        }
        await collection.clearDefault()
        return KeySet(collection: collection, generation: generation,
                      jwksKeyIDs: jwks.keys.compactMap { $0.keyIdentifier?.string }.sorted())
    }

    /// The JWKS at `path`, checked: every key has a kid of its own, none is a kid of the
    /// settings' keys, each names its algorithm, and none holds a private key.
    static func readKeySet(at path: String) throws -> JWKS {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenKeyError(message: "auth.jwks_file \(path): cannot be read (\((error as NSError).localizedDescription))")
        }
        return try checkedKeySet(data, from: "auth.jwks_file \(path)")
    }

    /// The JWKS `data` (from `source`, as messages name it), checked as ``readKeySet(at:)`` says.
    static func checkedKeySet(_ data: Data, from source: String) throws -> JWKS {
        func refused(_ reason: String) -> TokenKeyError { TokenKeyError(message: "\(source): \(reason)") }
        let jwks: JWKS
        do {
            jwks = try JSONDecoder().decode(JWKS.self, from: data)
        } catch let error as DecodingError {
            throw refused("is not a JWKS: \(Self.describe(error))")
        }
        var seen: Set<String> = []
        for key in jwks.keys {
            guard let kid = key.keyIdentifier?.string, !kid.isEmpty else { throw refused("a key has no kid") }
            guard !fixedKeyIDs.contains(kid) else {
                throw refused("kid '\(kid)' is the settings' own key's; give the JWKS's keys other kids")
            }
            guard seen.insert(kid).inserted else { throw refused("kid '\(kid)' names two keys") }
            // Without `alg`, jwt-kit makes a key's verifier with the algorithm of the first token that
            // names it and keeps it, so one forged token could make the key refuse every real one.
            guard key.algorithm != nil else {
                throw refused("key '\(kid)' has no alg: name the algorithm its tokens are signed with")
            }
            // A verifier needs only public keys; a private one here is a signing key in the wrong place.
            guard key.privateExponent == nil else {
                throw refused("key '\(kid)' holds a private key; give the service public keys only")
            }
        }
        return jwks
    }

    /// Where and why decoding failed, without the values (a misplaced private key must not reach the log).
    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): context = c
        @unknown default: return "it cannot be decoded"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let reason = context.debugDescription.hasSuffix(".") ? String(context.debugDescription.dropLast()) : context.debugDescription
        return path.isEmpty ? reason : "\(path.drop { $0 == "." }): \(reason)"
    }
}

/// What tells a changed file from the same one: its modification time, size and inode (a file
/// replaced by a rename, as deployment tools and mounted Kubernetes secrets do, has a new inode).
struct FileStamp: Equatable {
    let modified: Date?
    let size: Int?
    let inode: Int?

    /// Nil when the file cannot be looked at (it is missing).
    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        modified = attributes[.modificationDate] as? Date
        size = (attributes[.size] as? NSNumber)?.intValue
        inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
    }
}

/// Why the token keys cannot be read or used.
public struct TokenKeyError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
