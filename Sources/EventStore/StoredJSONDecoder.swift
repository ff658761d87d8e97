import Foundation

/// Decodes `Decodable` values from the JSON text of stored payloads, with `JSONDecoder`'s
/// default strategies and results.
///
/// Every command reads its stream's events and every projection batch decodes thousands, and
/// under a profile `JSONDecoder` spent most of its time on bookkeeping this input does not need:
/// a dictionary per object, coding paths, generic scanning. This decoder indexes the text once
/// into a flat array of values and answers the containers' questions from it: an object's keys
/// are compared byte for byte, in place.
///
/// It decodes the forms `JSONDecoder` would decode the same way: objects, arrays, strings
/// (escapes included), booleans, null, and plain numbers as the standard integer and
/// floating-point types; asking a value for a type it is not, a missing key or an element past
/// the end throws the `DecodingError` `JSONDecoder` would (with an empty coding path), so code
/// that catches it and tries something else goes the same way. Anything else (a `Date`,
/// `Data`, `URL` or `Decimal`, whose JSON forms `JSONDecoder` treats specially, an integer
/// written with a fraction or an exponent, an escaped key, malformed text) is noted, and the
/// value is decoded again by `JSONDecoder`, even if the code being decoded caught the error and
/// went on: the result, or the error, is then the one `JSONDecoder` gives, coding path included.
public struct StoredJSONDecoder: Sendable {
    public init() {}

    /// Decodes a `T` from `data`, JSON text.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = Self.decodeIndexed(data, { try $0.decodeValue(type) }) { return value }
        return try JSONDecoder().decode(type, from: data)
    }

    /// Runs `body` on a decoder of `data`, JSON text: for values whose type is chosen by
    /// something beside the JSON (a stored event's type name).
    public func decode<T>(from data: Data, using body: @escaping @Sendable (any Decoder) throws -> T) throws -> T {
        if let value = Self.decodeIndexed(data, { try body($0) }) { return value }
        let decoder = JSONDecoder()
        decoder.userInfo[ClosureDecoded<T>.bodyKey] = body
        return try decoder.decode(ClosureDecoded<T>.self, from: data).value
    }
}

extension StoredJSONDecoder {
    /// What `body` decodes from the index of `data`; nil when anything is left to `JSONDecoder`.
    static func decodeIndexed<T>(_ data: Data, _ body: (IndexedJSONDecoder) throws -> T) -> T? {
        try? data.withUnsafeBytes { bytes -> T? in
            let document = try IndexedJSON(bytes: bytes)
            let value = try body(IndexedJSONDecoder(document: document, node: 0))
            return document.metUnsupported ? nil : value
        }
    }
}

/// What `body` makes of a decoder, for `JSONDecoder`, which decodes only `Decodable` types.
private struct ClosureDecoded<T>: Decodable {
    static var bodyKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "laurel.storedJSON.body")! }
    let value: T

    init(from decoder: any Decoder) throws {
        let body = decoder.userInfo[Self.bodyKey] as! @Sendable (any Decoder) throws -> T
        value = try body(decoder)
    }
}

/// Why the index could not decode a value. The code being decoded may catch it, but
/// ``StoredJSONDecoder`` then discards that result and asks `JSONDecoder` (see
/// ``IndexedJSON/metUnsupported``).
struct IndexedJSONUnsupported: Error {}

