import Foundation

extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal, two digits each: how Laurel writes SHA-256 digests
    /// (event hashes, seals, request fingerprints).
    public var lowercaseHex: String {
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(lowercaseHexDigits[Int(byte >> 4)])
            text.append(lowercaseHexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension UUID {
    /// Appends the canonical text of the id as PostgreSQL prints a `uuid` (lowercase, 8-4-4-4-12
    /// digits) to `bytes`, without making the `String` of `uuidString` and lowercasing it.
    func appendLowercaseText(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(lowercaseHexDigits[Int(byte >> 4)])
                bytes.append(lowercaseHexDigits[Int(byte & 0x0f)])
            }
        }
    }
}

/// The hexadecimal digits Laurel writes, by value.
let lowercaseHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension UInt8 {
    /// The value of a hexadecimal digit (either case) in ASCII; nil for any other byte.
    var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
