import EventStore
import Foundation
import Testing

/// Payloads written by the store's own encoder read back as `JSONEncoder`'s did.
@Suite struct StoredJSONEncoderTests {
    enum Colour: String, Codable { case red, green }

    struct Day: Codable, Equatable {
        let text: String
        init(_ text: String) { self.text = text }
        init(from decoder: any Decoder) throws { text = try decoder.singleValueContainer().decode(String.self) }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    struct Inner: Codable, Equatable {
        let name: String
        let flag: Bool?
        let tags: [String]
    }

    struct Everything: Codable, Equatable {
        let text: String
        let int: Int
        let small: Int8
        let wide: UInt64
        let negative: Int64
        let double: Double
        let whole: Double
        let float: Float
        let yes: Bool
        let missing: String?
        let present: Int?
        let colour: Colour
        let day: Day
        let days: [Day]
        let inner: Inner
        let inners: [Inner]
        let nested: [[Int]]
        let map: [String: Inner]
        let empty: [String]
        let optionals: [Int?]
    }

    static let everything = Everything(
        text: "quote \" backslash \\ slash / tab \t line \n nul \u{0} \u{1F} del \u{7F} Việt 😀", int: -42, small: -8,
        wide: UInt64.max, negative: Int64.min, double: 0.1, whole: 2, float: 1.5, yes: true, missing: nil, present: 7,
        colour: .green, day: Day("2026-03-02"), days: [Day("2026-03-03"), Day("2026-03-04")],
        inner: Inner(name: "a", flag: false, tags: ["x", "y"]), inners: [Inner(name: "b", flag: nil, tags: [])],
        nested: [[1, 2], [], [3]], map: ["k 1": Inner(name: "c", flag: true, tags: ["z"])], empty: [], optionals: [1, nil, 3])

    /// `text` as `JSONText` writes a JSON string.
    private func written(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONText.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func object(_ data: Data) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject)
    }

    @Test func everyKindOfValueReadsBackAsJSONEncodersDoes() throws {
        let stored = try StoredJSONEncoder.encode(Self.everything)
        #expect(try object(stored) == object(try JSONEncoder().encode(Self.everything)))
        #expect(try JSONDecoder().decode(Everything.self, from: stored) == Self.everything)
        #expect(!String(decoding: stored, as: UTF8.self).contains("missing"), "an absent optional is left out")
    }

    /// Text without a byte to escape is copied whole, text with one goes byte by byte: both give
    /// the same JSON string, whatever the text's length or where the escape falls.
    @Test func textIsEscapedWhereverItNeedsItAndCopiedWholeWhereItDoesNot() throws {
        let plain = String(repeating: "Viện kiểm sát nhân dân tối cao / ", count: 20)
        #expect(written(plain) == "\"\(plain)\"")
        #expect(written("ngắn") == "\"ngắn\"")
        #expect(written("") == "\"\"")
        #expect(written("\"" + plain) == "\"\\\"\(plain)\"")
        #expect(written(plain + "\\") == "\"\(plain)\\\\\"")
        #expect(written("a\u{1}b\nc\td") == "\"a\\u0001b\\nc\\td\"")
        for text in [plain, "ngắn", "\"" + plain, plain + "\\", "a\u{1}b\nc\td"] {
            let decoded = try JSONSerialization.jsonObject(with: Data(written(text).utf8), options: [.fragmentsAllowed]) as? String
            #expect(decoded == text)
        }
    }

