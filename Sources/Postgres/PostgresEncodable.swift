import Foundation

/// A statement parameter as sent to the server: NULL, text, or binary bytes, with its type.
///
/// Parameters always travel separately from the statement text (`PQexecParams`), so no value is
/// ever spliced into SQL.
public struct PostgresBind: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case null
        case text(String)
        case binary([UInt8])
    }

    public var value: Value
    /// The parameter's type; `.unspecified` lets the server infer it from the statement.
    public var type: PostgresDataType

    public init(_ value: Value, type: PostgresDataType = .unspecified) {
        self.value = value
        self.type = type
    }
}

/// A Swift value that can be bound as a statement parameter.
public protocol PostgresEncodable: Sendable {
    var postgresBind: PostgresBind { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresBind: PostgresBind {
        switch self {
        case .some(let wrapped): wrapped.postgresBind
        case .none: PostgresBind(.null)
        }
    }
}

extension String: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(self), type: .text) }
}

extension Substring: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(String(self)), type: .text) }
}

extension Bool: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(self ? "t" : "f"), type: .bool) }
}

extension Int: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(String(self)), type: .int8) }
}

extension Int64: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(String(self)), type: .int8) }
}

extension Int32: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(String(self)), type: .int4) }
}

extension Int16: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(String(self)), type: .int2) }
}

extension Double: PostgresEncodable {
    public var postgresBind: PostgresBind {
        let text: String
        if isNaN {
            text = "NaN"
        } else if isInfinite {
            text = self < 0 ? "-Infinity" : "Infinity"
        } else {
            text = String(self)
        }
        return PostgresBind(.text(text), type: .float8)
    }
}

extension UUID: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.text(uuidString), type: .uuid) }
}

extension Date: PostgresEncodable {
    /// Sent as a `timestamptz` in UTC with microseconds, PostgreSQL's own precision.
    public var postgresBind: PostgresBind {
        PostgresBind(.text(PostgresTimestamp.format(self)), type: .timestamptz)
    }
}

extension Data: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(.binary([UInt8](self)), type: .bytea) }
}

/// Binds a `Codable` value as `jsonb`, and decodes a `json`/`jsonb` column into one.
public struct PostgresJSON<Value: Codable & Sendable>: Sendable, PostgresEncodable {
    public var value: Value

    public init(_ value: Value) { self.value = value }

    public var postgresBind: PostgresBind {
        // Encoding a Codable value to JSON only fails for non-finite floats in it; send them as
        // null rather than crash, as JSON has no representation for them.
        let data = (try? PostgresJSONCoding.encoder.encode(value)) ?? Data("null".utf8)
        return PostgresBind(.text(String(decoding: data, as: UTF8.self)), type: .jsonb)
    }
}

extension PostgresJSON: Equatable where Value: Equatable {}

/// The JSON coders used for `jsonb`: sorted keys, so equal values encode to equal bytes, and
/// dates as ISO 8601 with microseconds, readable by people and other tools alike.
public enum PostgresJSONCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(PostgresTimestamp.formatISO8601(date))
        }
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = PostgresTimestamp.parse(Substring(text)) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO 8601 timestamp")
            }
            return date
        }
        return decoder
    }
}
