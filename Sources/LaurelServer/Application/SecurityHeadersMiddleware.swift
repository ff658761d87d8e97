import Hummingbird
import HTTPTypes

/// Headers every response carries so that browsers and proxies treat it safely: no content-type
/// sniffing anywhere, and nothing of `/v1` (authenticated data) kept in any cache.
///
/// Outside the problem middleware, so problem documents carry them too.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentTypeOptions] = "nosniff"
        if request.uri.path.hasPrefix("/v1/") || request.uri.path == "/v1" {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options`.
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
