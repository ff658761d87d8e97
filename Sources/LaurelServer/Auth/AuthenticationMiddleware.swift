import Hummingbird

/// Requires a valid bearer token and puts the caller in the context.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext
    let authority: TokenAuthority

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let caller = try await authority.caller(authorization: request.headers[.authorization])
        var context = context
        context.caller = caller
        context.logger[metadataKey: "actor"] = .string(caller.actor.id)
        context.access.actor = caller.actor.id
        return try await next(request, context)
    }
}
