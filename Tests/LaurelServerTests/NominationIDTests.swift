@testable import LaurelServer
import Testing

/// New nomination ids: short, URL- and stream-safe, and not repeated.
@Suite struct NominationIDTests {
    @Test func idsAreTwelveLowercaseHexDigitsAndDistinct() {
        let ids = (0..<2000).map { _ in NominationsController.newID() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            #expect(id.hasPrefix("N-") && id.utf8.count == 14, "\(id)")
            #expect(id.dropFirst(2).utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }, "\(id)")
        }
    }

    @Test func commandPathsUseHyphens() {
        #expect(CommandRoute.path(of: "return_for_amendment") == "return-for-amendment")
        #expect(CommandRoute.path(of: "accept") == "accept")
    }
}
