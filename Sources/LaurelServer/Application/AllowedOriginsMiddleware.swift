import Hummingbird
import HTTPTypes

/// CORS for the origins the settings allow (`server.cors_allowed_origins`), through Hummingbird's
/// `CORSMiddleware`; a request from any other origin, or with none, passes as if CORS were off.
struct AllowedOriginsMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext

    let origins: Set<String>
    let cors = CORSMiddleware<LaurelRequestContext>(
        allowOrigin: .originBased,
        allowHeaders: [.authorization, .contentType, .ifMatch, .ifNoneMatch, .idempotencyKey, .requestID, .correlationID],
        allowMethods: [.get, .head, .post, .put, .options],
        exposedHeaders: ["ETag", "Location", "Retry-After", "X-Request-Id", "X-Correlation-Id"],
        maxAge: .seconds(600))

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains(origin) else { return try await next(request, context) }
        return try await cors.handle(request, context: context, next: next)
    }
}