/// JSON text indexed into a flat array of values in document order. A container's members
/// follow it; each node knows the index just past its subtree, so siblings are found by
/// skipping, and an object's members alternate key and value.
final class IndexedJSON {
    enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }

    struct Node {
        var kind: Kind
        /// A string holding a backslash escape.
        var escaped = false
        /// Byte range in the text: the characters of a string (without its quotes), a number's.
        var start: Int32 = 0
        var length: Int32 = 0
        /// Members of an object (key-value pairs) or elements of an array.
        var count: Int32 = 0
        /// The index of the node after this one's subtree.
        var end: Int32 = 0
    }

    let bytes: UnsafeRawBufferPointer
    let nodes: [Node]
    /// Whether decoding met something left to `JSONDecoder`: the value decoded is then not used,
    /// even when the code being decoded caught the error (`try?`) and went on another way.
    private(set) var metUnsupported = false

    /// Asking a node for a type it is not: `JSONDecoder` refuses it too, so code that catches
    /// the error and tries another type goes the same way with either decoder.
    func typeMismatch(_ type: Any.Type, at index: Int) -> DecodingError {
        .typeMismatch(type, .init(codingPath: [], debugDescription: "expected \(type), found \(nodes[index].kind)"))
    }

    /// Reading past the end of an array, which `JSONDecoder` refuses too.
    static func pastTheEnd(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, .init(codingPath: [], debugDescription: "no elements are left in the array"))
    }

    /// The error for what is left to `JSONDecoder`, noted so that the result is not used.
    func unsupported() -> IndexedJSONUnsupported {
        metUnsupported = true
        return IndexedJSONUnsupported()
    }

    init(bytes source: UnsafeRawBufferPointer) throws {
        // A copy: the decoder passed to `init(from:)` may outlive the caller's buffer.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 1)
        copy.copyMemory(from: source)
        bytes = UnsafeRawBufferPointer(copy)
        do {
            nodes = try IndexedJSONParser(bytes: bytes).parseDocument()
        } catch {
            copy.deallocate()
            throw error
        }
    }

    deinit { bytes.deallocate() }

    // MARK: Reading nodes

    /// The string at `index` (a string node).
    func string(at index: Int) throws -> String {
        let node = nodes[index]
        guard node.kind == .string else { throw typeMismatch(String.self, at: index) }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.start + node.length)])
        guard node.escaped else { return String(decoding: raw, as: UTF8.self) }
        do {
            return try Self.unescape(raw)
        } catch {
            throw unsupported()
        }
    }

    /// The number text at `index` (a number node).
    func numberText(at index: Int, as type: Any.Type) throws -> UnsafeRawBufferPointer {
        let node = nodes[index]
        guard node.kind == .number else { throw typeMismatch(type, at: index) }
        return UnsafeRawBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.start + node.length)])
    }

    /// Whether the key node at `index` spells `key` (an unescaped key; escaped keys never match,
    /// and the caller then leaves the object to `JSONDecoder`).
    func key(at index: Int, equals key: UnsafeBufferPointer<UInt8>) -> Bool {
        let node = nodes[index]
        guard Int(node.length) == key.count, !node.escaped else { return false }
        return memcmp(bytes.baseAddress! + Int(node.start), key.baseAddress!, key.count) == 0
    }

    /// The characters of a string with escapes, `\u` ones (and their surrogate pairs) included.
    static func unescape(_ raw: UnsafeRawBufferPointer) throws -> String {
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var index = 0
        func hex4() throws -> UInt32 {
            guard index + 4 <= raw.count, let value = JSONText.hexQuad(raw[index..<index + 4]) else {
                throw IndexedJSONUnsupported()
            }
            index += 4
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                unescaped.append(byte)
                continue
            }
            guard index < raw.count else { throw IndexedJSONUnsupported() }
            let escape = raw[index]
            index += 1
            if let byte = JSONText.shortEscape(escape) {
                unescaped.append(byte)
                continue
            }
            switch escape {
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard index + 1 < raw.count, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u")
                    else { throw IndexedJSONUnsupported() }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw IndexedJSONUnsupported() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let character = Unicode.Scalar(scalar) else { throw IndexedJSONUnsupported() }
                unescaped.append(contentsOf: UTF8.encode(character)!)
            default:
                throw IndexedJSONUnsupported()
            }
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}

/// Indexes JSON text into ``IndexedJSON/Node``s, checking its syntax as it goes.
private struct IndexedJSONParser {
    typealias Node = IndexedJSON.Node
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private var offset = 0
    private var nodes: [Node] = []

    /// Deeper nesting is left to `JSONDecoder` (which refuses it too, at 512).
    private static let maximumDepth = 256

    init(bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no address; any valid one will do, as nothing is read from it.
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        count = bytes.count
        nodes.reserveCapacity(bytes.count / 8)
    }

    consuming func parseDocument() throws -> [Node] {
        try parseValue(depth: 0)
        skipWhitespace()
        guard offset == count else { throw IndexedJSONUnsupported() }
        return nodes
    }

