import Nominations
import Testing
import Workflow

/// Each guard and check failing on its own: everything else about the scenario is valid.
enum Refusal: String, CaseIterable, Sendable {
    case notEligibleTitles, notEligibleCollective, notEligibleInitiative, dossierIncomplete, capExceeded
    case thresholdNotReached, consultationNotFinished, holdActive, roleNotAllowed, transitionNotAllowed
    case unitNotAllowed, quorumNotMet, recusedMember, tallyExceedsVoters, sessionNotAvailable, alreadyExists
    case nominationNotFound, configurationMissing, invalidCommand

    var expectedCode: DomainError.Code {
        switch self {
        case .notEligibleTitles, .notEligibleCollective, .notEligibleInitiative: return .notEligible
        case .dossierIncomplete: return .dossierIncomplete
        case .capExceeded: return .capExceeded
        case .thresholdNotReached: return .thresholdNotReached
        case .consultationNotFinished: return .consultationNotFinished
        case .holdActive: return .holdActive
        case .roleNotAllowed: return .roleNotAllowed
        case .transitionNotAllowed: return .transitionNotAllowed
        case .unitNotAllowed: return .unitNotAllowed
        case .quorumNotMet: return .quorumNotMet
        case .recusedMember: return .recusedMember
        case .tallyExceedsVoters: return .tallyExceedsVoters
        case .sessionNotAvailable: return .sessionNotAvailable
        case .alreadyExists: return .alreadyExists
        case .nominationNotFound: return .nominationNotFound
        case .configurationMissing: return .configurationMissing
        case .invalidCommand: return .invalidCommand
        }
    }

    /// Brings a nomination to the point of the refusal and runs the refused command.
    func provoke() throws {
        let configuration = try shippedConfiguration()
        var harness = Harness(configuration: configuration)
        let session = try convenedSession()
        switch self {
        case .notEligibleTitles:
            let twoYears = NomineeHistory(titles: Array(fighterHistory.titles.dropFirst()), initiatives: fighterHistory.initiatives)
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: twoYears)
        case .notEligibleCollective:
            try harness.run(.submitFighter(nominee: People.team), by: People.officer, on: "2025-01-06", history: fighterHistory)
        case .notEligibleInitiative:
            let grassrootsInitiative = NomineeHistory(titles: fighterHistory.titles,
                                                      initiatives: [RecognisedInitiative(year: 2024, scope: .grassroots)])
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: grassrootsInitiative)
        case .dossierIncomplete:
            try harness.run(.submitFighter(docs: Array(fighterDocuments.dropLast())), by: People.officer, on: "2025-01-06",
                            history: fighterHistory)
            try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        case .capExceeded:
            try harness.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06",
                            history: fighterHistory)
            try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07",
                            capUsage: CapUsage(base: 20, alreadyAccepted: 3))
        case .thresholdNotReached:
            harness = try scheduledFighter(session: session)
            try harness.run(.tally(inFavour: 9, against: 2), by: People.secretary, on: "2025-01-20", session: session)
            try harness.run(.approve(.init(nominationID: "N1", decisionNumber: "1/QĐ", decisionDate: day("2025-01-21"))),
                            by: People.head, on: "2025-01-21")
        case .consultationNotFinished:
            harness = try heroInConsultation(openedOn: "2025-04-25")
            try harness.run(.closeConsultation(.init(nominationID: "N1")), by: People.office, on: "2025-05-13")
        case .holdActive:
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
            try harness.run(.placeHold(.init(nominationID: "N1", holdID: "H1", holdKind: "complaint", reference: "Đơn tố cáo 12")),
                            by: People.inspector, on: "2025-01-07")
            try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        case .roleNotAllowed:
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
            try harness.run(.accept(.init(nominationID: "N1")), by: People.officer, on: "2025-01-07")
        case .transitionNotAllowed:
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
            try harness.run(.approve(.init(nominationID: "N1", decisionNumber: "1/QĐ", decisionDate: day("2025-01-07"))),
                            by: People.head, on: "2025-01-07")
        case .unitNotAllowed:
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
            try harness.run(.withdraw(.init(nominationID: "N1", reason: "Nhầm hồ sơ")), by: People.otherOfficer, on: "2025-01-07")
        case .quorumNotMet:
            let thin = try convenedSession(total: 11, present: 7)
            harness = try scheduledFighter(session: thin)
            try harness.run(.tally(inFavour: 7), by: People.secretary, on: "2025-01-20", session: thin)
        case .recusedMember:
            let recused = try convenedSession(total: 11, present: 9, recusals: [("m10", "N1")])
            harness = try scheduledFighter(session: recused)
            try harness.run(.tally(inFavour: 9, ballots: WrittenBallots(from: ["m10"], inFavour: 1)),
                            by: People.secretary, on: "2025-01-20", session: recused)
        case .tallyExceedsVoters:
            let recused = try convenedSession(recusals: [("m1", "N1")])
            harness = try scheduledFighter(session: recused)
            try harness.run(.tally(inFavour: 11), by: People.secretary, on: "2025-01-20", session: recused)
        case .sessionNotAvailable:
            harness = try scheduledFighter(session: session)
            let other = try convenedSession(id: "S9")
            try harness.run(.tally(session: "S9", inFavour: 11), by: People.secretary, on: "2025-01-20", session: other)
        case .alreadyExists:
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
        case .nominationNotFound:
            try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        case .configurationMissing:
            // The 10-working-day deadline of a submission at the end of 2027 falls in 2028, which no calendar covers.
            try harness.run(.submitFighter(), by: People.officer, on: "2027-12-27", history: fighterHistory)
        case .invalidCommand:
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
            try harness.run(.returnForAmendment(.init(nominationID: "N1", reasons: [" "])), by: People.office, on: "2025-01-07")
        }
    }
}

/// A Labour Hero proposal with its public consultation opened on `openedOn`.
func heroInConsultation(openedOn: String) throws -> Harness {
    var harness = Harness(configuration: try shippedConfiguration())
    for step in try Path.labourHero.steps().prefix(8) {
        try harness.run(step.command, by: step.actor, on: step.date, history: step.history, session: step.session)
    }
    try harness.run(.openConsultation(.init(nominationID: "N1")), by: People.office, on: openedOn)
    return harness
}

@Suite struct GuardTests {
    @Test(arguments: Refusal.allCases)
    func refusesWithItsCode(refusal: Refusal) {
        let error = #expect(throws: DomainError.self) { try refusal.provoke() }
        #expect(error?.code == refusal.expectedCode, "\(error?.message ?? "")")
        #expect(error?.message.isEmpty == false)
    }

    @Test func explainsARefusedEligibilityInWords() throws {
        let twoYears = NomineeHistory(titles: Array(fighterHistory.titles.dropFirst()), initiatives: fighterHistory.initiatives)
        var harness = Harness(configuration: try shippedConfiguration())
        let error = #expect(throws: DomainError.self) {
            try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: twoYears)
        }
        #expect(error?.message == "grassroots_emulation_fighter held in 2023, 2024; 3 consecutive years ending 2023 or 2024 "
            + "required: not met; a recognised initiative of sector effect in 2022–2024: found; not eligible")
    }

    @Test func explainsAMissingYearInTheCalendar() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let error = #expect(throws: DomainError.self) {
            try harness.run(.submitFighter(), by: People.officer, on: "2027-12-27", history: fighterHistory)
        }
        #expect(error?.message == "the working-day calendar has no entry for 2028 (covered: 2024, 2025, 2026, 2027)")
    }
}
