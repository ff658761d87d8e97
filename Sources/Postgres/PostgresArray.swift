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
        // Built as bytes: this runs for every value of a set-based write, and String's
        // character-wise appends were the larger part of a projection rebuild's client time.
        var literal: [UInt8] = [UInt8(ascii: "{")]
        for (index, element) in elements.enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            switch element.postgresBind.value {
            case .null:
                literal.append(contentsOf: "NULL".utf8)
            case .text(let text):
                Self.appendQuoted(text.utf8, to: &literal)
            case .binary(let bytes):
                var hex: [UInt8] = Array("\\x".utf8)
                hex.reserveCapacity(2 + 2 * bytes.count)
                for byte in bytes {
                    hex.append(Self.hexDigits[Int(byte >> 4)])
                    hex.append(Self.hexDigits[Int(byte & 0xF)])
                }
                Self.appendQuoted(hex, to: &literal)
            }
        }
        literal.append(UInt8(ascii: "}"))
        return PostgresBind(.text(String(decoding: literal, as: UTF8.self)))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Every element is quoted, so that empty strings, `NULL` as text, braces, commas and spaces
    /// keep their meaning; inside the quotes only `"` and `\` need a backslash.
    private static func appendQuoted(_ text: some Collection<UInt8>, to literal: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        literal.append(quote)
        for byte in text {
            if byte == quote || byte == backslash { literal.append(backslash) }
            literal.append(byte)
        }
        literal.append(quote)
    }
}
