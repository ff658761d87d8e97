import Foundation
import Nominations
import Testing

/// A nomination shares its fields between copies (copy on write): a copy must still behave as a
/// value of its own.
@Suite struct NominationValueTests {
    private func submittedHarness() throws -> Harness {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(), by: People.officer, on: "2025-03-03", history: fighterHistory)
        return harness
    }

    private func submitted() throws -> Nomination { try #require(try submittedHarness().nomination) }

    @Test func changingACopyLeavesTheOriginalAsItWas() throws {
        let before = try submittedHarness()
        var after = before
        try after.run(.placeHold(.init(nominationID: "N1", holdID: "H1", holdKind: "complaint", reference: "Đơn 12/2025")),
                      by: People.inspector, on: "2025-03-05")
        let original = try #require(before.nomination)
        let held = try #require(after.nomination)
        #expect(held.holds.map(\.id) == ["H1"])
        #expect(held.pausedSince == day("2025-03-05"))
        #expect(original.holds.isEmpty)
        #expect(original.pausedSince == nil)
        #expect(held != original)
        // The fields the hold did not touch are the same in both.
        #expect(held.id == original.id && held.nominee == original.nominee && held.stageDeadline == original.stageDeadline)
    }

    @Test func copiesCompareByTheirFields() throws {
        let one = try submitted()
        let other = try submitted()
        #expect(one == other)
        let copy = one
        #expect(copy == one)
    }

    @Test func codesAsItsFieldsUnderTheirNames() throws {
        let nomination = try submitted()
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(nomination)) as? [String: Any])
        #expect(object["id"] as? String == nomination.id)
        #expect(object["state"] as? String == nomination.state)
        #expect(object["ruleSetVersion"] as? String == nomination.ruleSetVersion)
        #expect(object["storage"] == nil && object["fields"] == nil)
        #expect(try JSONDecoder().decode(Nomination.self, from: JSONEncoder().encode(nomination)) == nomination)
    }
}
