import Foundation
import JWTKit
import Nominations
import Synchronization

/// Verifies bearer tokens (and, with the HS256 secret, issues them for local use).
///
/// Keys come from the settings: an HS256 shared secret, an ES256 public key, the keys of a JWKS
/// file chosen by the token's `kid` (read again when the file changes), or several of these
/// (``TokenKeys``). A token must carry Laurel's issuer, a subject, a unit and only known roles;
/// anything else is a 401, so a typo in a role can never silently grant less or more than intended.
///
/// Each tenant has an authority of its own (``TenantServices/authority``): the process's tenant
/// one from the settings' keys, a registered tenant one from the registry's. It verifies only
/// tokens whose `tenant` claim names its tenant (a token without the claim names the process's
/// tenant), so a token signed with one agency's key can never act in another's.
public struct TokenAuthority: Sendable {
    /// The tenant whose tokens this authority verifies and issues.
    public let tenant: String
    /// The process's own tenant (the `tenant` setting), which a token without the claim names.
    let defaultTenant: String
    let keys: TokenKeys
    let issuer: String
    let knownRoles: Set<String>
    let canIssue: Bool
    let verified = VerifiedTokens(capacity: 4_096)
    /// The time tokens expire against; tests move it.
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - knownRoles: the workflows' roles plus `auditor` and `administrator`.
    ///   - now: the clock, the system's unless a test moves one.
    /// - Throws: when the ES256 public key cannot be read, and `TokenKeyError` when the JWKS cannot
    ///   be read or used.
    public init(settings: ServerSettings, knownRoles: Set<String>, now: @escaping @Sendable () -> Date = { Date() }) async throws {
        self.keys = try await TokenKeys(settings: settings)
        self.tenant = settings.tenant
        self.defaultTenant = settings.tenant
        self.issuer = settings.tokenIssuer
        self.knownRoles = knownRoles
        self.canIssue = !settings.tokenSecret.isEmpty
        self.now = now
    }

    /// The authority of registered tenant `record`, with its keys alone; it issues tokens when the
    /// tenant has an HS256 secret.
    /// - Throws: `TokenKeyError` when the tenant's JWKS cannot be used.
    public init(tenant record: TenantRegistry.Record, settings: ServerSettings, knownRoles: Set<String>,
                now: @escaping @Sendable () -> Date = { Date() }) async throws {
        self.keys = try await TokenKeys(secret: record.hs256Secret, jwks: record.jwks, of: record.id)
        self.tenant = record.id
        self.defaultTenant = settings.tenant
        self.issuer = settings.tokenIssuer
        self.knownRoles = knownRoles
        self.canIssue = !(record.hs256Secret ?? "").isEmpty
        self.now = now
    }

    /// Reads `auth.jwks_file` again: from now on tokens are verified with its keys (beside the
    /// secret and the public key), and tokens verified before are verified again, so one whose key
    /// left the file is refused. Nothing without a JWKS.
    /// - Returns: the kids of the file's keys.
    /// - Throws: `TokenKeyError` when the file cannot be read or used; the keys in use stay.
    @discardableResult
    public func reloadKeys() async throws -> [String] {
        try await keys.reload()
    }

    /// As ``reloadKeys()`` when `auth.jwks_file` changed since it was last read; nil when it did not.
    public func reloadKeysIfChanged() async throws -> [String]? {
        try await keys.reloadIfChanged()
    }

