import Foundation

/// Text folding for searches that ignore Vietnamese diacritics.
public enum VietnameseText {
    /// Lower case, diacritics removed and `đ` as `d`, so that "Nguyen Van An" finds
    /// "Nguyễn Văn An". Decomposition (NFD) separates the marks, which are then dropped; `đ` is a
    /// letter of its own, not a `d` with a mark, so it is mapped explicitly.
    ///
    /// Text made of ASCII and precomposed Latin letters (every Vietnamese name) is folded a scalar
    /// at a time from a table the general folding made of each such letter: decomposing through
    /// Foundation took about 3 µs a name, a third of the nominations list's share of a rebuild.
    /// Anything else (a combining mark already apart, another script) takes the general way.
    public static func searchKey(_ text: String) -> String {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                key.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            } else if let folded = LatinLetters.folded(value) {
                key.append(contentsOf: folded)
            } else {
                return decomposedKey(text)
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// The general folding: lower case, canonical decomposition, marks dropped, `đ` as `d`.
    static func decomposedKey(_ text: String) -> String {
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        var key = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                key.append(scalar == "đ" ? "d" : scalar)
            }
        }
        return String(key)
    }

    /// The folding of each precomposed letter of Latin-1, Latin Extended-A and -B (U+00C0 to
    /// U+024F) and Latin Extended Additional (U+1E00 to U+1EFF, where most Vietnamese letters
    /// with two marks are), as UTF-8, made once by ``decomposedKey(_:)``.
    enum LatinLetters {
        static let latin = (0xC0..<0x250).map(fold)
        static let additional = (0x1E00..<0x1F00).map(fold)

        static func folded(_ value: UInt32) -> [UInt8]? {
            switch value {
            case 0xC0..<0x250: latin[Int(value) - 0xC0]
            case 0x1E00..<0x1F00: additional[Int(value) - 0x1E00]
            default: nil
            }
        }

        /// Only letters: a sign or a symbol there (×, ÷) keeps to the general way.
        private static func fold(_ value: Int) -> [UInt8]? {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { return nil }
            return Array(decomposedKey(String(scalar)).utf8)
        }
    }
}
