import Hummingbird
import Logging
import NIOCore

/// One line per request, written when its response is ready (a streamed body is then still to be
/// sent; every JSON answer is whole): method, route (the pattern,
/// never the path with its ids), status, duration, request id, actor and its tenant. Never a header's or a
/// body's contents, so no token or personal data reaches the log.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status, since: start)
            return response
        } catch {
            log(request, context: context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        let route = Self.route(context.endpointPath)
        let trace = RequestTrace(request, context: context)
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status.code),
            "duration_ms": .string(String(format: "%.3f", milliseconds)), "request_id": .string(trace.requestID),
        ]
        if trace.correlationID != trace.requestID { metadata["correlation_id"] = .string(trace.correlationID) }
        if let caller = context.access.caller {
            metadata["actor"] = .string(caller.actor)
            metadata["tenant"] = .string(caller.tenant)
        }
        context.logger.info("\(request.method) \(route) \(status.code)", metadata: metadata)
    }

    /// The route's pattern (`/v1/nominations/{id}`), or `unmatched` for a request no route
    /// matched, which Hummingbird marks with a word such as `NotFound` instead of a path.
    static func route(_ endpointPath: String?) -> String {
        guard let endpointPath, endpointPath.hasPrefix("/") else { return "unmatched" }
        return endpointPath
    }
}
