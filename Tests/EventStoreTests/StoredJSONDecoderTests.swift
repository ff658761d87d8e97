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
        try Data(json.utf8).withUnsafeBytes { bytes in
            try T(from: IndexedJSONDecoder(document: try IndexedJSON(bytes: bytes), node: 0))
        }
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

    @Test func deepNestingIsRefusedByBoth() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        expectSameAsJSONDecoder([[[Int]]].self, deep)
    }
}
