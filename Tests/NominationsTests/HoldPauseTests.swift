import Foundation
import Nominations
import Testing
import Workflow

/// A hold stops the stage's clock: when the last hold is lifted, the deadline moves by the
/// working days held, counted from the day after the first hold was placed up to and including
/// the day the last one was lifted.
/// An annual nomination submitted on Monday 3 March 2025: the `submitted` stage is due 10
/// working days later, on Monday 17 March.
private func submitted() throws -> Harness {
    var harness = Harness(configuration: try shippedConfiguration())
    try harness.run(.submitFighter(), by: People.officer, on: "2025-03-03", history: fighterHistory)
    #expect(harness.nomination?.stageDeadline == day("2025-03-17"))
    return harness
}

@discardableResult
private func place(_ holdID: String, on date: String, _ harness: inout Harness) throws -> [NominationEvent] {
    try harness.run(.placeHold(.init(nominationID: "N1", holdID: holdID, holdKind: "complaint", reference: "Đơn 12/2025")),
                    by: People.inspector, on: date)
}

@discardableResult
private func lift(_ holdID: String, on date: String, _ harness: inout Harness) throws -> [NominationEvent] {
    try harness.run(.liftHold(.init(nominationID: "N1", holdID: holdID, note: "Đã xác minh")), by: People.inspector, on: date)
}

@Suite struct HoldPauseTests {
    @Test func aHoldMovesTheDeadlineByTheWorkingDaysItWasHeld() throws {
        var harness = try submitted()
        // Placed on Wednesday 5 March, lifted on Wednesday 12 March: held on the 6th, 7th, 10th,
        // 11th and 12th, five working days.
        try place("H1", on: "2025-03-05", &harness)
        try lift("H1", on: "2025-03-12", &harness)
        #expect(harness.nomination?.stageDeadline == day("2025-03-24"))
    }

    @Test func overlappingHoldsCountTheirDaysOnce() throws {
        var harness = try submitted()
        try place("H1", on: "2025-03-05", &harness)
        try place("H2", on: "2025-03-07", &harness)
        try lift("H1", on: "2025-03-10", &harness)
        // Another hold is still in force: the clock has not started again.
        #expect(harness.nomination?.stageDeadline == day("2025-03-17"))
        try lift("H2", on: "2025-03-12", &harness)
        // One pause from the 5th to the 12th (five working days), not three days for each hold.
        #expect(harness.nomination?.stageDeadline == day("2025-03-24"))
    }

    @Test func weekendsAndHolidaysHeldDoNotCount() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        // Submitted on Monday 20 January 2025: due on 10 February, after the Tết days off (27–31 January).
        try harness.run(.submitFighter(), by: People.officer, on: "2025-01-20", history: fighterHistory)
        #expect(harness.nomination?.stageDeadline == day("2025-02-10"))
        // Held from Friday 24 January to Monday 3 February: ten days, of which only the 3rd is a working day.
        try place("H1", on: "2025-01-24", &harness)
        try lift("H1", on: "2025-02-03", &harness)
        #expect(harness.nomination?.stageDeadline == day("2025-02-11"))
    }

    @Test func aHoldLiftedOnTheDayItWasPlacedMovesNothing() throws {
        var harness = try submitted()
        try place("H1", on: "2025-03-05", &harness)
        try lift("H1", on: "2025-03-05", &harness)
        #expect(harness.nomination?.stageDeadline == day("2025-03-17"))
    }
}

/// The moved deadline is recorded in the lift, since `evolve` has no calendar; lifts stored
/// before holds paused deadlines have no such key.
@Suite struct HoldLiftedPayloadTests {
    @Test func theLiftRecordsTheMovedDeadlineOnlyWhenTheClockStartsAgain() throws {
        var harness = try submitted()
        try place("H1", on: "2025-03-05", &harness)
        try place("H2", on: "2025-03-06", &harness)
        #expect(harness.nomination?.pausedSince == day("2025-03-05"))
        let first = try lift("H1", on: "2025-03-07", &harness)
        guard case .holdLifted(let partial) = first.first else { Issue.record("\(first)"); return }
        #expect(partial.stageDeadline == nil)
        #expect(harness.nomination?.pausedSince == day("2025-03-05"))
        let last = try lift("H2", on: "2025-03-07", &harness)
        guard case .holdLifted(let ending) = last.first else { Issue.record("\(last)"); return }
        #expect(ending.stageDeadline == day("2025-03-19"))
        #expect(harness.nomination?.pausedSince == nil)
    }

    @Test func aLiftStoredBeforeHoldsPausedDeadlinesDecodesAndMovesNothing() throws {
        var harness = try submitted()
        try place("H1", on: "2025-03-05", &harness)
        let stored = #"""
            {"type": "nomination.hold_lifted", "schema_version": 1,
             "payload": {"nominationID": "N1", "holdID": "H1", "holdKind": "complaint", "note": "Xong", "liftedOn": "2025-03-12"}}
            """#
        let event = try JSONDecoder().decode(NominationEvent.self, from: Data(stored.utf8))
        guard case .holdLifted(let lifted) = event else { Issue.record("\(event)"); return }
        #expect(lifted.liftedOn == day("2025-03-12"))
        #expect(lifted.stageDeadline == nil)
        let nomination = try #require(Nomination.evolve(harness.nomination, event))
        #expect(nomination.holds.isEmpty)
        #expect(nomination.pausedSince == nil)
        #expect(nomination.stageDeadline == day("2025-03-17"))
        // Written again, it stays without the key, as it was stored.
        let rewritten = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(lifted)) as? [String: Any]
        #expect(rewritten?.keys.sorted() == ["holdID", "holdKind", "liftedOn", "nominationID", "note"])
    }
}
