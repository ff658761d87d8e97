import Foundation

/// `If-None-Match` (RFC 9110 §13.1.2): a GET whose representation the client already holds, by its
/// entity tag, is answered 304 with no body.
enum ConditionalRequest {
    /// Whether `header` names `etag` (weak comparison: `W/"3"` matches `"3"`) or is `*`.
    static func noneMatchFails(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        let strong = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        return header.split(separator: ",").contains { tag in
            var tag = tag.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == strong
        }
    }
}
