import Foundation
import Nominations
import Testing
import Workflow

/// A scheduled nomination whose session did not decide on it (closed without its result,
/// postponed, or left without enough voters by recusals) is moved by the council's secretary or
/// standing office: to another session of the council due, or back to awaiting scheduling, with a
/// reason, as an event.
@Suite struct SessionMoveTests {
    static let reason = "Phiên họp kết thúc trước khi biểu quyết hồ sơ"

    static func unschedule(_ reason: String = Self.reason) -> NominationCommand {
        .unschedule(.init(nominationID: "N1", reason: reason))
    }

    static func reschedule(to session: String, _ reason: String = Self.reason) -> NominationCommand {
        .reschedule(.init(nominationID: "N1", sessionID: session, reason: reason))
    }

    /// `session` closed, as its secretary closes it.
    static func closed(_ session: CouncilSession) throws -> CouncilSession {
        let events = try CouncilSession.decide(.close(sessionID: session.id), session, try sessionContext(People.secretary))
        return try #require(events.reduce(session, CouncilSession.evolve))
    }

    /// The issue's case: the session closed without recording the result. The secretary takes the
    /// nomination off its agenda, back to `accepted` with a new deadline; it is scheduled on the
    /// next session and decided there.
    @Test func movedBackToAwaitingSchedulingThenDecidedOnAnotherSession() throws {
        let first = try convenedSession(id: "S1", date: "2025-01-20")
        var harness = try scheduledFighter(session: first)
        let closedFirst = try Self.closed(first)
        let stuck = #expect(throws: DomainError.self) {
            try harness.run(.tally(session: "S1", inFavour: 11), by: People.secretary, on: "2025-01-20", session: closedFirst)
        }
        #expect(stuck?.code == .sessionNotAvailable)

