import Hummingbird
import HTTPTypes
import Logging

/// Turns every error into an RFC 9457 response and stamps the request and correlation ids on
/// every response (the client's when well formed).
///
/// It sits inside the metrics middleware, so metrics see the final status, and outside
/// authentication, so a 401 is a problem document like any other. A 500 is logged with the
/// error; its body says nothing internal.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.statusCode >= 500 {
                let level: Logger.Level = problem.code == "internal_error" ? .error : .warning
                context.logger.log(level: level, "request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // A browser over its rate limit gets a page: the console's own pages lie behind the limit.
            response = problem.statusCode == 429 && BrowserPage.isRequested(by: request)
                ? BrowserPage.tooManyRequests(problem) : try problem.response(from: request, context: context)
        }
        let trace = RequestTrace(request, context: context)
        response.headers[.requestID] = trace.requestID
        response.headers[.correlationID] = trace.correlationID
        return response
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
    static let correlationID = Self("X-Correlation-Id")!
    static let idempotencyKey = Self("Idempotency-Key")!
}
