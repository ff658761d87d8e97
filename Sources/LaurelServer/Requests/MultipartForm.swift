import Foundation

/// A `multipart/form-data` body (RFC 7578): how a browser sends a form with files. Hummingbird 2
/// reads URL-encoded forms only, so the console's forms with files are read here.
package struct MultipartForm: Sendable {
    /// One field of the form: a text, or a file (with the name the browser gave it).
    package struct Part: Sendable, Equatable {
        package let name: String
        /// Set for a file input, even one left empty (`""`).
        package let filename: String?
        package let content: Data
    }

    package let parts: [Part]

    /// The most parts a form may have: far more than any console form, few enough to bound the work.
    static let maxParts = 500

    /// Reads `body` with the boundary `contentType` names.
    ///
    /// - Throws: ``Problem`` 400 `malformed_body` for a body that is not multipart as declared.
    package init(body: Data, contentType: String) throws(Problem) {
        guard let boundary = Self.boundary(contentType) else {
            throw Problem.malformed("a multipart/form-data body needs its boundary in Content-Type")
        }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        let next = Array("\r\n--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: bytes, from: 0) else { throw Problem.malformed("the multipart body has no part") }
        position += delimiter.count
        var parts: [Part] = []
        while true {
            // After a delimiter: `--` ends the body, a line break starts a part.
            if bytes[position...].starts(with: [45, 45]) { break }
            guard bytes[position...].starts(with: [13, 10]), parts.count < Self.maxParts,
                  let headerEnd = Self.find([13, 10, 13, 10], in: bytes, from: position + 2),
                  let end = Self.find(next, in: bytes, from: headerEnd + 4)
            else { throw Problem.malformed("the multipart body is cut short or has too many parts") }
            let headers = String(decoding: bytes[(position + 2)..<headerEnd], as: UTF8.self)
            guard let disposition = Self.disposition(headers), let name = disposition["name"] else {
                throw Problem.malformed("a part of the multipart body has no Content-Disposition name")
            }
            parts.append(Part(name: name, filename: disposition["filename"], content: Data(bytes[(headerEnd + 4)..<end])))
            position = end + next.count
        }
        self.parts = parts
    }

    /// The text fields, in order, as `application/x-www-form-urlencoded` would carry them: what
    /// the console's URL-encoded form reader reads.
    package var urlEncodedTexts: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parts.filter { $0.filename == nil }.map { part in
            let value = String(decoding: part.content, as: UTF8.self)
            return (part.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }

    /// The file inputs called `name`, in the form's order, empty ones included.
    package func files(named name: String) -> [Part] {
        parts.filter { $0.name == name && $0.filename != nil }
    }

    /// The `boundary` parameter of a `multipart/form-data` Content-Type.
    static func boundary(_ contentType: String) -> String? {
        let fields = parameters(contentType)
        guard fields.first?.key.lowercased() == "multipart/form-data",
              let boundary = fields.first(where: { $0.key.lowercased() == "boundary" })?.value,
              (1...70).contains(boundary.count) else { return nil }
        return boundary
    }

    /// The `Content-Disposition: form-data; name=…; filename=…` header's parameters.
    static func disposition(_ headers: String) -> [String: String]? {
        for line in headers.components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            let fields = parameters(String(pair[1]))
            guard fields.first?.key.lowercased() == "form-data" else { return nil }
            return Dictionary(fields.dropFirst().map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        return nil
    }

    /// `value; key=value; key="quoted; value"` as pairs (the first one's key is the bare value),
    /// with `;` inside quotes kept.
    static func parameters(_ text: String) -> [(key: String, value: String)] {
        var pieces: [String] = [], current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces.map { piece in
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return (key: pair.first ?? "", value: "") }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (key: pair[0], value: value)
        }
    }

    /// Where `pattern` first occurs in `bytes` at or after `start`.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        let last = bytes.count - pattern.count
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var index = start
            while index <= last {
                if buffer[index] == first, pattern.indices.allSatisfy({ buffer[index + $0] == pattern[$0] }) { return index }
                index += 1
            }
            return nil
        }
    }
}
