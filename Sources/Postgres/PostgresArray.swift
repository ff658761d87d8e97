/// A list of values bound as one PostgreSQL array parameter, in the array's text form
/// (`{"a","b",NULL}`), so that one statement can write many rows:
/// `INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::int8[])`.
///
/// The statement casts the parameter to its array type; each element travels in its own text
/// form (bytea as `\x` hex), so any mix of ``PostgresEncodable`` values can make up a column.
/// A wrapper rather than a conformance of `Array`, so that an array of parameters is never
/// taken for a single array parameter by mistake.
public struct PostgresArray: PostgresEncodable {
    public var elements: [any PostgresEncodable]

    public init(_ elements: [any PostgresEncodable]) { self.elements = elements }

    public var postgresBind: PostgresBind {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal.append(",") }
            switch element.postgresBind.value {
            case .null:
                literal.append("NULL")
            case .text(let text):
                Self.appendQuoted(text, to: &literal)
            case .binary(let bytes):
                Self.appendQuoted("\\x" + bytes.map { Self.hexDigits[Int($0 >> 4)] + Self.hexDigits[Int($0 & 0xF)] }.joined(),
                                  to: &literal)
            }
        }
        literal.append("}")
        return PostgresBind(.text(literal))
    }

    private static let hexDigits = "0123456789abcdef".map(String.init)

    /// Every element is quoted, so that empty strings, `NULL` as text, braces, commas and spaces
    /// keep their meaning; inside the quotes only `"` and `\` need a backslash.
    private static func appendQuoted(_ text: String, to literal: inout String) {
        literal.append("\"")
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            literal.append(text)
            literal.append("\"")
            return
        }
        for character in text.unicodeScalars {
            if character == "\"" || character == "\\" { literal.unicodeScalars.append("\\") }
            literal.unicodeScalars.append(character)
        }
        literal.append("\"")
    }
}
