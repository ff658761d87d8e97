import EventStore
import Foundation
import Workflow

/// Writes JSON as `ResponseJSON`'s encoder does (UTF-8 as it is, slashes unescaped, control
/// characters escaped), for the few resources written by hand. Members are written in the
/// order given, which must be the sorted order of their keys.
struct ResponseJSONWriter {
    private(set) var bytes: [UInt8] = []
    /// The first error of a part written with the encoder.
    private var failure: (any Error)?

    init() { bytes.reserveCapacity(2048) }

    /// The JSON written, or the first error of a part written with the encoder.
    func finish() throws -> Data {
        if let failure { throw failure }
        return Data(bytes)
    }

    /// One object: `body` writes its members.
    mutating func object(_ body: (inout Object) throws -> Void) rethrows {
        // The object takes the bytes over while its members are written; emptying this copy
        // leaves the buffer with one owner, so appending to it does not copy it.
        var object = Object(writer: self)
        bytes = []
        object.writer.bytes.append(UInt8(ascii: "{"))
        try body(&object)
        object.writer.bytes.append(UInt8(ascii: "}"))
        self = object.writer
    }

    /// One object of text members, given in the order to write.
    mutating func object(members: [(key: String, value: String)]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(member.key)
            bytes.append(UInt8(ascii: ":"))
            string(member.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// One array of `elements`, each written by `element`.
    mutating func array<Element>(_ elements: [Element], _ element: (inout ResponseJSONWriter, Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func string(_ text: String) { JSONText.appendString(text, to: &bytes) }

    mutating func integer(_ value: some BinaryInteger) { bytes.append(contentsOf: String(value).utf8) }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8)) }

    /// A value through `ResponseJSON`'s encoder, for parts too rare to write by hand.
    mutating func encoded(_ value: some Encodable) {
        do {
            bytes.append(contentsOf: try ResponseJSON.encode(value))
        } catch {
            failure = failure ?? error
            bytes.append(contentsOf: "null".utf8)
        }
    }

    /// The members of an object being written.
    struct Object {
        fileprivate var writer: ResponseJSONWriter
        private var isFirst = true

        fileprivate init(writer: ResponseJSONWriter) { self.writer = writer }

        private mutating func key(_ key: StaticString) {
            if !isFirst { writer.bytes.append(UInt8(ascii: ",")) }
            isFirst = false
            writer.bytes.append(UInt8(ascii: "\""))
            writer.bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            writer.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }

        mutating func member(_ name: StaticString, _ value: String) {
            key(name)
            writer.string(value)
        }

        mutating func member(_ name: StaticString, _ value: some BinaryInteger) {
            key(name)
            writer.integer(value)
        }

        mutating func member(_ name: StaticString, _ value: Bool) {
            key(name)
            writer.bool(value)
        }

        mutating func member(_ name: StaticString, _ value: LocalDate) {
            key(name)
            writer.string(value.description)
        }

        mutating func member(_ name: StaticString, _ values: [String]) {
            key(name)
            writer.array(values) { writer, value in writer.string(value) }
        }

        mutating func member(_ name: StaticString, encoded value: some Encodable) {
            key(name)
            writer.encoded(value)
        }

        /// A member whose value `body` writes.
        mutating func member(_ name: StaticString, _ body: (inout ResponseJSONWriter) throws -> Void) rethrows {
            key(name)
            try body(&writer)
        }
    }
}
