@testable import Projections
import Testing

struct VietnameseTextTests {
    @Test(arguments: [
        ("Nguyễn Văn Đức", "nguyen van duc"), ("TRẦN THỊ ÁNH", "tran thi anh"), ("Phạm", "pham"),
        ("Hoàng Thị Hồng Nhung", "hoang thi hong nhung"), ("Lê Đức Thọ (Hà Nội)", "le duc tho (ha noi)"),
        // A combining mark apart from its letter, as some input methods send it.
        ("Nguye\u{302}\u{303}n Văn", "nguyen van"),
    ])
    func searchKeysDropDiacritics(name: String, key: String) {
        #expect(VietnameseText.searchKey(name) == key)
    }

    /// The scalar-at-a-time folding gives what the general folding gives: for every letter its
    /// table covers, side by side and mixed with ASCII, and for text it leaves to the general way.
    @Test func theTableFoldsAsTheGeneralFoldingDoes() {
        let letters = (UInt32(0xC0)..<0x250).compactMap(Unicode.Scalar.init) + (UInt32(0x1E00)..<0x1F00).compactMap(Unicode.Scalar.init)
        let alphabetic = letters.filter(\.properties.isAlphabetic)
        #expect(alphabetic.count > 400)
        #expect(alphabetic.allSatisfy { VietnameseText.LatinLetters.folded($0.value) != nil })
        var all = String.UnicodeScalarView()
        for (index, letter) in alphabetic.enumerated() {
            all.append(letter)
            if index % 7 == 0 { all.append(contentsOf: " A-z.".unicodeScalars) }
        }
        let text = String(all)
        #expect(VietnameseText.searchKey(text) == VietnameseText.decomposedKey(text))
        // Vietnamese letters with two marks fold to their base letter.
        #expect(VietnameseText.LatinLetters.folded(0x1EC5) == Array("e".utf8))  // ễ
        #expect(VietnameseText.LatinLetters.folded(0x1EA0) == Array("a".utf8))  // Ạ
        // Signs in the ranges, other scripts and marks apart take the general way.
        for other in ["3 × 4", "Ærø ÷ Ökonom", "Иванов", "김민준", "Nguye\u{302}\u{303}n", "ﬁ"] {
            #expect(VietnameseText.searchKey(other) == VietnameseText.decomposedKey(other), "\(other)")
        }
    }
}
