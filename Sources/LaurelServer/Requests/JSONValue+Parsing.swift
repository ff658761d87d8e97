import EventStore
import Foundation

extension JSONValue {
    /// How deeply arrays and objects may nest in a request body: far more than any request
    /// needs, and few enough that a body of brackets cannot exhaust the stack.
    static let maximumDepth = 64

    /// Parses a request body (RFC 8259, UTF-8).
    ///
    /// A parser of its own rather than `JSONDecoder`: decoding `JSONValue` through `Decodable`
    /// tried each kind of value in turn and built an error for every miss, which cost more than
    /// the rest of reading a command. A number without fraction or exponent that fits in 64 bits
    /// is an integer, as is any other number that is exactly a whole number below 2^53
    /// (`2025.0`, `1e3`); the rest are doubles.
    ///
    /// - Throws: `Problem` 400 (`malformed_body`) when the bytes are not one JSON value in
    ///   UTF-8, nest deeper than `maximumDepth`, or name a key twice in one object.
    static func parse(_ data: Data) throws(Problem) -> JSONValue {
        let result: Result<JSONValue, Problem> = data.withUnsafeBytes { bytes in
            var parser = Parser(bytes: bytes)
            do throws(Parser.Failure) {
                parser.skipWhitespace()
                let value = try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.isAtEnd else { throw Parser.Failure("unexpected content after the value", at: parser.offset) }
                return .success(value)
            } catch {
                return .failure(Problem.malformed("the body is not valid JSON: \(error.reason) at byte \(error.offset)"))
            }
        }
        return try result.get()
    }

    /// A recursive-descent parser over the body's bytes.
    private struct Parser {
        struct Failure: Error {
            let reason: String
            let offset: Int
            init(_ reason: String, at offset: Int) {
                self.reason = reason
                self.offset = offset
            }
        }

        let bytes: UnsafeRawBufferPointer
        var offset = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        var isAtEnd: Bool { offset == bytes.count }

        private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard let byte = current else { throw Failure("the body ends where a value should be", at: offset) }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw Failure("unexpected character", at: offset)
            }
        }

        private mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard bytes.count - offset >= count,
                  memcmp(bytes.baseAddress! + offset, word.utf8Start, count) == 0 else {
                throw Failure("unexpected character", at: offset)
            }
            offset += count
        }

        private mutating func object(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= JSONValue.maximumDepth else { throw Failure("nested too deeply", at: offset) }
            offset += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw Failure("expected a quoted key", at: offset) }
                let keyOffset = offset
                let key = try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw Failure("expected ':'", at: offset) }
                offset += 1
                skipWhitespace()
                guard members.updateValue(try value(depth: depth), forKey: key) == nil else {
                    throw Failure("the key '\(key.prefix(64))' appears twice", at: keyOffset)
                }
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "}"): offset += 1; return .object(members)
                default: throw Failure("expected ',' or '}'", at: offset)
                }
            }
        }

        private mutating func array(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= JSONValue.maximumDepth else { throw Failure("nested too deeply", at: offset) }
            offset += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                offset += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "]"): offset += 1; return .array(elements)
                default: throw Failure("expected ',' or ']'", at: offset)
                }
            }
        }

        /// A string from its opening quote: the bytes as they are up to the first escape, then
        /// unescaped; UTF-8 checked once at the end.
        private mutating func string() throws(Failure) -> String {
            let start = offset
            offset += 1
            var unescaped: [UInt8] = []
            var runStart = offset
            while true {
                guard let byte = current else { throw Failure("unterminated string", at: start) }
                switch byte {
                case UInt8(ascii: "\""):
                    let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<offset])
                    offset += 1
                    if unescaped.isEmpty, let text = String(validating: run, as: UTF8.self) { return text }
                    unescaped.append(contentsOf: run)
                    guard let text = String(validating: unescaped, as: UTF8.self) else {
                        throw Failure("the string is not UTF-8", at: start)
                    }
                    return text
                case UInt8(ascii: "\\"):
                    unescaped.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<offset]))
                    try escape(into: &unescaped)
                    runStart = offset
                case 0..<0x20:
                    throw Failure("a control character in a string must be escaped", at: offset)
                default:
                    offset += 1
                }
            }
        }

        /// One escape sequence from its backslash, appended as UTF-8.
        private mutating func escape(into output: inout [UInt8]) throws(Failure) {
            let start = offset
            offset += 1
            guard let byte = current else { throw Failure("unterminated string", at: start) }
            offset += 1
            if let unescaped = JSONText.shortEscape(byte) {
                output.append(unescaped)
                return
            }
            switch byte {
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one: together one scalar.
                    guard bytes.count - offset >= 2, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                        throw Failure("a lone surrogate in a \\u escape", at: start)
                    }
                    offset += 2
                    let low = try hexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Failure("a lone surrogate in a \\u escape", at: start) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Failure("a lone surrogate in a \\u escape", at: start) }
                output.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw Failure("an unknown escape", at: start)
            }
        }

        private mutating func hexQuad() throws(Failure) -> UInt32 {
            guard bytes.count - offset >= 4, let value = JSONText.hexQuad(bytes[offset..<offset + 4]) else {
                throw Failure("a \\u escape needs four hex digits", at: offset)
            }
            offset += 4
            return value
        }

        /// A number by RFC 8259's grammar, then read by the standard library.
        private mutating func number() throws(Failure) -> JSONValue {
            let start = offset
            var isWhole = true
            if current == UInt8(ascii: "-") { offset += 1 }
            switch current ?? 0 {
            case UInt8(ascii: "0"): offset += 1
            case UInt8(ascii: "1")...UInt8(ascii: "9"): skipDigits()
            default: throw Failure("a number needs digits", at: offset)
            }
            if current == UInt8(ascii: ".") {
                isWhole = false
                offset += 1
                guard skipRequiredDigits() else { throw Failure("a number needs digits after '.'", at: offset) }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                isWhole = false
                offset += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
                guard skipRequiredDigits() else { throw Failure("a number needs digits in its exponent", at: offset) }
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            if isWhole, let integer = Int64(text) { return .integer(integer) }
            guard let double = Double(text), double.isFinite else { throw Failure("a number out of range", at: start) }
            if double == double.rounded(), abs(double) < 9_007_199_254_740_992 { return .integer(Int64(double)) }
            return .number(double)
        }

        private mutating func skipDigits() {
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { offset += 1 }
        }

        /// Skips one or more digits; false when there is none.
        private mutating func skipRequiredDigits() -> Bool {
            let start = offset
            skipDigits()
            return offset > start
        }
    }
}
