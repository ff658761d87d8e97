import Foundation

/// Encodes event payloads to JSON text, as ``StoredJSONDecoder`` reads them back, without
/// Foundation's `JSONEncoder`.
///
/// Every command encodes its events' payloads, and `JSONEncoder` (a tree of boxed values,
/// serialized afterwards) was a large share of the server's time per command. This encoder
/// writes each value as it comes: keys in the order the type encodes them (the store keeps
/// payloads as `jsonb`, whose text and hash do not depend on the order). It covers what
/// payloads use, keyed and unkeyed containers and single values; a type that asks for a nested
/// container or a super encoder, or mixes kinds of container, is encoded by `JSONEncoder`
/// instead.
public enum StoredJSONEncoder {
    /// The JSON text of `value`.
    /// - Throws: `EncodingError.invalidValue` for a number JSON cannot hold (NaN, infinities).
    public static func encode(_ value: some Encodable) throws -> Data {
        let output = Output()
        let encoder = Writer(output: output)
        do {
            try value.encode(to: encoder)
            try encoder.finish()
        } catch is Unsupported {
            return try JSONEncoder().encode(value)
        }
        return Data(output.bytes)
    }

    /// A shape of encoding this writer does not follow.
    private struct Unsupported: Error {}

    private final class Output {
        // Unchecked: each encoding has an output of its own, on one thread, and no access to it
        // overlaps another; the checks (a thread-local lookup each) were a sixth of encoding.
        @exclusivity(unchecked) var bytes: [UInt8] = []
        init() { bytes.reserveCapacity(1024) }
    }

    /// The encoder of one value: writes the opening of the container it is asked for, and its
    /// closing when the value is done (`finish`).
    private final class Writer: Encoder {
        enum Opened { case nothing, object, array, value }

        let output: Output
        var opened = Opened.nothing
        var count = 0
        var unsupported = false

        init(output: Output) { self.output = output }

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            open(.object, UInt8(ascii: "{"))
            return KeyedEncodingContainer(Keyed<Key>(writer: self))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            open(.array, UInt8(ascii: "["))
            return Unkeyed(writer: self)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            if opened != .nothing { unsupported = true }
            opened = .value
            return Single(writer: self)
        }

        private func open(_ kind: Opened, _ byte: UInt8) {
            guard opened != kind else { return }
            if opened != .nothing { unsupported = true }
            opened = kind
            output.bytes.append(byte)
        }

        /// Before each member or element after the first.
        func separate() {
            if count > 0 { output.bytes.append(UInt8(ascii: ",")) }
            count += 1
        }

        /// Before a single value: one, exactly, or the value is not one JSON value.
        func single() {
            if count > 0 { unsupported = true }
            count += 1
        }

        func key(_ key: some CodingKey) {
            separate()
            JSONText.appendString(key.stringValue, to: &output.bytes)
            output.bytes.append(UInt8(ascii: ":"))
        }

        func finish() throws {
            if unsupported { throw Unsupported() }
            switch opened {
            case .nothing: output.bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
            case .object: output.bytes.append(UInt8(ascii: "}"))
            case .array: output.bytes.append(UInt8(ascii: "]"))
            case .value: if count == 0 { throw Unsupported() }
            }
        }

