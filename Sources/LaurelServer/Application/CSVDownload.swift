import Hummingbird
import HTTPTypes
import NIOCore

/// A table downloaded as CSV: UTF-8 with a byte order mark, so spreadsheet programs read the
/// diacritics, CRLF line ends, fields quoted only where they must be.
enum CSVDownload {
    static func response(_ lines: [[String]], filename: String) -> Response {
        let text = "\u{FEFF}" + lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func field(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
