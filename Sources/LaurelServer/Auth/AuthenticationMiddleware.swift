import Foundation
import Hummingbird

/// Requires a valid bearer token and puts the caller, and the tenant it acts in, in the context.
///
/// The tenant comes from the token's `tenant` claim (none: the process's own tenant), never from
/// the request: the claim, read before the signature is checked, only chooses whose keys check it,
/// and a token naming an unknown tenant is refused as any invalid token is.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext
    let tenants: TenantDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization]
        guard let tenant = try await tenants.tenant(Self.claimedTenant(header)) else {
            throw Problem.unauthenticated("the token is not valid")
        }
        let caller = try await tenant.authority.caller(authorization: header)
        var context = context
        context.caller = caller
        context.tenant = tenant
        context.logger[metadataKey: "actor"] = .string(caller.actor.id)
        context.logger[metadataKey: "tenant"] = .string(tenant.id)
        context.access.caller = (caller.actor.id, tenant.id)
        return try await next(request, context)
    }

    /// The `tenant` claim of a bearer token, unverified; nil when the header holds no readable
    /// payload or it names no tenant.
    static func claimedTenant(_ header: String?) -> String? {
        guard let header, case let parts = header.split(separator: " ", maxSplits: 1), parts.count == 2 else { return nil }
        let segments = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { return nil }
        var base64 = segments[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
              let payload = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return payload["tenant"] as? String
    }
}
