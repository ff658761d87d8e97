import Foundation
@testable import LaurelServer
import Testing

/// The request body parser: RFC 8259 as written, and a 400 for everything else.
@Suite struct JSONValueParsingTests {
    private func parse(_ text: String) throws(Problem) -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test func valuesOfEveryKindNestAndKeepTheirTypes() throws {
        let value = try parse(#" { "a" : [1, -2.5, true, false, null, "x", {}, []], "b": {"c": "d"} } "#)
        #expect(value == .object([
            "a": .array([.integer(1), .number(-2.5), .bool(true), .bool(false), .null, .string("x"), .object([:]), .array([])]),
            "b": .object(["c": .string("d")]),
        ]))
        #expect(try parse("\t\r\n42\n") == .integer(42))
    }

    @Test(arguments: [
        ("2025", JSONValue.integer(2025)), ("-0", .integer(0)), ("2025.0", .integer(2025)), ("1e3", .integer(1000)),
        ("1.5", .number(1.5)), ("-1.25E-2", .number(-0.0125)),
        ("9223372036854775807", .integer(Int64.max)), ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)), ("1e20", .number(1e20)),
    ])
    func numbersAreIntegersWhenTheyAreWhole(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test func stringsAreUnescapedAndKeepTheirUnicode() throws {
        #expect(try parse(#""Viện kiểm sát""#) == .string("Viện kiểm sát"))
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""Vi\u1ec7n \u00e9 \ud83c\udfc5""#) == .string("Viện é 🏅"))
        #expect(try parse(#""before \u0041 after""#) == .string("before A after"))
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1 2]", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a: 1}"#, "{\"a\":1} x", "01", "1.", ".5",
        "-", "+1", "1e", "tru", "nul", "NaN", "1e999", #""open"#, #""\x""#, #""\u12""#, #""\ud800""#,
        #""\udc00 alone""#, #""\ud800\u0041""#, "\"tab\there\"", "\"line\nbreak\"",
        #"{"kind": "ad_hoc", "kind": "annual"}"#,
    ])
    func malformedBodiesAreA400(text: String) {
        let problem = #expect(throws: Problem.self) { try parse(text) }
        #expect(problem?.code == "malformed_body" && problem?.statusCode == 400, "\(text)")
    }

    @Test func bytesThatAreNotUTF8AreA400() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22]] {
            let problem = #expect(throws: Problem.self) { try JSONValue.parse(Data(bytes)) }
            #expect(problem?.code == "malformed_body", "\(bytes)")
        }
    }

    @Test func nestingIsLimitedSoNoBodyExhaustsTheStack() throws {
        let deepest = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(throws: Never.self) { try parse(deepest) }
        for depth in [JSONValue.maximumDepth + 1, 100_000] {
            let problem = #expect(throws: Problem.self) {
                try parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
            }
            #expect(problem?.detail.contains("nested too deeply") == true)
        }
        let objects = String(repeating: #"{"a":"#, count: JSONValue.maximumDepth + 1) + "1" + String(repeating: "}", count: JSONValue.maximumDepth + 1)
        #expect(throws: Problem.self) { try parse(objects) }
    }

    @Test func theProblemSaysWhereTheBodyWentWrong() {
        let problem = #expect(throws: Problem.self) { try parse(#"{"kind": tru}"#) }
        #expect(problem?.detail == "the body is not valid JSON: unexpected character at byte 9")
        let repeated = #expect(throws: Problem.self) { try parse(#"{"a": 1, "a": 2}"#) }
        #expect(repeated?.detail == "the body is not valid JSON: the key 'a' appears twice at byte 9")
    }
}
