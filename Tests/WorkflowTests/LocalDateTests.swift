import Testing
import Workflow

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("2024-01-01", Weekday.monday), ("2024-02-10", .saturday), ("2025-04-26", .saturday),
        ("2026-04-26", .sunday), ("2027-02-06", .saturday), ("1970-01-01", .thursday), ("2000-02-29", .tuesday),
    ])
    func weekday(text: String, expected: Weekday) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.weekday == expected)
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2024-02-30", "2023-02-29", "2024-13-01", "24-01-01", "2024-1-01", "2024-01-01x", "", "+202-01-01",
        "2024-+1-01", "2024/01/01", "2024-01-0a", "２０２４-01-01", " 2024-01-01", "2024-00-10",
    ])
    func rejectsInvalidDates(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test(arguments: [(67, "0067-05-15"), (999, "0999-05-15"), (1, "0001-05-15"), (9999, "9999-05-15")])
    func writesEveryYearInFourDigitsAndReadsItBack(year: Int, text: String) throws {
        let date = try #require(LocalDate(year: year, month: 5, day: 15))
        #expect(date.description == text)
        #expect(LocalDate(iso: date.description) == date)
    }

    @Test func refusesYearsFourDigitsCannotWrite() {
        #expect(LocalDate(year: 0, month: 1, day: 1) == nil)
        #expect(LocalDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(LocalDate(year: -5, month: 1, day: 1) == nil)
    }

    @Test func addsDaysAcrossMonthsAndYears() throws {
        let date = try #require(LocalDate(iso: "2024-12-30"))
        #expect(date.adding(days: 3).description == "2025-01-02")
        #expect(date.adding(days: -365).description == "2023-12-31")
        #expect(try #require(LocalDate(iso: "2024-02-28")).adding(days: 1).description == "2024-02-29")
    }
}
