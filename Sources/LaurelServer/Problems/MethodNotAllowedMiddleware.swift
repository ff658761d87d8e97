import Hummingbird
import HTTPTypes

/// Answers 405 with an `Allow` header, rather than 404, for a path the router serves with
/// other methods (`DELETE /v1/nominations`, `TRACE /healthz`): the resource exists, the method
/// does not, and a client should learn which methods it may use.
///
/// Added to the router after every route, so it wraps only the router's not-found responder:
/// requests that match a route never pass through it.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext

    /// A served path as its segments; `nil` stands for a captured parameter such as `{id}`.
    private struct Route: Sendable {
        var segments: [Substring?]
        var methods: [HTTPRequest.Method]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(segments, path).allSatisfy { $0 == nil || $0 == $1 }
        }
    }

    private let routes: [Route]

    init(serving served: [Router<Context>.RouteDescription]) {
        var routes: [String: Route] = [:]
        for route in served {
            let key = route.path.description
            routes[key, default: Route(segments: Self.segments(of: key).map { $0.hasPrefix(":") || $0.hasPrefix("{") ? nil : $0 },
                                       methods: [])].methods.append(route.method)
        }
        self.routes = Array(routes.values)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = Self.segments(of: request.uri.path)
        var methods = Set(routes.filter { $0.matches(path) }.flatMap(\.methods))
        // The router answers HEAD wherever it answers GET.
        if methods.contains(.get) { methods.insert(.head) }
        let allowed = methods.map(\.rawValue).sorted()
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
            return try await next(request, context)
        }
        var problem = Problem(code: "method_not_allowed", status: .methodNotAllowed, title: "Method not allowed",
                              detail: "\(request.method) is not served at this path; it accepts \(allowed.joined(separator: ", "))")
        problem.allowedMethods = allowed
        throw problem
    }

    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/")
    }
}