    /// Text is tested for escapes eight bytes at a time: an escape is found in any place of a
    /// word and in the bytes after the last whole word, and bytes next to the escaped ones in value
    /// (a space, DEL, UTF-8's high bytes) are not escaped.
    @Test func anEscapeIsFoundWhereverItFallsInAWord() throws {
        let unescaped = " \u{7F}!#[]ệ😀~"
        for length in 0..<24 {
            let around = String(repeating: unescaped, count: 3).prefix(length)
            #expect(written(String(around)) == "\"\(around)\"")
            for (special, escape) in [("\"", "\\\""), ("\\", "\\\\"), ("\u{0}", "\\u0000"), ("\u{1F}", "\\u001f"), ("\n", "\\n")] {
                for place in 0...around.count {
                    let text = String(around.prefix(place)) + special + String(around.dropFirst(place))
                    let expected = "\"" + String(around.prefix(place)) + escape + String(around.dropFirst(place)) + "\""
                    #expect(written(text) == expected, "\(special.debugDescription) at \(place) of \(length)")
                }
            }
        }
    }

    /// Integers are written digit by digit into a small buffer: the extremes of every width.
    @Test func integersAreWrittenInFullAtEveryWidth() throws {
        struct Integers: Encodable {
            let values: [Int64]
            let unsigned: [UInt64]
            let small: [Int8]
        }
        let value = Integers(values: [0, 1, -1, 9, 10, -10, 1_234_567_890, .max, .min], unsigned: [0, .max],
                             small: [.min, .max, 0])
        #expect(String(decoding: try StoredJSONEncoder.encode(value), as: UTF8.self)
                == #"{"values":[0,1,-1,9,10,-10,1234567890,9223372036854775807,-9223372036854775808],"#
                + #""unsigned":[0,18446744073709551615],"small":[-128,127,0]}"#)
    }

    @Test func valuesOtherThanObjectsAreWrittenToo() throws {
        #expect(String(decoding: try StoredJSONEncoder.encode([Day("a"), Day("b")]), as: UTF8.self) == #"["a","b"]"#)
        #expect(String(decoding: try StoredJSONEncoder.encode("x\"y"), as: UTF8.self) == #""x\"y""#)
        #expect(String(decoding: try StoredJSONEncoder.encode(Inner(name: "n", flag: nil, tags: [])), as: UTF8.self)
                == #"{"name":"n","tags":[]}"#)
    }

    struct NothingEncoded: Encodable { func encode(to encoder: any Encoder) throws {} }

    /// A type that nests containers itself is left to `JSONEncoder`.
    struct Nesting: Codable, Equatable {
        let a: Int
        let b: [String]
        enum Keys: String, CodingKey { case outer, a, b }
        init(a: Int, b: [String]) { self.a = a; self.b = b }
        init(from decoder: any Decoder) throws {
            let outer = try decoder.container(keyedBy: Keys.self).nestedContainer(keyedBy: Keys.self, forKey: .outer)
            a = try outer.decode(Int.self, forKey: .a)
            b = try outer.decode([String].self, forKey: .b)
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var outer = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try outer.encode(a, forKey: .a)
            try outer.encode(b, forKey: .b)
        }
    }

    @Test func shapesItDoesNotFollowGoThroughJSONEncoder() throws {
        #expect(String(decoding: try StoredJSONEncoder.encode(NothingEncoded()), as: UTF8.self) == "{}")
        let nesting = Nesting(a: 1, b: ["x"])
        let stored = try StoredJSONEncoder.encode(nesting)
        #expect(try JSONDecoder().decode(Nesting.self, from: stored) == nesting)
        #expect(try object(stored) == object(try JSONEncoder().encode(nesting)))
    }

    /// A single value container used for one value or none (for two, JSONEncoder, the fallback, traps).
    struct NoValue: Encodable {
        let values: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            for value in 0..<values { try container.encode(value) }
        }
    }

    @Test func aSingleValueMustBeExactlyOne() throws {
        #expect(String(decoding: try StoredJSONEncoder.encode(NoValue(values: 1)), as: UTF8.self) == "0")
        #expect(throws: EncodingError.self) { try StoredJSONEncoder.encode(NoValue(values: 0)) }
    }

    @Test func numbersJSONCannotHoldAreRefused() {
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try StoredJSONEncoder.encode([number]) }
        }
    }
}
