import Nominations
import Testing
import Workflow

/// Advanced worker (Lao động tiên tiến) needs a task rating of "well" or better for the year;
/// grassroots emulation fighter needs advanced worker the same year; and the grassroots cap is a
/// share of the unit's advanced workers, not of its headcount.
@Suite struct AdvancedWorkerTests {
    static let registered = EmulationRegistration(individuals: [
        "advanced_worker": [RegisteredPerson(id: People.prosecutor.id, name: People.prosecutor.name)],
        "grassroots_emulation_fighter": [RegisteredPerson(id: People.prosecutor.id, name: People.prosecutor.name)],
    ])

    static let advancedWorker = NominationCommand.submitFighter(
        docs: documents(["submission", "achievement_report", "review_minutes"]), title: "advanced_worker", year: 2026)

    @Test(arguments: [(TaskRating?.none, false), (.notCompleted, false), (.completed, false), (.well, true), (.excellent, true)])
    func anAdvancedWorkerNeedsARatingOfWellOrBetter(rating: TaskRating?, allowed: Bool) throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let year = NomineeYear(registration: Self.registered, taskRating: rating)
        if allowed {
            try harness.run(Self.advancedWorker, by: People.officer, on: "2026-12-01", nomineeYear: year)
            #expect(harness.state == "submitted")
            #expect(harness.nomination?.title == "advanced_worker")
        } else {
            let refused = #expect(throws: DomainError.self) {
                try harness.run(Self.advancedWorker, by: People.officer, on: "2026-12-01", nomineeYear: year)
            }
            #expect(refused?.code == .taskRatingTooLow)
            #expect(refused?.message.contains("titles.advanced_worker.eligibility.task_rating") == true)
            #expect(refused?.message.contains("well or better required") == true)
        }
    }

    @Test func theHeadOfTheUnitDecidesAnAdvancedWorker() throws {
        let rule = try #require(try shippedConfiguration().rules.ruleSet(version: "2025.1")?.title("advanced_worker"))
        #expect(rule.authority.decidedBy == .unitHead)
        #expect(rule.authority.source.contains("art. 80(1)"))
        #expect(rule.nomineeType == .individual)
        #expect(rule.kind == "annual")
    }

    @Test func aGrassrootsFighterNeedsAnAdvancedWorkerTheSameYear() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let grassroots = NominationCommand.submitFighter(title: "grassroots_emulation_fighter", year: 2026)
        let initiative = NomineeHistory(initiatives: [RecognisedInitiative(year: 2026, scope: .grassroots)])
        let refused = #expect(throws: DomainError.self) {
            try harness.run(grassroots, by: People.officer, on: "2026-12-01", history: initiative,
                            nomineeYear: NomineeYear(registration: Self.registered, taskRating: .excellent))
        }
        #expect(refused?.code == .sameYearTitleMissing)
        #expect(refused?.message.contains("titles.grassroots_emulation_fighter.eligibility.same_year") == true)
        try harness.run(grassroots, by: People.officer, on: "2026-12-01", history: initiative,
                        nomineeYear: NomineeYear(registration: Self.registered, candidacies: [TitleRule.advancedWorker]))
        #expect(harness.state == "submitted")
    }

    /// An advanced worker award the nominee's awards stream holds for the year (an imported one has
    /// no candidacy) counts as one under way does; another year's does not.
    @Test func anAdvancedWorkerAwardOfTheSameYearCountsWithoutACandidacy() throws {
        let grassroots = NominationCommand.submitFighter(title: "grassroots_emulation_fighter", year: 2026)
        let initiatives = [RecognisedInitiative(year: 2026, scope: .grassroots)]
        let year = NomineeYear(registration: Self.registered)
        var lastYear = Harness(configuration: try shippedConfiguration())
        let refused = #expect(throws: DomainError.self) {
            try lastYear.run(grassroots, by: People.officer, on: "2026-12-01", history: NomineeHistory(
                titles: [HeldTitle(title: "advanced_worker", year: 2025, wasAdHoc: false)], initiatives: initiatives), nomineeYear: year)
        }
        #expect(refused?.code == .sameYearTitleMissing)
        var awarded = Harness(configuration: try shippedConfiguration())
        try awarded.run(grassroots, by: People.officer, on: "2026-12-01", history: NomineeHistory(
            titles: [HeldTitle(title: "advanced_worker", year: 2026, wasAdHoc: false)], initiatives: initiatives), nomineeYear: year)
        #expect(awarded.state == "submitted")
    }

    /// Every rule set counts the grassroots cap on advanced workers, as Decree 91/2017 does.
    @Test(arguments: ["2017.1", "2024.1", "2025.1"])
    func theGrassrootsCapIsAShareOfAdvancedWorkers(version: String) throws {
        let rules = try shippedConfiguration().rules
        let cap = try #require(rules.ruleSet(version: version)?.title("grassroots_emulation_fighter")?.cap)
        #expect(cap.base == .advancedWorkers)
        #expect(cap.share == Share("15%"))
        #expect(rules.ruleSet(version: version)?.title("advanced_worker") != nil)
        #expect(rules.ruleSet(version: version)?.title("grassroots_emulation_fighter")?.eligibility?.sameYear == ["advanced_worker"])
        #expect(rules.countsPlacesSomewhere("advanced_worker"), "advanced workers' places are counted, as the cap's base")
        #expect(!rules.capsSomewhere("advanced_worker"))
    }

    /// 15% of 6 advanced workers is 0.9: no grassroots fighter; of 7, one.
    @Test(arguments: [(6, false), (7, true)])
    func theCapIsCountedOnTheAdvancedWorkers(advancedWorkers: Int, allowed: Bool) throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06",
                        history: fighterHistory)
        let usage = CapUsage(base: advancedWorkers, alreadyAccepted: 0)
        if allowed {
            try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07", capUsage: usage)
            #expect(harness.state == "accepted")
            guard case .accepted(let accepted) = harness.events.last else { Issue.record("not accepted"); return }
            #expect(accepted.explanations.contains { $0.inputs.contains(.init("advanced_workers", "7")) })
        } else {
            let refused = #expect(throws: DomainError.self) {
                try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07", capUsage: usage)
            }
            #expect(refused?.code == .capExceeded)
            #expect(refused?.message.hasPrefix("1 nominations of 6 advanced workers = 16.7%") == true)
        }
    }
}

