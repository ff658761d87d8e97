import Nominations
import Testing
import Workflow

@Suite struct ConsultationTests {
    /// Ten working days of public consultation, across weekends, make-up Saturdays and holidays.
    @Test(arguments: [
        ("2025-04-25", "2025-05-13"),  // make-up Saturday 26/4 counts; 30/4, 1/5 and swapped 2/5 do not
        ("2025-08-28", "2025-09-15"),  // National Day 1–2/9
        ("2026-02-12", "2026-03-05"),  // Tết 2026
        ("2026-04-23", "2026-05-12"),  // Hùng Kings' compensatory day 27/4, then 30/4 and 1/5
    ])
    func closesAfterTenWorkingDays(openedOn: String, lastDay: String) throws {
        var harness = try heroInConsultation(openedOn: openedOn)
        #expect(harness.nomination?.consultation?.closesOn == day(lastDay))
        let error = #expect(throws: DomainError.self) {
            try harness.run(.closeConsultation(.init(nominationID: "N1")), by: People.office, on: lastDay)
        }
        #expect(error?.code == .consultationNotFinished)
        try harness.run(.closeConsultation(.init(nominationID: "N1")), by: People.office, on: day(lastDay).adding(days: 1).description)
        #expect(harness.state == "consulted")
    }

    /// A comment counts on the period's last day, and is refused the day after, even while the
    /// consultation has not yet been closed.
    @Test func takesCommentsUntilTheLastDay() throws {
        var harness = try heroInConsultation(openedOn: "2025-04-25")
        try harness.run(.recordComment(.init(nominationID: "N1", commenter: "Công dân", comment: "Đồng ý")),
                        by: People.office, on: "2025-05-13")
        #expect(harness.nomination?.consultation?.comments.count == 1)
        let error = #expect(throws: DomainError.self) {
            try harness.run(.recordComment(.init(nominationID: "N1", commenter: "Công dân", comment: "Muộn")),
                            by: People.office, on: "2025-05-14")
        }
        #expect(error?.code == .consultationEnded)
        #expect(error?.message.contains("2025-05-13") == true)
        #expect(harness.nomination?.consultation?.comments.count == 1)
    }

    @Test func explainsThePeriod() throws {
        let harness = try heroInConsultation(openedOn: "2025-04-25")
        guard case .consultationOpened(let opened) = harness.events.last else {
            Issue.record("expected the consultation to open")
            return
        }
        #expect(opened.explanation.text == "public consultation opened on 2025-04-25 for 10 working days; the last day is 2025-05-13")
        #expect(opened.explanation.source.hasPrefix("Decree 98/2023/NĐ-CP art. 46(1)"))
    }
}

@Suite struct PinningTests {
    /// Decree 152/2025 (rule set 2025.1, from 2025-07-01) stops ad hoc awards counting toward higher
    /// awards: the same history is eligible the day before and not on the day.
    @Test(arguments: [("2025-06-30", true), ("2025-07-01", false)])
    func adHocAwardsStopCountingUnderDecree152(submittedOn: String, eligible: Bool) throws {
        let history = NomineeHistory(
            titles: [HeldTitle(title: "grassroots_emulation_fighter", year: 2022, wasAdHoc: false),
                     HeldTitle(title: "grassroots_emulation_fighter", year: 2023, wasAdHoc: true),
                     HeldTitle(title: "grassroots_emulation_fighter", year: 2024, wasAdHoc: false)],
            initiatives: fighterHistory.initiatives)
        var harness = Harness(configuration: try shippedConfiguration())
        if eligible {
            try harness.run(.submitFighter(), by: People.officer, on: submittedOn, history: history)
            #expect(harness.nomination?.ruleSetVersion == "2024.1")
        } else {
            let error = #expect(throws: DomainError.self) {
                try harness.run(.submitFighter(), by: People.officer, on: submittedOn, history: history)
            }
            #expect(error?.code == .notEligible)
            #expect(error?.message.contains("ad hoc and thematic awards not counted") == true)
        }
    }

    /// A nomination keeps the rule set of its submission date: submitted under 2017.1 (recusal of the
    /// nominee only) it is tallied under 2017.1 even in 2024, where 2024.1 would recuse the unit's members.
    @Test(arguments: [("2023-12-28", "2017.1", 10, false), ("2024-01-02", "2024.1", 8, true)])
    func keepsTheRuleSetOfItsSubmissionDate(submittedOn: String, version: String, base: Int, recommended: Bool) throws {
        var harness = Harness(configuration: try configurationWith2023())
        let history = NomineeHistory(
            titles: [2021, 2022, 2023].map { HeldTitle(title: "grassroots_emulation_fighter", year: $0, wasAdHoc: false) },
            initiatives: [RecognisedInitiative(year: 2023, scope: .sector)])
        let session = try convenedSession(total: 10, fromNomineeUnit: 2, date: "2024-01-15")
        try harness.run(.submitFighter(year: 2023), by: People.officer, on: submittedOn, history: history)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2024-01-03")
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2024-01-04",
                        session: session)
        try harness.run(.tally(inFavour: 8, against: 0), by: People.secretary, on: "2024-01-15", session: session)
        let result = try #require(harness.nomination?.councilResult)
        #expect(harness.nomination?.ruleSetVersion == version)
        #expect(result.threshold.ruleSetVersion == version)
        #expect(result.votingBase == base)
        #expect(result.recommended == recommended)
    }

    /// A nomination keeps its workflow version: adding annual v2 (which checks the cap at intake)
    /// does not change a nomination submitted under v1.
    @Test func keepsTheWorkflowVersionOfItsSubmission() throws {
        let shipped = try shippedConfiguration()
        let annual = try #require(try configFiles("workflows").first { $0.name.hasSuffix("annual.yaml") })
        let firstVersionOnly = String(try #require(annual.text.components(separatedBy: "\n---\n").first))
        let before = try DomainConfiguration.load(
            workflowFiles: try configFiles("workflows").filter { $0.name != annual.name } + [(annual.name, firstVersionOnly)],
            ruleFiles: try configFiles("rules"), calendarFiles: try configFiles("calendar"), organizationFile: organizationFile())

        var inFlight = Harness(configuration: before)
        try inFlight.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06",
                         history: fighterHistory)
        #expect(inFlight.nomination?.workflowVersion == 1)
        inFlight.configuration = shipped
        try inFlight.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07", capUsage: nil)
        #expect(inFlight.state == "accepted")

        var fresh = Harness(configuration: shipped)
        try fresh.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06",
                      history: fighterHistory)
        #expect(fresh.nomination?.workflowVersion == shipped.workflows.latest(kind: "annual")?.version)
        let error = #expect(throws: DomainError.self) {
            try fresh.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07", capUsage: nil)
        }
        #expect(error?.code == .configurationMissing)
    }
}
