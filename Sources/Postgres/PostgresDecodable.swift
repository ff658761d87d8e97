import Foundation

/// One non-NULL value of a result, in PostgreSQL's text format.
///
/// The bytes belong to libpq's result and are only valid during the decoding call.
public struct PostgresCell {
    public let type: PostgresDataType
    public let bytes: UnsafeRawBufferPointer

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Why a cell could not be decoded; ``PostgresRow`` turns it into a ``PostgresError`` naming the
/// column.
public struct PostgresDecodingFailure: Error {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }

    static func typeMismatch() -> PostgresDecodingFailure { .init("the column's type does not match") }
    static func malformed(_ cell: PostgresCell) -> PostgresDecodingFailure {
        .init("malformed \(cell.type) value")
    }
}

/// A Swift type that a column can be decoded into.
public protocol PostgresDecodable {
    init(postgresCell cell: PostgresCell) throws
}

/// Types that a NULL decodes into (Optional).
protocol PostgresNullDecodable {
    static var null: Any { get }
}

extension Optional: PostgresNullDecodable where Wrapped: PostgresDecodable {
    static var null: Any { Optional<Wrapped>.none as Any }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        self = .some(try Wrapped(postgresCell: cell))
    }
}

extension PostgresCell {
    func require(_ types: PostgresDataType...) throws {
        guard types.contains(type) else { throw PostgresDecodingFailure.typeMismatch() }
    }

    /// Parses a decimal integer straight from the bytes, without building a String.
    public func integer() throws -> Int64 {
        var value: Int64 = 0
        var negative = false
        var sawDigit = false
        for (offset, byte) in bytes.enumerated() {
            if offset == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= 48 && byte <= 57 else { throw PostgresDecodingFailure.malformed(self) }
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = multiplied.addingReportingOverflow(Int64(byte - 48))
            guard !overflow1 && !overflow2 else { throw PostgresDecodingFailure("value out of range") }
            value = added
            sawDigit = true
        }
        guard sawDigit else { throw PostgresDecodingFailure.malformed(self) }
        return negative ? -value : value
    }
}

private let integerTypes: [PostgresDataType] = [.int2, .int4, .int8, .oid, .xid, .xid8]

extension Int: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        guard integerTypes.contains(cell.type) else { throw PostgresDecodingFailure.typeMismatch() }
        self = Int(try cell.integer())
    }
}

extension Int64: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        guard integerTypes.contains(cell.type) else { throw PostgresDecodingFailure.typeMismatch() }
        self = try cell.integer()
    }
}

extension Int32: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.int2, .int4)
        guard let value = Int32(exactly: try cell.integer()) else {
            throw PostgresDecodingFailure("value out of range")
        }
        self = value
    }
}

extension Bool: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.bool)
        switch cell.bytes.first {
        case UInt8(ascii: "t"): self = true
        case UInt8(ascii: "f"): self = false
        default: throw PostgresDecodingFailure.malformed(cell)
        }
    }
}

extension Double: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.float4, .float8, .numeric, .int2, .int4, .int8)
        guard let value = Double(cell.text) else { throw PostgresDecodingFailure.malformed(cell) }
        self = value
    }
}

extension String: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.text, .varchar, .bpchar, .name, .unknown, .json, .jsonb)
        self = cell.text
    }
}

extension UUID: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.uuid)
        guard let value = UUID(uuidString: cell.text) else { throw PostgresDecodingFailure.malformed(cell) }
        self = value
    }
}

extension Date: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.timestamptz, .timestamp, .date)
        let text = cell.text
        guard let value = PostgresTimestamp.parse(Substring(text)) else {
            throw PostgresDecodingFailure("infinite or out-of-range timestamps have no Date")
        }
        self = value
    }
}

extension Data: PostgresDecodable {
    /// Decodes `bytea` from its hex text form (`\x0a1b…`), PostgreSQL's default output.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.bytea)
        let bytes = cell.bytes
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"),
              bytes.count % 2 == 0
        else { throw PostgresDecodingFailure.malformed(cell) }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else {
                throw PostgresDecodingFailure.malformed(cell)
            }
            data.append(high << 4 | low)
            index += 2
        }
        self = data
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 48...57: byte - 48
    case 97...102: byte - 87
    case 65...70: byte - 55
    default: nil
    }
}

extension PostgresJSON: PostgresDecodable {
    public init(postgresCell cell: PostgresCell) throws {
        try cell.require(.json, .jsonb)
        do {
            value = try PostgresJSONCoding.decoder.decode(Value.self, from: Data(cell.bytes))
        } catch {
            throw PostgresDecodingFailure("the JSON does not match \(Value.self): \(error)")
        }
    }
}
