@testable import Nominations
import Testing

/// Free text that is only spaces counts as missing, whatever else it is made of.
@Suite struct BlankTextTests {
    @Test(arguments: ["", " ", "     "])
    func onlySpacesIsBlank(text: String) {
        #expect(text.isBlank)
        #expect(text.isBlank == text.trimmingSpaces.isEmpty)
    }

    @Test(arguments: ["x", " x ", "Lập thành tích", " \u{301}", "\u{A0}", "\t", "\n"])
    func anythingButSpacesIsNot(text: String) {
        #expect(!text.isBlank, "\(Array(text.unicodeScalars))")
        #expect(text.isBlank == text.trimmingSpaces.isEmpty)
    }

    @Test func aBlankSummaryIsRefusedAndAWrittenOneIsNot() {
        let refused = #expect(throws: DomainError.self) { try Nomination.validate(summary: "   ", documents: []) }
        #expect(refused?.code == .invalidCommand)
        #expect(throws: Never.self) { try Nomination.validate(summary: " Phá án xuất sắc ", documents: []) }
    }
}
