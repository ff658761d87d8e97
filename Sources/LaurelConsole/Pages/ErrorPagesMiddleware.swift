import Hummingbird
import HTTPTypes
import LaurelServer

/// A browser's request for a path nobody serves (404), or with a method its path does not take
/// (405), answered with the console's page rather than the API's problem JSON.
///
/// Added after every route of the console, so it wraps only the router's not-found responder
/// (and the 405 check inside it); the API's paths and any client that does not ask for HTML
/// keep their problem documents (``BrowserPage``).
struct ErrorPagesMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext
    let console: Console

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            guard BrowserPage.isRequested(by: request), [404, 405].contains(problem.statusCode) else { throw error }
            let visit = try? await console.visit(request)
            var response = try console.errorPage(problem, language: visit?.language ?? Language(request), visit: visit)
            if let allowed = problem.allowedMethods { response.headers[.allow] = allowed.joined(separator: ", ") }
            return response
        }
    }
}
