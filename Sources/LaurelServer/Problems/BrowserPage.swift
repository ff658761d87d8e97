import Hummingbird
import HTTPTypes
import NIOCore

/// A browser asking for a page of the console, rather than a client of the API: it accepts HTML
/// and asks for a path outside `/v1` and the operations paths. Such a request is answered with
/// a page where an API client gets a problem document.
package enum BrowserPage {
    /// Paths of the API and of operations, which always answer problem documents.
    static let machinePaths = ["/v1/", "/healthz", "/readyz", "/metrics", "/openapi.yaml"]

    /// Whether `request` is a browser's for a page.
    package static func isRequested(by request: Request) -> Bool {
        let path = request.uri.path
        guard path != "/v1", !machinePaths.contains(where: { path.hasPrefix($0) }) else { return false }
        return request.headers[.accept]?.lowercased().contains("text/html") == true
    }

    /// 429 as a page: the rate limits answer before the console (or its session) is reached, so
    /// the page stands alone, in both languages, with the wait also in `Retry-After`.
    static func tooManyRequests(_ problem: Problem) -> Response {
        let seconds = problem.retryAfterSeconds ?? 1
        let html = """
            <!doctype html>
            <html lang="vi">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Quá nhiều yêu cầu — Laurel</title><link rel="stylesheet" href="/console.css"></head>
            <body><main id="main">
            <h1>Quá nhiều yêu cầu <small lang="en">(Too many requests)</small></h1>
            <section class="problem" role="alert">
            <p>Xin thử lại sau \(seconds) giây.</p><p lang="en">Try again in \(seconds) seconds.</p>
            <p class="rule">Quy tắc: <code>\(problem.code)</code></p>
            <p class="status">HTTP 429</p>
            </section>
            <p><a href="/">Laurel</a></p>
            </main></body></html>
            """
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.retryAfter] = String(seconds)
        return Response(status: .tooManyRequests, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