        let events = try harness.run(Self.unschedule(), by: People.secretary, on: "2025-01-21")
        guard case .unscheduled(let unscheduled) = try #require(events.first) else {
            Issue.record("expected nomination.unscheduled, got \(events)")
            return
        }
        #expect(unscheduled.fromSessionID == "S1")
        #expect(unscheduled.reason == Self.reason)
        let deadline = try harness.configuration.calendar.adding(workingDays: 10, to: day("2025-01-21"))
        #expect(unscheduled.stage.from == "scheduled" && unscheduled.stage.to == "accepted")
        #expect(unscheduled.stage.enteredOn == day("2025-01-21") && unscheduled.stage.deadline == deadline)
        #expect(deadline != harness.events[2].stage?.deadline, "a new deadline, not the scheduled stage's")
        #expect(harness.state == "accepted")
        #expect(harness.nomination?.councilSessionID == nil)
        #expect(harness.nomination?.stageDeadline == deadline)
        #expect(NominationCommand.unschedule(.init(nominationID: "N1", reason: Self.reason)).reason == Self.reason,
                "the reason goes to the event's metadata too")

        let second = try convenedSession(id: "S2", date: "2025-02-10")
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S2")), by: People.secretary, on: "2025-01-22",
                        session: second)
        try harness.run(.tally(session: "S2", inFavour: 11), by: People.secretary, on: "2025-02-10", session: second)
        #expect(harness.state == "council_reviewed")
        #expect(harness.nomination?.councilResult?.sessionID == "S2")
        #expect(Nomination.replay(harness.events) == harness.nomination)
    }

    /// Moved straight to another session of the same council: the stage and its deadline stay,
    /// the old session can no longer record a result for it, and the new one does.
    @Test func rescheduledDirectlyKeepsTheStageAndItsDeadline() throws {
        let first = try convenedSession(id: "S1", date: "2025-01-20")
        var harness = try scheduledFighter(session: first)
        let before = try #require(harness.nomination)
        let second = try convenedSession(id: "S2", date: "2025-01-27")

        let events = try harness.run(Self.reschedule(to: "S2"), by: People.office, on: "2025-01-20", session: second)
        #expect(events == [.rescheduled(try Self.decode(NominationRescheduled.self, """
            {"nominationID": "N1", "fromSessionID": "S1", "sessionID": "S2", "council": "vksndtc", "sessionDate": "2025-01-27",
             "reason": "\(Self.reason)"}
            """))])
        #expect(events.first?.stage == nil, "the stage does not change")
        #expect(harness.state == "scheduled")
        #expect(harness.nomination?.stageEnteredOn == before.stageEnteredOn)
        #expect(harness.nomination?.stageDeadline == before.stageDeadline)
        #expect(harness.nomination?.councilSessionID == "S2")

        let onTheOld = #expect(throws: DomainError.self) {
            try harness.run(.tally(session: "S1", inFavour: 11), by: People.secretary, on: "2025-01-20", session: first)
        }
        #expect(onTheOld?.code == .sessionNotAvailable)
        try harness.run(.tally(session: "S2", inFavour: 11), by: People.secretary, on: "2025-01-27", session: second)
        #expect(harness.nomination?.councilResult?.sessionID == "S2")
    }

    /// The second review of a Labour Hero proposal moves between sessions of the Supreme council
    /// only, and goes back to `at_supreme` when taken off the agenda.
    @Test func aLabourHerosSupremeReviewMovesWithinTheSupremeCouncil() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let steps = try Path.labourHero.steps()
        for step in steps.prefix(6) {
            try harness.run(step.command, by: step.actor, on: step.date, history: step.history, session: step.session)
        }
        #expect(harness.state == "supreme_scheduled")
        #expect(harness.nomination?.workflowVersion == 2)

        let provincial = try convenedSession(id: "P2", date: "2025-03-17", council: People.unit)
        let error = #expect(throws: DomainError.self) {
            try harness.run(Self.reschedule(to: "P2"), by: People.secretary, on: "2025-03-10", session: provincial)
        }
        #expect(error?.code == .councilNotDue)
        #expect(error?.message.contains("at stage 'supreme_scheduled' by the council of vksndtc") == true)

        let later = try convenedSession(id: "S3", total: 15, date: "2025-03-24")
        try harness.run(Self.reschedule(to: "S3"), by: People.secretary, on: "2025-03-10", session: later)
        #expect(harness.state == "supreme_scheduled" && harness.nomination?.councilSessionID == "S3")
        try harness.run(Self.unschedule(), by: People.secretary, on: "2025-03-24")
        #expect(harness.state == "at_supreme")
        #expect(harness.nomination?.councilSessionID == nil)
        // The first review's result stays: the proposal still goes to the Supreme council on it.
        #expect(harness.nomination?.councilResult?.sessionID == "P1")
    }

    /// Only the secretary or the standing office of a unit covering the council moves a
    /// nomination; the unit officer may still withdraw it.
    @Test func otherRolesMayNotMoveIt() throws {
        var harness = try scheduledFighter(session: try convenedSession(id: "S1", date: "2025-01-20"))
        let second = try convenedSession(id: "S2", date: "2025-01-27")
        for actor in [People.officer, People.head, People.inspector] {
            for command in [Self.unschedule(), Self.reschedule(to: "S2")] {
                let error = #expect(throws: DomainError.self) {
                    try harness.run(command, by: actor, on: "2025-01-21", session: second)
                }
                #expect(error?.code == .roleNotAllowed, "\(actor.id) ran \(command.name)")
            }
        }
        #expect(harness.nomination?.availableCommands(for: ["council_secretary"], workflows: harness.configuration.workflows)
            == ["record_council_result", "reschedule", "unschedule"])
        #expect(harness.nomination?.availableCommands(for: ["standing_office"], workflows: harness.configuration.workflows)
            == ["reschedule", "unschedule", "place_hold"])
        #expect(harness.events.count == 3, "nothing decided")
    }

    /// A provincial secretary covers the nominee's unit but not the Supreme council, whose agenda
    /// holds a sector title: it may not take the nomination off that agenda, nor move it.
    @Test func aSecretaryOfAUnitNotCoveringTheCouncilMayNotMoveIt() throws {
        var harness = try scheduledFighter(session: try convenedSession(id: "S1", date: "2025-01-20"))
        let hanoiSecretary = People.secretary.with(role: "council_secretary", unit: People.unit)
        let unscheduling = #expect(throws: DomainError.self) {
            try harness.run(Self.unschedule(), by: hanoiSecretary, on: "2025-01-21")
        }
        #expect(unscheduling?.code == .unitNotAllowed)
        #expect(unscheduling?.message == "council_secretary of vksnd-hanoi may not act on vksndtc: vksnd-hanoi does not cover it")
        let rescheduling = #expect(throws: DomainError.self) {
            try harness.run(Self.reschedule(to: "S2"), by: hanoiSecretary, on: "2025-01-21",
                            session: try convenedSession(id: "S2", date: "2025-01-27"))
        }
        #expect(rescheduling?.code == .unitNotAllowed)
        let otherProvince = People.secretary.with(role: "council_secretary", unit: "vksnd-nghean")
        let stranger = #expect(throws: DomainError.self) { try harness.run(Self.unschedule(), by: otherProvince, on: "2025-01-21") }
        #expect(stranger?.code == .unitNotAllowed)
        #expect(harness.events.count == 3, "nothing decided")
    }

    /// The new session passes what scheduling checks: convened, open, of the council due; and it
    /// is another session than the one the nomination is on.
    @Test func theNewSessionPassesTheChecksOfScheduling() throws {
        var harness = try scheduledFighter(session: try convenedSession(id: "S1", date: "2025-01-20"))
        let notDue = #expect(throws: DomainError.self) {
            try harness.run(Self.reschedule(to: "S2"), by: People.secretary, on: "2025-01-21",
                            session: try convenedSession(id: "S2", date: "2025-01-27", council: People.unit))
        }
        #expect(notDue?.code == .councilNotDue)
        #expect(notDue?.message == "N1 of vksnd-hanoi is reviewed at stage 'scheduled' by the council of vksndtc, "
                + "not by the council of vksnd-hanoi (session S2)")

        let closed = #expect(throws: DomainError.self) {
            try harness.run(Self.reschedule(to: "S2"), by: People.secretary, on: "2025-01-21",
                            session: try Self.closed(try convenedSession(id: "S2", date: "2025-01-27")))
        }
        #expect(closed?.code == .sessionNotAvailable)
        #expect(closed?.message == "session S2 is closed")

        let unknown = #expect(throws: DomainError.self) {
            try harness.run(Self.reschedule(to: "S9"), by: People.secretary, on: "2025-01-21")
        }
        #expect(unknown?.code == .sessionNotAvailable)
        #expect(unknown?.message == "session S9 is not convened")

        let same = #expect(throws: DomainError.self) {
            try harness.run(Self.reschedule(to: "S1"), by: People.secretary, on: "2025-01-21",
                            session: try convenedSession(id: "S1", date: "2025-01-20"))
        }
        #expect(same?.code == .invalidCommand)
        #expect(same?.message == "nomination N1 is already on the agenda of session S1")
        #expect(harness.events.count == 3, "nothing decided")
    }

    @Test func aMoveNeedsAReason() throws {
        var harness = try scheduledFighter(session: try convenedSession(id: "S1", date: "2025-01-20"))
        let second = try convenedSession(id: "S2", date: "2025-01-27")
        for command in [Self.unschedule("  "), Self.reschedule(to: "S2", "")] {
            let error = #expect(throws: DomainError.self) {
                try harness.run(command, by: People.secretary, on: "2025-01-21", session: second)
            }
            #expect(error?.code == .invalidCommand, "\(command.name)")
            #expect(error?.message.hasPrefix("the reason for") == true, "\(command.name)")
        }
        #expect(harness.events.count == 3, "nothing decided")
    }

    /// Only a scheduled nomination moves: not one awaiting scheduling, not one its council
    /// decided on, and not while a hold stops its progress.
    @Test func onlyAScheduledNominationNotHeldMoves() throws {
        let session = try convenedSession(id: "S1", date: "2025-01-20")
        let second = try convenedSession(id: "S2", date: "2025-01-27")
        var accepted = Harness(configuration: try shippedConfiguration())
        try accepted.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
        try accepted.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        var decided = try scheduledFighter(session: session)
        try decided.run(.tally(session: "S1", inFavour: 11), by: People.secretary, on: "2025-01-20", session: session)
        for var harness in [accepted, decided] {
            for command in [Self.unschedule(), Self.reschedule(to: "S2")] {
                let error = #expect(throws: DomainError.self) {
                    try harness.run(command, by: People.secretary, on: "2025-01-21", session: second)
                }
                #expect(error?.code == .transitionNotAllowed, "\(command.name) in \(harness.state ?? "?")")
            }
        }

        var held = try scheduledFighter(session: session)
        try held.run(.placeHold(.init(nominationID: "N1", holdID: "H1", holdKind: "complaint", reference: "Đơn 3/2025")),
                     by: People.inspector, on: "2025-01-09")
        let error = #expect(throws: DomainError.self) { try held.run(Self.unschedule(), by: People.secretary, on: "2025-01-21") }
        #expect(error?.code == .holdActive)
    }

    /// A workflow file that offered the move after the council's decision would still not move a
    /// decided nomination: the result belongs to the session that recorded it.
    @Test func aDecidedNominationIsNotMovedWhateverTheWorkflowSays() throws {
        let files = try configFiles("workflows").map { file in
            (file.name, file.text.replacingOccurrences(
                of: "{ command: unschedule, from: scheduled, to: accepted,",
                with: "{ command: unschedule, from: [scheduled, council_reviewed], to: accepted,"))
        }
        let configuration = try DomainConfiguration.load(
            workflowFiles: files, ruleFiles: try configFiles("rules"), calendarFiles: try configFiles("calendar"),
            organizationFile: organizationFile())
        let session = try convenedSession(id: "S1", date: "2025-01-20")
        var harness = try scheduledFighter(session: session, configuration: configuration)
        try harness.run(.tally(session: "S1", inFavour: 11), by: People.secretary, on: "2025-01-20", session: session)
        let error = #expect(throws: DomainError.self) { try harness.run(Self.unschedule(), by: People.secretary, on: "2025-01-21") }
        #expect(error?.code == .sessionNotAvailable)
        #expect(error?.message == "the council decided on nomination N1 at session S1: a decided nomination is not moved")
    }

    /// Nominations in flight keep their workflow version: one scheduled under annual v2 has no
    /// move, and its way out stays withdrawal (see docs/workflows/annual.md).
    @Test func aNominationOfAnEarlierVersionKeepsItsTransitions() throws {
        let annual = try #require(try configFiles("workflows").first { $0.name.hasSuffix("annual.yaml") })
        let twoVersions = annual.text.components(separatedBy: "\n---\n").prefix(2).joined(separator: "\n---\n")
        let before = try DomainConfiguration.load(
            workflowFiles: try configFiles("workflows").filter { $0.name != annual.name } + [(annual.name, twoVersions)],
            ruleFiles: try configFiles("rules"), calendarFiles: try configFiles("calendar"), organizationFile: organizationFile())
        var harness = try scheduledFighter(session: try convenedSession(id: "S1", date: "2025-01-20"), configuration: before)
        #expect(harness.nomination?.workflowVersion == 2)
        harness.configuration = try shippedConfiguration()
        let error = #expect(throws: DomainError.self) { try harness.run(Self.unschedule(), by: People.secretary, on: "2025-01-21") }
        #expect(error?.code == .transitionNotAllowed)
        try harness.run(.withdraw(.init(nominationID: "N1", reason: "Phiên họp không quyết định được")), by: People.officer,
                        on: "2025-01-21")
        #expect(harness.state == "withdrawn")
    }

    @Test func theMovesRoundTripThroughJSON() throws {
        let first = try convenedSession(id: "S1", date: "2025-01-20")
        var harness = try scheduledFighter(session: first)
        let commands = [Self.reschedule(to: "S2"), Self.unschedule()]
        try harness.run(commands[0], by: People.secretary, on: "2025-01-20", session: try convenedSession(id: "S2", date: "2025-01-27"))
        try harness.run(commands[1], by: People.secretary, on: "2025-01-27")
        let moves = Array(harness.events.suffix(2))
        #expect(moves.map(\.type) == ["nomination.rescheduled", "nomination.unscheduled"])
        #expect(try JSONDecoder().decode([NominationEvent].self, from: try JSONEncoder().encode(moves)) == moves)
        #expect(try JSONDecoder().decode([NominationCommand].self, from: try JSONEncoder().encode(commands)) == commands)
        #expect(moves.map(\.nominationID) == ["N1", "N1"])
    }

    /// A payload as the event store keeps it.
    static func decode<Payload: NominationEventPayload>(_: Payload.Type, _ json: String) throws -> Payload {
        try JSONDecoder().decode(Payload.self, from: Data(json.utf8))
    }
}
