import Hummingbird
import HTTPTypes

/// Answers 429 to a client over its limits, and counts its failed authentications.
///
/// Inside the problem middleware, so a 429 is a problem document with the security headers and
/// is counted in the metrics, and outside authentication, so it sees every 401 of the routes within.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext
    let limits: ClientLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let client = limits.client(remote: context.remoteAddress, forwardedFor: request.headers[values: .forwardedFor]) else {
            return try await next(request, context)
        }
        try limits.admit(client)
        do {
            return try await next(request, context)
        } catch {
            if Problem.from(error).status == .unauthorized { limits.failedAuthentication(by: client) }
            throw error
        }
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, the addresses a request passed through, the client's first.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}
