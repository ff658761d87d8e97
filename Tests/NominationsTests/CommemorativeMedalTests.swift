import Nominations
import Testing
import Workflow

/// The commemorative medal "Vì sự nghiệp Kiểm sát" under rule set 2025.1 (Circular 02/2024/TT-VKSTC
/// art. 21): 15 years of service by 26 July, days under discipline not counted, once per person.
@Suite struct CommemorativeMedalTests {
    func ruleSet() throws -> RuleSet { try #require(try shippedConfiguration().rules.ruleSet(version: "2025.1")) }

    func record(_ id: String = "cb-1", start: String, end: String? = nil, discipline: DisciplinePeriod? = nil) -> ServiceRecord {
        ServiceRecord(personID: id, name: "Nguyễn Văn An", unit: "vksnd-hanoi", sectorStart: day(start), sectorEnd: end.map(day),
                      discipline: discipline, row: 1)
    }

    func assessed(_ record: ServiceRecord, year: Int = 2026, awarded: [String: Int] = [:]) throws -> MedalAssessment {
        try #require(try CommemorativeMedal.assess([record], awarded: awarded, year: year, ruleSet: ruleSet()).first)
    }

    @Test func theRuleSetCarriesTheCircularsValuesWithTheirSource() throws {
        let rule = try #require(try ruleSet().title(CommemorativeMedal.title)?.service)
        #expect(rule.years == 15 && rule.cutoffMonth == 7 && rule.cutoffDay == 26)
        #expect(!rule.disciplineTimeCounts && rule.oncePerPerson)
        #expect(rule.source.contains("Circular 02/2024/TT-VKSTC") && rule.source.contains("art. 21"))
        #expect(try ruleSet().title(CommemorativeMedal.title)?.authority.decidedBy == .sectorHead)
    }

    @Test func exactlyFifteenYearsOnTheCutoffQualifies() throws {
        let assessment = try assessed(record(start: "2011-07-26"))
        #expect(assessment.qualifies)
        #expect(assessment.qualifiesOn == day("2026-07-26"))
        #expect(assessment.yearsCounted == 15)
        #expect(assessment.explanation.satisfied)
        #expect(assessment.explanation.rule == "titles.commemorative_medal.service")
        #expect(assessment.explanation.text.contains("qualifies"))
    }

    @Test func oneDayShortDoesNotQualify() throws {
        let assessment = try assessed(record(start: "2011-07-27"))
        #expect(assessment.reason == .serviceTooShort)
        #expect(assessment.qualifiesOn == day("2026-07-27"))
        #expect(assessment.yearsCounted == 14)
        #expect(!assessment.explanation.satisfied)
        // The same person qualifies the next year.
        #expect(try assessed(record(start: "2011-07-27"), year: 2027).qualifies)
    }

    @Test func serviceEndingTheDayBeforeTheAnniversaryCountsItsLastDay() throws {
        // In the sector from 26 July 2005 to 25 July 2020 inclusive: exactly 15 years, retired since.
        #expect(try assessed(record(start: "2005-07-26", end: "2020-07-25")).qualifies)
        let short = try assessed(record(start: "2005-07-26", end: "2020-07-24"))
        #expect(short.reason == .serviceTooShort)
        #expect(short.explanation.text.contains("ended before"))
    }

    @Test func daysUnderDisciplineDoNotCount() throws {
        // Ten days of reprimand push the fifteen years from 26 July to 5 August 2026.
        let measure = DisciplinePeriod(from: day("2018-03-01"), to: day("2018-03-10"))
        let late = try assessed(record(start: "2011-07-26", discipline: measure))
        #expect(late.reason == .serviceTooShort)
        #expect(late.qualifiesOn == day("2026-08-05"))
        #expect(late.yearsCounted == 14)
        #expect(late.explanation.inputs.contains(Explanation.Input("discipline_days_not_counted", "10")))
        // Entering ten days earlier makes up for them exactly.
        #expect(try assessed(record(start: "2011-07-16", discipline: measure)).qualifies)
        #expect(try assessed(record(start: "2011-07-17", discipline: measure)).reason == .serviceTooShort)
    }

    @Test func aMeasureStillServedOnTheCutoffExcludes() throws {
        let open = DisciplinePeriod(from: day("2026-05-01"), to: nil)
        let assessment = try assessed(record(start: "2000-01-01", discipline: open))
        #expect(assessment.reason == .underDiscipline)
        let ending = DisciplinePeriod(from: day("2026-05-01"), to: day("2026-07-26"))
        #expect(try assessed(record(start: "2000-01-01", discipline: ending)).reason == .underDiscipline)
        let ended = DisciplinePeriod(from: day("2026-05-01"), to: day("2026-07-25"))
        #expect(try assessed(record(start: "2000-01-01", discipline: ended)).qualifies)
    }

    @Test func aPersonAlreadyAwardedIsExcluded() throws {
        let assessment = try assessed(record(start: "2000-01-01"), awarded: ["cb-1": 2021])
        #expect(assessment.reason == .alreadyAwarded)
        #expect(assessment.explanation.text.contains("2021"))
        #expect(try assessed(record(start: "2000-01-01"), awarded: ["cb-2": 2021]).qualifies)
    }

    @Test func theCandidatesAreThoseWhoQualifyInTheRecordsOrder() throws {
        let records = [record("cb-1", start: "2011-07-26"), record("cb-2", start: "2011-07-27"), record("cb-3", start: "1990-01-01"),
                       record("cb-4", start: "1995-05-05")]
        let candidates = try CommemorativeMedal.candidates(records, awarded: ["cb-3": 2015], year: 2026, ruleSet: ruleSet())
        #expect(candidates.map(\.record.personID) == ["cb-1", "cb-4"])
    }

    @Test func aTwentyNinthOfFebruaryReachesItsYearsOnTheFirstOfMarch() throws {
        #expect(try assessed(record(start: "2012-02-29"), year: 2027).qualifiesOn == day("2027-03-01"))
        #expect(try assessed(record(start: "2013-02-28"), year: 2028).qualifiesOn == day("2028-02-28"))
    }

    @Test func theYearIsAssessedUnderTheRuleSetInForceOnItsCutoff() throws {
        let rules = try shippedConfiguration().rules
        #expect(CommemorativeMedal.ruleSet(for: 2026, in: rules)?.version == "2025.1")
        #expect(CommemorativeMedal.ruleSet(for: 2025, in: rules)?.version == "2025.1")
        // 26 July 2024 fell under 2024.1, which predates the circular's article and has no medal.
        #expect(CommemorativeMedal.ruleSet(for: 2024, in: rules) == nil)
        let older = try #require(rules.ruleSet(version: "2024.1"))
        #expect(throws: DomainError.self) { try CommemorativeMedal.assess([], awarded: [:], year: 2024, ruleSet: older) }
    }

    @Test func theLatestImportOfAPersonsRecordStands() {
        let first = ServiceRecordImportRecorded(fileSHA256: "a", recordedBy: "office-1", recordedOn: day("2026-01-05"),
                                                records: [record("cb-1", start: "2000-01-01"), record("cb-2", start: "2001-01-01")])
        let second = ServiceRecordImportRecorded(fileSHA256: "b", recordedBy: "office-1", recordedOn: day("2026-02-05"),
                                                 records: [record("cb-1", start: "2000-01-01", end: "2025-12-31")])
        let records = ServiceRecordIndex.latestRecords([first, second])
        #expect(records.map(\.personID) == ["cb-1", "cb-2"])
        #expect(records.first?.sectorEnd == day("2025-12-31"))
    }
}
