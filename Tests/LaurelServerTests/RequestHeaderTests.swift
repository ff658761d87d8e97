@testable import LaurelServer
import Testing

/// The byte-level checks of a command's headers and text fields.
@Suite struct RequestHeaderTests {
    @Test(arguments: [("\"3\"", 3), ("W/\"3\"", 3), (" \"12\"\t", 12), ("\"0\"", 0)] as [(String, Int64)])
    func anETagIsAVersion(header: String, version: Int64) throws {
        #expect(try CommandRequest.version(header) == version)
    }

    @Test(arguments: ["yesterday", "\"\"", "\"", "\"-1\"", "-1", "W/", "\"3", "\u{A0}\"3\"", "\"3 \"", "９", "3", "W/3"])
    func anythingElseIsRefused(header: String) {
        let refused = #expect(throws: Problem.self) { try CommandRequest.version(header) }
        #expect(refused?.code == "invalid_if_match")
    }

    @Test func noHeaderIsNoVersion() throws {
        #expect(try CommandRequest.version(nil) == nil)
    }

    /// Every scalar: refused exactly when Unicode calls it a control character (Cc), tab, line
    /// feed and carriage return excepted.
    @Test func refusedControlsAreUnicodesControlCharactersButTabAndLineEnds() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.generalCategory == .control && !["\t", "\n", "\r"].contains(scalar)
            if FieldReader.isRefusedControl(scalar) != expected { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(FieldReader.isRefusedControl("\u{0}") && FieldReader.isRefusedControl("\u{85}"))
        #expect(!FieldReader.isRefusedControl("\t") && !FieldReader.isRefusedControl("ệ"))
    }
}
