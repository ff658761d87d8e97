import Foundation

extension EventMetadata {
    /// Decodes the metadata of a stored event from its `jsonb` text.
    ///
    /// Reading the log decodes one metadata object per event, and `JSONDecoder` costs more than
    /// everything else about a row together. What PostgreSQL prints for the metadata Laurel
    /// writes (the known keys, with strings, a string array or null) is read here directly;
    /// anything else (another key, a number, a malformed escape) goes to `JSONDecoder`, so the
    /// result and the errors are the same either way.
    init(storedJSON bytes: UnsafeRawBufferPointer, decoder: JSONDecoder) throws {
        if let metadata = Self.parseCommonForm(bytes) {
            self = metadata
        } else {
            self = try decoder.decode(EventMetadata.self, from: Data(bytes))
        }
    }

    /// The metadata when `bytes` is an object of known keys with simple values, else nil.
    static func parseCommonForm(_ bytes: UnsafeRawBufferPointer) -> EventMetadata? {
        var reader = JSONReader(bytes: bytes)
        var metadata = EventMetadata()
        guard reader.consume(UInt8(ascii: "{")) else { return nil }
        if reader.consume(UInt8(ascii: "}")) { return reader.atEnd ? metadata : nil }
        var seen: UInt8 = 0
        repeat {
            // A key given twice (jsonb keeps only one) is left to JSONDecoder, which keeps the
            // first value.
            guard let key = reader.key(), seen & key.bit == 0, reader.consume(UInt8(ascii: ":"))
            else { return nil }
            seen |= key.bit
            if key == .actorRoles {
                if reader.consumeNull() { continue }
                guard let roles = reader.stringArray() else { return nil }
                metadata.actorRoles = roles
                continue
            }
            let value: String?
            if reader.consumeNull() {
                value = nil
            } else {
                guard let string = reader.string() else { return nil }
                value = string
            }
            switch key {
            case .actorID: metadata.actorID = value
            case .correlationID: metadata.correlationID = value
            case .causationID: metadata.causationID = value
            case .requestID: metadata.requestID = value
            case .reason: metadata.reason = value
            case .traceparent: metadata.traceparent = value
            case .actorRoles: break
            }
        } while reader.consume(UInt8(ascii: ","))
        guard reader.consume(UInt8(ascii: "}")), reader.atEnd else { return nil }
        return metadata
    }
}

extension EventMetadata.CodingKeys {
    /// Each key with its name's bytes, for reading keys without making a String of each.
    fileprivate static let names = allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// The key's own bit, for noticing a key given twice without allocating.
    fileprivate var bit: UInt8 {
        switch self {
        case .actorID: 1
        case .actorRoles: 2
        case .correlationID: 4
        case .causationID: 8
        case .requestID: 16
        case .reason: 32
        case .traceparent: 64
        }
    }
}

extension EventMetadata {
    /// Appends the metadata as a JSON object, as `JSONEncoder` would write it (absent values
    /// left out), but without its cost: appends encode one per event.
    func appendJSON(to json: inout [UInt8]) {
        json.append(UInt8(ascii: "{"))
        JSONText.appendString(CodingKeys.actorRoles.rawValue, to: &json)
        json.append(UInt8(ascii: ":"))
        json.append(UInt8(ascii: "["))
        for (index, role) in actorRoles.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONText.appendString(role, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        let optionals: [(CodingKeys, String?)] = [
            (.actorID, actorID), (.correlationID, correlationID), (.causationID, causationID),
            (.requestID, requestID), (.reason, reason), (.traceparent, traceparent),
        ]
        for case let (key, value?) in optionals {
            json.append(UInt8(ascii: ","))
            JSONText.appendString(key.rawValue, to: &json)
            json.append(UInt8(ascii: ":"))
            JSONText.appendString(value, to: &json)
        }
        json.append(UInt8(ascii: "}"))
    }
}

/// Reads the few JSON forms ``EventMetadata/parseCommonForm(_:)`` accepts; every method returns
/// nil (or false) for anything else.
private struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return offset == bytes.count
        }
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    mutating func consumeNull() -> Bool {
        skipWhitespace()
        guard bytes.count - offset >= 4, bytes[offset] == UInt8(ascii: "n"), bytes[offset + 1] == UInt8(ascii: "u"),
              bytes[offset + 2] == UInt8(ascii: "l"), bytes[offset + 3] == UInt8(ascii: "l")
        else { return false }
        offset += 4
        return true
    }

    /// A string, its escapes read as ``IndexedJSON/unescape(_:)`` reads them; nil for a malformed
    /// escape or a control character.
    /// PostgreSQL prints only valid UTF-8, so the bytes are not validated again.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = offset
        var escaped = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                return escaped ? try? IndexedJSON.unescape(raw) : String(decoding: raw, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                offset += 1  // the escaped character cannot end the string
            }
            offset += 1
        }
        return nil
    }

    /// A key of the metadata's own, compared in place; nil for any other string (an escaped
    /// one included: the whole object then goes to `JSONDecoder`).
    mutating func key() -> EventMetadata.CodingKeys? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = offset
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\") {
            offset += 1
        }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
        offset += 1
        return EventMetadata.CodingKeys.names.first { $0.1.count == name.count && $0.1.elementsEqual(name) }?.0
    }

    mutating func stringArray() -> [String]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var strings: [String] = []
        if consume(UInt8(ascii: "]")) { return strings }
        repeat {
            guard let string = string() else { return nil }
            strings.append(string)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? strings : nil
    }
}