    private mutating func skipWhitespace() {
        while offset < count {
            switch base[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws {
        skipWhitespace()
        guard offset < count, depth < Self.maximumDepth else { throw IndexedJSONUnsupported() }
        switch base[offset] {
        case UInt8(ascii: "{"): try parseContainer(.object, depth: depth)
        case UInt8(ascii: "["): try parseContainer(.array, depth: depth)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", .true)
        case UInt8(ascii: "f"): try parseLiteral("false", .false)
        case UInt8(ascii: "n"): try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw IndexedJSONUnsupported()
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard offset < count, base[offset] == byte else { throw IndexedJSONUnsupported() }
        offset += 1
    }

    private mutating func parseContainer(_ kind: IndexedJSON.Kind, depth: Int) throws {
        let index = nodes.count
        nodes.append(Node(kind: kind))
        let close = kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        offset += 1
        skipWhitespace()
        var members: Int32 = 0
        if offset < count, base[offset] == close {
            offset += 1
        } else {
            while true {
                if kind == .object {
                    skipWhitespace()
                    guard offset < count, base[offset] == UInt8(ascii: "\"") else { throw IndexedJSONUnsupported() }
                    try parseString()
                    try expect(UInt8(ascii: ":"))
                }
                try parseValue(depth: depth + 1)
                members += 1
                skipWhitespace()
                guard offset < count else { throw IndexedJSONUnsupported() }
                if base[offset] == UInt8(ascii: ",") {
                    offset += 1
                } else if base[offset] == close {
                    offset += 1
                    break
                } else {
                    throw IndexedJSONUnsupported()
                }
            }
        }
        nodes[index].count = members
        nodes[index].end = Int32(nodes.count)
    }

    private mutating func parseString() throws {
        offset += 1
        let start = offset
        var escaped = false
        // Eight bytes at a time while none of them is a quote, a backslash or a control character.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while count - offset >= 8 {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { break }
            offset += 8
        }
        while offset < count {
            let byte = base[offset]
            if byte == UInt8(ascii: "\"") {
                nodes.append(Node(
                    kind: .string, escaped: escaped, start: Int32(start), length: Int32(offset - start),
                    end: Int32(nodes.count + 1)))
                offset += 1
                return
            }
            guard byte >= 0x20 else { throw IndexedJSONUnsupported() }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                offset += 1  // the escaped character cannot end the string
            }
            offset += 1
        }
        throw IndexedJSONUnsupported()
    }

    private mutating func parseLiteral(_ literal: StaticString, _ kind: IndexedJSON.Kind) throws {
        let length = literal.utf8CodeUnitCount
        guard count - offset >= length, memcmp(base + offset, literal.utf8Start, length) == 0 else {
            throw IndexedJSONUnsupported()
        }
        offset += length
        nodes.append(Node(kind: kind, end: Int32(nodes.count + 1)))
    }

    private mutating func digits() -> Int {
        let first = offset
        while offset < count, base[offset] &- UInt8(ascii: "0") < 10 { offset += 1 }
        return offset - first
    }

    /// A number as JSON spells it: the text is checked here and converted when a type is asked.
    private mutating func parseNumber() throws {
        let start = offset
        if base[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || base[integerStart] != UInt8(ascii: "0") else {
            throw IndexedJSONUnsupported()
        }
        if offset < count, base[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw IndexedJSONUnsupported() }
        }
        if offset < count, base[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < count, base[offset] == UInt8(ascii: "+") || base[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw IndexedJSONUnsupported() }
        }
        nodes.append(Node(kind: .number, start: Int32(start), length: Int32(offset - start), end: Int32(nodes.count + 1)))
    }
}

/// The `Decoder` over one node of an ``IndexedJSON``: two words, so passing it as `any Decoder`
/// allocates nothing.
struct IndexedJSONDecoder: Decoder {
    let document: IndexedJSON
    let node: Int

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard document.nodes[node].kind == .object else { throw document.typeMismatch([String: Any].self, at: node) }
        return KeyedDecodingContainer(IndexedKeyedContainer<Key>(document: document, object: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.nodes[node].kind == .array else { throw document.typeMismatch([Any].self, at: node) }
        return IndexedUnkeyedContainer(document: document, array: node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// A `T` from this node: the standard scalars read directly, other types by their own
    /// `init(from:)`, and the types `JSONDecoder` treats specially refused.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        // Metatypes compared, not cast: a cast that fails (every nested struct, array and enum,
        // eight times) walks the type's metadata.
        if T.self == String.self { return try document.string(at: node) as! T }
        if T.self == Int.self { return try decodeInteger(Int.self) as! T }
        if T.self == Bool.self { return try decode(Bool.self) as! T }
        if T.self == Double.self { return try decode(Double.self) as! T }
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self { throw document.unsupported() }
        return try T(from: self)
    }

    fileprivate func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let text = try document.numberText(at: node, as: type)
        // Only plain integers: JSONDecoder's handling of `1.0` or `1e3` as integers is its own.
        var index = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var value: T = 0
        while index < text.count {
            let byte = text[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { throw document.unsupported() }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let digit = T(byte - UInt8(ascii: "0"))
            let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { throw document.unsupported() }
            value = next
            index += 1
        }
        return value
    }

    fileprivate func decodeFloatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type) throws -> T {
        let text = try document.numberText(at: node, as: type)
        // Out of range (`1e400`): JSONDecoder's to refuse or round.
        guard let value = T(String(decoding: text, as: UTF8.self)), value.isFinite else { throw document.unsupported() }
        return value
    }
}

extension IndexedJSONDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { document.nodes[node].kind == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch document.nodes[node].kind {
        case .true: return true
        case .false: return false
        default: throw document.typeMismatch(Bool.self, at: node)
        }
    }

    func decode(_ type: String.Type) throws -> String { try document.string(at: node) }
    func decode(_ type: Double.Type) throws -> Double { try decodeFloatingPoint(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try decodeFloatingPoint(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}

/// An object's members, looked up by comparing each key's bytes in place.
private struct IndexedKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: IndexedJSON
    let object: Int

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] {
        var keys: [Key] = []
        var index = object + 1
        for _ in 0..<document.nodes[object].count {
            if let name = try? document.string(at: index), let key = Key(stringValue: name) { keys.append(key) }
            index = Int(document.nodes[index + 1].end)
        }
        return keys
    }

    /// The value node of `key`, the first if the key is given twice (as `JSONDecoder` keeps
    /// it); nil when absent.
    private func valueNode(_ key: Key) throws -> Int? {
        var name = key.stringValue
        return try name.withUTF8 { name in
            var index = object + 1
            for _ in 0..<document.nodes[object].count {
                if document.nodes[index].escaped { throw document.unsupported() }
                if document.key(at: index, equals: name) { return index + 1 }
                index = Int(document.nodes[index + 1].end)
            }
            return nil
        }
    }

    private func decoder(_ key: Key) throws -> IndexedJSONDecoder {
        guard let node = try valueNode(key) else { throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value for \(key.stringValue)")) }
        return IndexedJSONDecoder(document: document, node: node)
    }

    func contains(_ key: Key) -> Bool { (try? valueNode(key)) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try decoder(key).decodeNil() }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(key).decodeValue(type) }

    /// nil for an absent key or a null, as `JSONDecoder` answers.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let node = try valueNode(key), document.nodes[node].kind != .null else { return nil }
        return try document.string(at: node)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = try valueNode(key), document.nodes[node].kind != .null else { return nil }
        return try IndexedJSONDecoder(document: document, node: node).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw document.unsupported() }
    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(key) }
}

/// An array's elements in order.
private struct IndexedUnkeyedContainer: UnkeyedDecodingContainer {
    let document: IndexedJSON
    let array: Int
    /// The node of the next element.
    private var next: Int
    private(set) var currentIndex = 0

    init(document: IndexedJSON, array: Int) {
        self.document = document
        self.array = array
        next = array + 1
    }

    var codingPath: [any CodingKey] { [] }
    var count: Int? { Int(document.nodes[array].count) }
    var isAtEnd: Bool { currentIndex >= count! }

    /// The decoder of the next element, moving past it.
    private mutating func advance() throws -> IndexedJSONDecoder {
        guard !isAtEnd else { throw IndexedJSON.pastTheEnd(Any.self) }
        let decoder = IndexedJSONDecoder(document: document, node: next)
        next = Int(document.nodes[next].end)
        currentIndex += 1
        return decoder
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw IndexedJSON.pastTheEnd(Any.self) }
        guard document.nodes[next].kind == .null else { return false }
        _ = try advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try advance().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try advance().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try advance().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try advance().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try advance().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try advance().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try advance().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try advance().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try advance().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try advance().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try advance().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try advance().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try advance().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try advance().decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try advance().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try advance().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try advance().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try advance() }
}
