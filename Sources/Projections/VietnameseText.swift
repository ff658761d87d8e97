import Foundation

/// Text folding for searches that ignore Vietnamese diacritics.
public enum VietnameseText {
    /// Lower case, diacritics removed and `đ` as `d`, so that "Nguyen Van An" finds
    /// "Nguyễn Văn An". Decomposition (NFD) separates the marks, which are then dropped; `đ` is a
    /// letter of its own, not a `d` with a mark, so it is mapped explicitly.
    public static func searchKey(_ text: String) -> String {
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
}