        func writeText(_ text: String) { JSONText.appendString(text, to: &output.bytes) }
        func writeBool(_ flag: Bool) { output.bytes.append(contentsOf: (flag ? "true" : "false").utf8) }
        func writeInteger(_ number: some BinaryInteger) {
            // Digits written from the end of a buffer that holds any integer up to 128 bits:
            // `String(number)` allocated a string a number.
            var magnitude = number.magnitude
            guard magnitude != 0 else { return output.bytes.append(UInt8(ascii: "0")) }
            if number < 0 { output.bytes.append(UInt8(ascii: "-")) }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
                var start = 40
                while magnitude != 0 {
                    let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10)
                    start -= 1
                    digits[start] = UInt8(ascii: "0") + UInt8(remainder)
                    magnitude = quotient
                }
                output.bytes.append(contentsOf: digits[start...])
            }
        }
        func writeNull() { output.bytes.append(contentsOf: "null".utf8) }

        func writeDouble(_ number: Double) throws {
            guard number.isFinite else {
                throw EncodingError.invalidValue(number, .init(codingPath: [], debugDescription: "\(number) is not a JSON number"))
            }
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            output.bytes.append(contentsOf: text.utf8)
        }

        func writeValue<Value: Encodable>(_ value: Value) throws {
            // Metatypes compared before casting: a cast that fails (every nested struct, array
            // and enum) walks the type's metadata, three times a value.
            if Value.self == String.self {
                writeText(value as! String)
                return
            }
            if Value.self == Int.self {
                writeInteger(value as! Int)
                return
            }
            if Value.self == Bool.self {
                writeBool(value as! Bool)
                return
            }
            let nested = Writer(output: output)
            try value.encode(to: nested)
            try nested.finish()
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { writer.key(key); writer.writeNull() }
        mutating func encode(_ value: Bool, forKey key: Key) throws { writer.key(key); writer.writeBool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { writer.key(key); writer.writeText(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { writer.key(key); try writer.writeDouble(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { writer.key(key); try writer.writeDouble(Double(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { writer.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: some Encodable, forKey key: Key) throws { writer.key(key); try writer.writeValue(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            writer.unsupported = true
            return Writer(output: Output()).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer.unsupported = true
            return Writer(output: Output()).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            writer.unsupported = true
            return Writer(output: Output())
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { [] }
        var count: Int { writer.count }

        mutating func encodeNil() throws { writer.separate(); writer.writeNull() }
        mutating func encode(_ value: Bool) throws { writer.separate(); writer.writeBool(value) }
        mutating func encode(_ value: String) throws { writer.separate(); writer.writeText(value) }
        mutating func encode(_ value: Double) throws { writer.separate(); try writer.writeDouble(value) }
        mutating func encode(_ value: Float) throws { writer.separate(); try writer.writeDouble(Double(value)) }
        mutating func encode(_ value: Int) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: Int8) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: Int16) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: Int32) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt16) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt32) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { writer.separate(); writer.writeInteger(value) }
        mutating func encode(_ value: some Encodable) throws { writer.separate(); try writer.writeValue(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            writer.unsupported = true
            return Writer(output: Output()).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.unsupported = true
            return Writer(output: Output()).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            writer.unsupported = true
            return Writer(output: Output())
        }
    }

    private struct Single: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { writer.single(); writer.writeNull() }
        mutating func encode(_ value: Bool) throws { writer.single(); writer.writeBool(value) }
        mutating func encode(_ value: String) throws { writer.single(); writer.writeText(value) }
        mutating func encode(_ value: Double) throws { writer.single(); try writer.writeDouble(value) }
        mutating func encode(_ value: Float) throws { writer.single(); try writer.writeDouble(Double(value)) }
        mutating func encode(_ value: Int) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: Int8) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: Int16) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: Int32) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt16) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt32) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { writer.single(); writer.writeInteger(value) }
        mutating func encode(_ value: some Encodable) throws { writer.single(); try writer.writeValue(value) }
    }
}

/// JSON text's pieces, shared by Laurel's writers of JSON.
public enum JSONText {
    /// Appends `text` as a JSON string: quotes and backslashes escaped, control characters as
    /// short escapes or `\u00XX`, everything else (slashes and UTF-8 included) as it is.
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape: then its bytes go in with one copy instead of one append
        // (and one capacity check) a byte, which showed in profiles of a year-end's events.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !needsEscape(utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          lowercaseHexDigits[Int(byte >> 4)], lowercaseHexDigits[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any byte of `utf8` is a quote, a backslash or a control character. Eight bytes are
    /// tested at a time (a byte below 0x20, or equal to one, leaves a high bit in the word's
    /// arithmetic): a year-end's events are kilobytes of text, and testing them a byte at a time
    /// was an eighth of encoding them.
    static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highBits != 0 }
        var index = 0
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= utf8.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // A byte below 0x20 (the test is exact for bounds up to 0x80), a quote, a backslash.
                if (word &- ones &* 0x20) & ~word & highBits != 0
                    || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\"")))) || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\")))) {
                    return true
                }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            index += 1
        }
        return false
    }

    /// The byte a one-character escape stands for (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`,
    /// `\t`), from the character after the backslash; nil for any other (`u` included).
    public static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// The value of the four hexadecimal digits of a `\u` escape, either case; nil when
    /// `digits` are not four such digits.
    public static func hexQuad(_ digits: some Collection<UInt8>) -> UInt32? {
        guard digits.count == 4 else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = byte.hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
