/// A list of values bound as one PostgreSQL array parameter, so that one statement can write
/// many rows: `INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::int8[])`.
///
/// It travels as a `text[]` in the binary array format: each element in its own text form
/// (bytea as `\x` hex), which the statement casts to the column's array type (`$2::int8[]`), so
/// any mix of ``PostgresEncodable`` values can make up a column. The binary form needs no quoting
/// on either side: building and parsing the text form (`{"a","b",NULL}`) was the larger part of
/// a projection rebuild's statement cost. A wrapper rather than a conformance of `Array`, so that
/// an array of parameters is never taken for a single array parameter by mistake.
public struct PostgresArray: PostgresEncodable {
    public var elements: [any PostgresEncodable]

    public init(_ elements: [any PostgresEncodable]) { self.elements = elements }

    public var postgresBind: PostgresBind {
        // The header (array_recv's): dimensions, whether any element is NULL, the element type,
        // then the length and lower bound of the one dimension; an empty array has no dimension.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + 16 * elements.count)
        Self.append(elements.isEmpty ? 0 : 1, to: &bytes)
        Self.append(0, to: &bytes)
        Self.append(Int32(bitPattern: PostgresDataType.text.rawValue), to: &bytes)
        if !elements.isEmpty {
            Self.append(Int32(elements.count), to: &bytes)
            Self.append(1, to: &bytes)
        }
        var hasNull = false
        for element in elements {
            switch element.postgresBind.value {
            case .null:
                hasNull = true
                Self.append(-1, to: &bytes)
            case .text(let text):
                Self.append(Int32(text.utf8.count), to: &bytes)
                bytes.append(contentsOf: text.utf8)
            case .binary(let binary):
                Self.append(Int32(2 + 2 * binary.count), to: &bytes)
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "x"))
                for byte in binary {
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
        }
        if hasNull { bytes[7] = 1 }
        return PostgresBind(.binary(bytes), type: .textArray)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `value` in network byte order, as the binary format wants every integer.
    private static func append(_ value: Int32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