/// A unit's yearly task ratings: recorded by the unit (or the standing office covering it), each
/// person once per command, a change of rating with a reason.
@Suite struct TaskRatingTests {
    static let year = UnitYear(unit: People.unit, year: 2026)

    func record(_ ratings: [RatedPerson], reason: String? = nil, by actor: Actor = People.officer, on date: String = "2026-12-01",
                unitYear: UnitYear = year, into recorded: UnitTaskRatings = UnitTaskRatings()) throws(DomainError) -> UnitTaskRatings {
        let context = CommandContext(actor: actor, today: day(date), configuration: try! shippedConfiguration())
        let command = RecordTaskRatings(unitYear: unitYear, ratings: ratings, reason: reason)
        return try UnitTaskRatings.decide(command, recorded, context).reduce(recorded, UnitTaskRatings.evolve)
    }

    static let an = RatedPerson(personID: "staff-7", name: "Nguyễn Văn An", rating: .well)

    @Test func recordsAndChangesARatingWithAReason() throws {
        let rated = try record([Self.an])
        #expect(rated.rating(of: "staff-7") == .well)
        let excellent = RatedPerson(personID: "staff-7", name: "Nguyễn Văn An", rating: .excellent)
        let refused = #expect(throws: DomainError.self) { try record([excellent], into: rated) }
        #expect(refused?.code == .invalidCommand)
        #expect(refused?.message.contains("changing a rating needs a reason") == true)
        #expect(try record([excellent], reason: "Kết quả phúc tra", into: rated).rating(of: "staff-7") == .excellent)
        #expect(try record([Self.an], into: rated) == rated, "the same rating again changes nothing")
    }

    @Test func refusesAYearNotStartedAPersonTwiceAndAnotherUnitsOfficer() {
        let future = #expect(throws: DomainError.self) { try record([Self.an], unitYear: UnitYear(unit: People.unit, year: 2027)) }
        #expect(future?.message.contains("has not started") == true)
        let twice = #expect(throws: DomainError.self) { try record([Self.an, Self.an]) }
        #expect(twice?.message.contains("rated twice") == true)
        let other = #expect(throws: DomainError.self) { try record([Self.an], by: People.otherOfficer) }
        #expect(other?.code == .unitNotAllowed)
        let head = #expect(throws: DomainError.self) { try record([Self.an], by: People.unitHead) }
        #expect(head?.code == .roleNotAllowed)
    }

    @Test func theRatingsReadAsTheUnitsRecordsWordThem() {
        #expect(TaskRating.excellent.vietnamese == "Hoàn thành xuất sắc nhiệm vụ")
        #expect(TaskRating.well.vietnamese == "Hoàn thành tốt nhiệm vụ")
        #expect(TaskRating.completed < .well && .well < .excellent)
    }
}
