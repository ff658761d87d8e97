import Foundation
import PropertyBased
import Testing
import Workflow

@Suite struct WorkingCalendarTests {
    /// 2025 with Reunification Day, Labour Day, a swapped Friday and a make-up Saturday.
    static let calendarText = """
        year: 2025
        source: "Labour Code 2019 art. 112"
        days_off:
          - { date: 2025-04-30, name: "Reunification Day", source: "art. 112(1)(d)" }
          - { date: 2025-05-01, name: "Labour Day", source: "art. 112(1)(đ)" }
          - { date: 2025-05-02, name: "Swapped day", source: "announced", announced: true }
        working_days:
          - { date: 2025-04-26, name: "Make-up Saturday", source: "announced", announced: true }
        """

    let calendar: WorkingCalendar

    init() throws {
        calendar = try WorkingCalendar.load(files: [("config/calendar/2025.yaml", Self.calendarText)])
    }

    @Test(arguments: [
        ("2025-04-25", 1, "2025-04-26"),  // the make-up Saturday is worked
        ("2025-04-26", 1, "2025-04-28"),  // Sunday is not
        ("2025-04-29", 1, "2025-05-05"),  // three days off, then the weekend
        ("2025-04-25", 10, "2025-05-13"),
        ("2025-05-09", 0, "2025-05-09"),
    ])
    func addsWorkingDays(start: String, days: Int, expected: String) throws {
        #expect(try calendar.adding(workingDays: days, to: date(start)) == date(expected))
    }

    @Test func countsWorkingDaysBetween() throws {
        #expect(try calendar.workingDays(after: date("2025-04-25"), through: date("2025-05-13")) == 10)
        #expect(try calendar.workingDays(after: date("2025-05-13"), through: date("2025-04-25")) == 0)
    }

    @Test func refusesAYearItDoesNotCover() {
        let error = #expect(throws: WorkingCalendar.YearNotCovered.self) {
            try calendar.adding(workingDays: 5, to: date("2025-12-29"))
        }
        #expect(error?.description == "the working-day calendar has no entry for 2026 (covered: 2025)")
    }

    @Test(arguments: [
        ("{ date: 2025-05-01, name: \"Labour Day\", source: \"art. 112(1)(đ)\" }", "{ date: 2025-05-03, name: \"Labour Day\", source: \"art. 112\" }",
         "config/calendar/2025.yaml:5: 2025-05-03 is a saturday; expected a weekday (list the compensatory weekday instead)"),
        ("{ date: 2025-05-01, name: \"Labour Day\", source: \"art. 112(1)(đ)\" }", "{ date: 2025-05-01, name: \"Labour Day\" }",
         "config/calendar/2025.yaml:5: 'Labour Day' has no source"),
        ("{ date: 2025-05-01, name: \"Labour Day\", source: \"art. 112(1)(đ)\" }", "{ date: 2026-05-01, name: \"Labour Day\", source: \"art. 112\" }",
         "config/calendar/2025.yaml:5: 2026-05-01 is not in 2025"),
        ("{ date: 2025-04-26, name: \"Make-up Saturday\"", "{ date: 2025-04-28, name: \"Make-up Saturday\"",
         "config/calendar/2025.yaml:8: 2025-04-28 is a monday; expected a weekend day"),
        ("{ date: 2025-05-01, name: \"Labour Day\", source: \"art. 112(1)(đ)\" }", "{ date: 2025-05-32, name: \"Labour Day\", source: \"art. 112\" }",
         "config/calendar/2025.yaml:5: '2025-05-32' is not a YYYY-MM-DD date"),
    ])
    func reportsErrorsWithFileAndLine(original: String, replacement: String, expected: String) {
        let text = Self.calendarText.replacingFirst(original, with: replacement)
        #expect(text != Self.calendarText)
        do {
            _ = try WorkingCalendar.load(files: [("config/calendar/2025.yaml", text)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == [expected])
        }
    }

    /// Each year's days are looked up in a table by their number: every day of the year reads as
    /// its lists and its weekday say.
    @Test func everyDayOfTheYearIsWorkedAsItsListsSay() throws {
        let year = try #require(calendar.years[2025])
        var day = date("2025-01-01")
        var days = 0
        while day.year == 2025 {
            let listed = day.isWeekend ? year.workingWeekendDays[day] != nil : year.daysOff[day] == nil
            #expect(try calendar.isWorkingDay(day) == listed, "\(day)")
            day = day.adding(days: 1)
            days += 1
        }
        #expect(days == 365)
    }

    /// A period runs on from one year's table into the next when the calendar covers both.
    @Test func aPeriodRunsIntoTheNextYear() throws {
        let next = WorkingCalendar.Year(year: 2026, daysOff: [date("2026-01-01"): "New Year's Day"], workingWeekendDays: [:])
        let both = WorkingCalendar(years: [try #require(calendar.years[2025]), next])
        // Tuesday 30 December: Wednesday 31, New Year's Day off, Friday 2, the weekend, Monday 5.
        #expect(try both.adding(workingDays: 3, to: date("2025-12-30")) == date("2026-01-05"))
        #expect(try both.workingDays(after: date("2025-12-30"), through: date("2026-01-05")) == 3)
        #expect(try both.isWorkingDay(date("2026-01-01")) == false)
    }

    /// A leap year's table has its 29 February and its 366th day.
    @Test func aLeapYearHasEveryDay() throws {
        let leap = WorkingCalendar(years: [.init(year: 2024, daysOff: [:], workingWeekendDays: [:])])
        #expect(try leap.isWorkingDay(date("2024-02-29")))  // a Thursday
        #expect(try leap.isWorkingDay(date("2024-12-31")))  // a Tuesday
        #expect(try leap.workingDays(after: date("2024-01-01"), through: date("2024-12-31")) == 261)
    }

    @Test func countingInvertsAdding() async {
        await propertyCheck(input: Gen.int(in: 0...300), Gen.int(in: 0...40)) { offset, days in
            let start = date("2025-01-01").adding(days: offset)
            guard let end = try? calendar.adding(workingDays: days, to: start) else { return }
            #expect((try? calendar.workingDays(after: start, through: end)) == days)
            #expect(days == 0 || (try? calendar.isWorkingDay(end)) == true)
        }
    }
}
