@testable import Nominations
import Testing

/// A document's checksum is a SHA-256 as 64 lower-case hexadecimal digits, in ASCII.
@Suite struct DocumentChecksumTests {
    static let valid = String(repeating: "0123456789abcdef", count: 4)

    @Test func sixtyFourLowerCaseHexDigitsAreAChecksum() {
        #expect(DossierDocument.isLowercaseSHA256(Self.valid))
        #expect(DossierDocument(kind: "submission", title: "Tờ trình", sha256: Self.valid).hasValidChecksum)
    }

    @Test(arguments: [
        String(valid.dropLast()),                          // 63 digits
        valid + "0",                                       // 65
        valid.uppercased(),                                // upper case
        String(valid.dropLast()) + "g",                    // not hexadecimal
        String(valid.dropLast()) + "\u{FF41}",             // fullwidth 'a': 64 characters that are hex digits to Character
        String(valid.dropLast()) + "\u{FF10}",             // fullwidth '0', the same
        "",
    ])
    func anythingElseIsNot(text: String) {
        #expect(!DossierDocument.isLowercaseSHA256(text))
        let refused = #expect(throws: DomainError.self) {
            try Nomination.validate(summary: "Phá án", documents: [DossierDocument(kind: "submission", title: "Tờ trình", sha256: text)])
        }
        #expect(refused?.code == .invalidCommand)
    }
}
