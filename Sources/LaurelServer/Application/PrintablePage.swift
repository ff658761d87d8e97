import Hummingbird
import HTTPTypes
import NIOCore

/// A printable page (a decision, its certificates, a session's minutes): HTML that loads
/// nothing, no script, style or image from anywhere, so it prints the same on an intranet.
enum PrintablePage {
    static func response(_ html: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
