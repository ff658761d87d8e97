import Foundation
import JWTKit

/// The claims of a Laurel bearer token.
public struct LaurelClaims: JWTPayload, Equatable {
    public var subject: SubjectClaim
    public var name: String
    public var roles: [String]
    public var unit: String
    /// The tenant (agency) the token acts in; absent, the process's own `tenant` setting.
    public var tenant: String?
    public var issuer: IssuerClaim
    public var issuedAt: IssuedAtClaim
    public var expiration: ExpirationClaim

    public init(subject: String, name: String, roles: [String], unit: String, tenant: String? = nil, issuer: String, issuedAt: Date,
                expiresAt: Date) {
        self.subject = SubjectClaim(value: subject)
        self.name = name
        self.roles = roles
        self.unit = unit
        self.tenant = tenant
        self.issuer = IssuerClaim(value: issuer)
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        self.expiration = ExpirationClaim(value: expiresAt)
    }

    enum CodingKeys: String, CodingKey {
        case subject = "sub", name, roles, unit, tenant, issuer = "iss", issuedAt = "iat", expiration = "exp"
    }

    /// Nothing beyond the signature: the expiry (against the authority's clock), the issuer and
    /// the roles are checked by `TokenAuthority`.
    public func verify(using algorithm: some JWTAlgorithm) throws {}
}