    /// The caller a bearer token stands for.
    /// - Throws: `Problem` 401 for a missing, malformed, expired, wrongly signed or unknown-claim token.
    public func caller(authorization header: String?) async throws(Problem) -> Caller {
        guard let header, !header.isEmpty else { throw .unauthenticated("a bearer token is required") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        let token = String(parts[1])
        let now = now()
        let keySet = keys.current
        if let caller = verified.caller(for: token, at: now, generation: keySet.generation) { return caller }
        let claims: LaurelClaims
        do {
            claims = try await keySet.collection.verify(token, as: LaurelClaims.self, iteratingKeys: keys.keySetFile == nil)
        } catch let error as JWTError where error.errorType == .noKeyProvided {
            throw .unauthenticated("the token names no key (kid) this service verifies with")
        } catch {
            throw .unauthenticated("the token is not valid")
        }
        // The claim chose this authority; checked again so that no path can hand a token to another tenant's.
        guard (claims.tenant ?? defaultTenant) == tenant else { throw .unauthenticated("the token is not valid") }
        guard now < claims.expiration.value else { throw .unauthenticated("the token has expired") }
        guard claims.issuer.value == issuer else { throw .unauthenticated("the token was not issued by \(issuer)") }
        guard !claims.subject.value.isEmpty, !claims.unit.isEmpty, !claims.roles.isEmpty else {
            throw .unauthenticated("the token needs a subject, a unit and at least one role")
        }
        let unknown = Set(claims.roles).subtracting(knownRoles)
        guard unknown.isEmpty else {
            throw .unauthenticated("the token names unknown roles: \(unknown.sorted().joined(separator: ", "))")
        }
        let caller = Caller(actor: Actor(id: claims.subject.value, roles: Set(claims.roles), unit: claims.unit),
                            displayName: claims.name)
        verified.remember(token, as: caller, until: claims.expiration.value, at: now, generation: keySet.generation)
        return caller
    }

    /// Signs a token with the HS256 secret (for `laurel token issue`, the demo and tests), issued
    /// at `issuedAt` or now, with this authority's tenant in its `tenant` claim.
    public func issue(
        subject: String, name: String, roles: [String], unit: String, lifetime: Duration, now issuedAt: Date? = nil
    ) async throws -> String {
        let now = issuedAt ?? now()
        guard canIssue else { throw TokenIssueError(message: "issuing tokens needs auth.hs256_secret") }
        let unknown = Set(roles).subtracting(knownRoles)
        guard unknown.isEmpty else {
            throw TokenIssueError(message: "unknown roles: \(unknown.sorted().joined(separator: ", ")); known: \(knownRoles.sorted().joined(separator: ", "))")
        }
        let claims = LaurelClaims(subject: subject, name: name, roles: roles, unit: unit, tenant: tenant, issuer: issuer, issuedAt: now,
                                  expiresAt: now.addingTimeInterval(Double(lifetime.components.seconds)))
        return try await keys.current.collection.sign(claims, kid: "hs256")
    }
}

/// Tokens verified before, with the caller each stands for, until they expire.
///
/// A client sends the same token with every request, and verifying it (the signature, then
/// decoding the claims) was 5% of the server's time under load. A token that verified once
/// verifies again until it expires, as long as the keys are the same: each entry keeps the
/// generation of the keys it was verified with (``TokenKeys/KeySet``), and is served only under
/// that generation, so after the JWKS is read again every token is verified anew and one whose key
/// left the file is refused. The token's exact text is the key, so any change to it is verified
/// anew. At most `capacity` are kept: when full, the expired ones and those of other generations
/// go, and if none has, all of them.
final class VerifiedTokens: Sendable {
    private let entries = Mutex<[String: (caller: Caller, expires: Date, generation: Int)]>([:])
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The caller `token` was verified as under the keys of `generation`, if it has not expired at `now`.
    func caller(for token: String, at now: Date, generation: Int) -> Caller? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.expires, entry.generation == generation else {
                entries[token] = nil
                return nil
            }
            return entry.caller
        }
    }

    /// Remembers `caller` for `token`, verified under the keys of `generation`, until `expires`;
    /// when full, forgets those expired at `now` or of other generations first.
    func remember(_ token: String, as caller: Caller, until expires: Date, at now: Date, generation: Int) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { now < $0.value.expires && $0.value.generation == generation }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = (caller, expires, generation)
        }
    }

    var count: Int { entries.withLock { $0.count } }
}

/// Why a token could not be issued.
public struct TokenIssueError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
