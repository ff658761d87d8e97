@testable import EventStore
import Foundation
import Testing

/// `StoredJSONDecoder` must give what `JSONDecoder` gives, value or error, for any input; and it
/// must do so from its own index for the forms stored payloads take, or it saves nothing.
@Suite struct StoredJSONDecoderTests {
    enum Kind: String, Codable, Equatable { case individual, collective }

    struct Inner: Codable, Equatable {
        let name: String
        let kind: Kind
        let flags: [Bool]
    }

    struct Everything: Codable, Equatable {
        let text: String
        let int: Int
        let int8: Int8
        let int16: Int16
        let int32: Int32
        let int64: Int64
        let uint: UInt
        let uint8: UInt8
        let uint64: UInt64
        let double: Double
        let float: Float
        let yes: Bool
        let optionalPresent: String?
        let optionalNull: Int?
        let optionalMissing: Inner?
        let inner: Inner
        let list: [Inner]
        let nested: [[Int]]
        let map: [String: Int]
        let empty: [String]
    }

    static let everything = #"""
        {"text": "Nguyễn Văn An", "int": -9223372036854775808, "int8": -128, "int16": 32767, "int32": -5,
         "int64": 9223372036854775807, "uint": 18446744073709551615, "uint8": 255, "uint64": 0,
         "double": -1.25e-3, "float": 3.5, "yes": true, "optionalPresent": "x", "optionalNull": null,
         "inner": {"name": "a", "kind": "collective", "flags": [true, false]},
         "list": [{"name": "b", "kind": "individual", "flags": []}, {"kind": "individual", "name": "c", "flags": [false]}],
         "nested": [[1, 2], [], [3]], "map": {"b": 2, "a": 1}, "empty": []}
        """#

    /// The value the index decodes by itself, without `JSONDecoder`.
    func indexed<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        guard let value = StoredJSONDecoder.decodeIndexed(Data(json.utf8), { try T(from: $0) }) else {
            throw IndexedJSONUnsupported()
        }
        return value
    }

    func expectSameAsJSONDecoder<T: Decodable & Equatable>(_ type: T.Type, _ json: String) {
        let data = Data(json.utf8)
        switch (Result { try JSONDecoder().decode(type, from: data) }, Result { try StoredJSONDecoder().decode(type, from: data) }) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, "\(json)")
        case (.failure(let expected), .failure(let actual)):
            #expect(String(describing: actual) == String(describing: expected), "\(json)")
        case (let expected, let actual):
            Issue.record("\(json): JSONDecoder gave \(expected), StoredJSONDecoder \(actual)")
        }
    }

    @Test func decodesEveryStandardFormFromItsIndex() throws {
        let value = try indexed(Everything.self, Self.everything)
        #expect(value == (try JSONDecoder().decode(Everything.self, from: Data(Self.everything.utf8))))
        #expect(value.int == Int.min && value.uint == UInt.max && value.optionalMissing == nil && value.optionalNull == nil)
        #expect(value.list.map(\.name) == ["b", "c"])
        #expect(value.map == ["a": 1, "b": 2])
    }

    @Test(arguments: [
        #""plain""#, #""quote \" backslash \\ slash \/""#, #""controls \b\f\n\r\t""#, #""\u00e9\u0110\u1ec5""#,
        #""emoji \ud83d\ude00 and raw 😀""#, #""""#, #""tab\tend""#,
    ])
    func readsStringsWithEveryEscape(json: String) throws {
        #expect(try indexed(String.self, json) == (try JSONDecoder().decode(String.self, from: Data(json.utf8))))
    }

    @Test func aRepeatedKeyKeepsJSONDecodersValue() throws {
        // jsonb keeps one value per key; JSON text from elsewhere may repeat one.
        expectSameAsJSONDecoder([String: Int].self, #"{"a": 1, "a": 2}"#)
        expectSameAsJSONDecoder(Inner.self, #"{"name": "x", "kind": "individual", "flags": [], "name": "y"}"#)
    }

    @Test func theMetadataReaderAlsoKeepsJSONDecodersValueForARepeatedKey() throws {
        let json = #"{"actor_id": "first", "reason": "r", "actor_id": "second"}"#
        let read = try Data(json.utf8).withUnsafeBytes { try EventMetadata(storedJSON: $0, decoder: JSONDecoder()) }
        #expect(read == (try JSONDecoder().decode(EventMetadata.self, from: Data(json.utf8))))
        #expect(read.actorID == "first")
    }

    @Test func theMetadataReaderReadsEveryEscapeAsJSONDecoderDoes() throws {
        let json = #"{"actor_id": "Ph\u1ea1m \ud83d\ude00", "reason": "line\nbreak \"quoted\"", "actor_roles": ["a\/b"]}"#
        let common = try #require(Data(json.utf8).withUnsafeBytes { EventMetadata.parseCommonForm($0) })
        #expect(common == (try JSONDecoder().decode(EventMetadata.self, from: Data(json.utf8))))
        #expect(common.actorID == "Phạm 😀")
    }

    /// Keys are matched in place: an escaped key, an unknown one, a prefix or an extension of
    /// a known one leave the object to `JSONDecoder`; every known key is read in place. Each
    /// comes out as `JSONDecoder` reads it.
    @Test(arguments: [
        #"{"actor\u005fid": "escaped key", "reason": "r"}"#,
        #"{"actor_id": "x", "extra": 1}"#,
        #"{"actor_i": "x"}"#,
        #"{"actor_idx": "x"}"#,
        #"{"actor_id": "x", "reason": null, "actor_roles": ["a", "b"], "request_id": "q", "causation_id": "c", "correlation_id": "k"}"#,
        #"{"actor_roles": [], "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}"#,
    ])
    func theMetadataReaderMatchesKeysAsJSONDecoderDoes(json: String) throws {
        let read = try Data(json.utf8).withUnsafeBytes { try EventMetadata(storedJSON: $0, decoder: JSONDecoder()) }
        #expect(read == (try JSONDecoder().decode(EventMetadata.self, from: Data(json.utf8))))
    }

    /// What the appends write, the reads read back, the trace's parent included, without
    /// `JSONDecoder`.
    @Test func theMetadataWrittenIsReadInPlace() throws {
        let metadata = EventMetadata(actorID: "cb-1", actorRoles: ["unit_officer"], correlationID: "k", requestID: "q",
                                     reason: "lý do", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        var json: [UInt8] = []
        metadata.appendJSON(to: &json)
        #expect(json.withUnsafeBytes { EventMetadata.parseCommonForm($0) } == metadata)
    }

    @Test func eventIdsParseFromTheCanonicalFormOnly() {
        for _ in 0..<100 {
            let id = UUID()
            for text in [id.uuidString, id.uuidString.lowercased()] {
                #expect(Array(text.utf8).withUnsafeBytes { UUID(canonical: $0) } == id)
            }
        }
        let id = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
        for malformed in [String(id.dropLast()), id + "0", "a0eebc999c0b-4ef8-bb6d-6bb9bd380a11-", id.replacingOccurrences(of: "a", with: "g"), ""] {
            #expect(Array(malformed.utf8).withUnsafeBytes { UUID(canonical: $0) } == nil, "\(malformed)")
        }
    }

    /// Forms the index leaves to `JSONDecoder`: each must still come out exactly as it does there.
    @Test(arguments: [
        #"{"name": "x", "kind": "individual", "flags": [], "n\u0061me": "y"}"#,  // an escaped key
        #"{"name": "x", "kind": "individual", "flags": [1]}"#,  // a number for a Bool
        #"{"name": 5, "kind": "individual", "flags": []}"#,  // a number for a String
        #"{"name": "x", "kind": "group", "flags": []}"#,  // not a case of the enum
        #"{"name": "x", "flags": []}"#,  // a key missing
        #"{"name": "x", "kind": "individual", "flags": [true]"#,  // cut short
        #"{"name": "x", "kind": "individual", "flags": [true]} trailing"#,
        #"{"name": "x" "kind": "individual", "flags": []}"#,  // no comma
        #"{"name": "\ud83d", "kind": "individual", "flags": []}"#,  // a lone surrogate
        #"[]"#, #""#, #"nul"#,
    ])
    func givesJSONDecodersResultOrErrorForEverythingElse(json: String) {
        expectSameAsJSONDecoder(Inner.self, json)
    }

    @Test(arguments: [#"1.0"#, #"1e3"#, #"-0"#, #"128"#, #"-129"#, #"01"#, #"1."#, #"-"#, #"0x10"#, #"1e400"#])
    func numbersOutsideThePlainFormAreJSONDecoders(json: String) {
        expectSameAsJSONDecoder(Int8.self, json)
        expectSameAsJSONDecoder(Int.self, json)
        expectSameAsJSONDecoder(Double.self, json)
    }

    @Test func typesJSONDecoderTreatsSpeciallyAreLeftToIt() throws {
        // Its defaults: a Date as seconds since 2001, Data as base64, a URL as a string.
        struct Special: Codable, Equatable {
            let date: Date
            let data: Data
            let url: URL
            let decimal: Decimal
        }
        let json = #"{"date": 12.5, "data": "AAEC", "url": "https://example.org/a", "decimal": 1.10}"#
        #expect(throws: IndexedJSONUnsupported.self) { try indexed(Special.self, json) }
        expectSameAsJSONDecoder(Special.self, json)
    }

    @Test func aBodyChosenBesideTheJSONRunsOnEitherPath() throws {
        let decoder = StoredJSONDecoder()
        let kind = try decoder.decode(from: Data(#"{"name": "a", "kind": "individual", "flags": []}"#.utf8)) {
            try Inner(from: $0).kind
        }
        #expect(kind == .individual)
        // An escaped key sends the same body to JSONDecoder, with the same answer.
        let escaped = try decoder.decode(from: Data(#"{"n\u0061me": "a", "kind": "collective", "flags": []}"#.utf8)) {
            try Inner(from: $0).kind
        }
        #expect(escaped == .collective)
    }

    /// Any JSON value, decoded the way a type that does not know its input's shape would.
    indirect enum AnyJSON: Decodable, Equatable {
        case null, bool(Bool), int(Int64), double(Double), string(String), array([AnyJSON]), object([String: AnyJSON])

        init(from decoder: any Decoder) throws {
            if let container = try? decoder.container(keyedBy: AnyKey.self) {
                var object: [String: AnyJSON] = [:]
                for key in container.allKeys { object[key.stringValue] = try container.decode(AnyJSON.self, forKey: key) }
                self = .object(object)
            } else if var container = try? decoder.unkeyedContainer() {
                var array: [AnyJSON] = []
                while !container.isAtEnd { array.append(try container.decode(AnyJSON.self)) }
                self = .array(array)
            } else {
                let value = try decoder.singleValueContainer()
                if value.decodeNil() { self = .null }
                else if let bool = try? value.decode(Bool.self) { self = .bool(bool) }
                else if let int = try? value.decode(Int64.self) { self = .int(int) }
                else if let double = try? value.decode(Double.self) { self = .double(double) }
                else { self = .string(try value.decode(String.self)) }
            }
        }
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Random documents (nesting, escapes, Vietnamese and astral characters, numbers of every
    /// form) give the same values through both decoders.
    @Test func randomDocumentsDecodeAsWithJSONDecoder() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Đặng", "ễ", "😀", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", " ", "x y", "{", "]", ","]
        func string() -> String {
            "\"" + (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() + "\""
        }
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &random) {
            case 0: return "null"
            case 1: return Bool.random(using: &random) ? "true" : "false"
            case 2: return String(Int64.random(in: .min ... .max, using: &random))
            case 3: return ["0", "-1.5", "2.5e3", "1E-2", "123456789012345678901234567890", "0.1"].randomElement(using: &random)!
            case 4, 5: return string()
            case 6: return "[" + (0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
            default:
                return "{" + (0..<Int.random(in: 0...4, using: &random)).map { _ in string() + ": " + value(depth + 1) }
                    .joined(separator: ", ") + "}"
            }
        }
        var indexedCount = 0
        for _ in 0..<500 {
            let json = value(0)
            expectSameAsJSONDecoder(AnyJSON.self, json)
            if (try? indexed(AnyJSON.self, json)) != nil { indexedCount += 1 }
        }
        // Most documents must not need JSONDecoder at all (only escaped keys and huge numbers do).
        #expect(indexedCount > 250)
    }

    @Test func deepNestingIsRefusedByBoth() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        expectSameAsJSONDecoder([[[Int]]].self, deep)
    }
}
