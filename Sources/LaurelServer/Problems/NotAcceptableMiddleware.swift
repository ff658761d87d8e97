import Foundation
import Hummingbird
import HTTPTypes

/// Answers 406 when the client's `Accept` admits none of what the route serves (RFC 9110
/// §12.5.1): `Accept: text/csv` on a JSON list gets 406, not JSON with 200. Each route's media type
/// is the one its successful answer carries, so printable pages (HTML) and exports (CSV) need no
/// list of their own here. Problems (4xx, 5xx) are sent whatever `Accept` says.
struct NotAcceptableMiddleware: RouterMiddleware {
    typealias Context = LaurelRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        guard (200..<300).contains(response.status.code), let accept = request.headers[.accept],
              let type = response.headers[.contentType], !Self.accepts(accept, type) else {
            return response
        }
        let served = type.split(separator: ";").first.map(String.init) ?? type
        throw Problem(code: "not_acceptable", status: .notAcceptable, title: "Not acceptable",
                      detail: "this resource is served as \(served), which Accept: \(accept.prefix(200)) does not admit")
    }

    /// Whether the media ranges of `accept` admit `contentType` (a range with `q=0` refuses it).
    static func accepts(_ accept: String, _ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let major = type.split(separator: "/").first.map(String.init) ?? type
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let media = parts.first, !media.isEmpty else { continue }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if weight <= 0 { continue }
            if media == "*/*" || media == type || media == "\(major)/*" { return true }
        }
        return false
    }
}
