import Foundation
import Testing
import Workflow

/// Times are read strictly (a time that does not exist is refused, not rolled over) and written
/// the one way Laurel prints them.
@Suite struct TimestampTests {
    @Test(arguments: [
        "2026-03-01T09:00:00Z", "2026-03-01T16:00:00+07:00", "2026-03-01T02:30:00-06:30", "2024-02-29T23:59:59Z",
        "2026-03-01T09:00:00.25Z", "1969-12-31T23:59:59Z", "2026-03-01t09:00:00z",
    ])
    func existingTimesReadAsFoundationReadsThem(text: String) throws {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = try #require(reference.date(from: text.uppercased()))
        #expect(Timestamp.parse(text) == expected)
    }

    @Test(arguments: [
        "2026-02-30T10:00:00Z", "2026-11-31T10:00:00Z", "2026-03-01T24:30:00Z", "2026-03-01T23:60:00Z", "2026-03-01T23:59:60Z",
        "2026-03-01T10:00:00+24:00", "2026-03-01T10:00:00+07:60", "2026-03-01T10:00:00", "2026-03-01 10:00:00Z",
        "2026-03-01T10:00Z", "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00+0700", "２026-03-01T10:00:00Z", "", "2026-03-01",
        "2026-03-01T10:00:00Z ", "2026-13-01T10:00:00Z",
    ])
    func timesThatDoNotExistOrAreMalformedAreRefused(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func whatIsWrittenReadsBack() {
        var seconds = -86_400 * 400
        while seconds < 86_400 * 365 * 80 {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let text = Timestamp.format(date)
            #expect(Timestamp.parse(text) == date, "\(text)")
            seconds += 7_919_999
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_772_355_600.75)) == "2026-03-01T09:00:00Z")
    }

    @Test func theDayInVietnamTurnsAtFiveInTheAfternoonUTC() throws {
        let before = try #require(Timestamp.parse("2026-03-01T16:59:59Z"))
        let after = try #require(Timestamp.parse("2026-03-01T17:00:00Z"))
        #expect(LocalDate(inVietnamAt: before) == LocalDate(year: 2026, month: 3, day: 1))
        #expect(LocalDate(inVietnamAt: after) == LocalDate(year: 2026, month: 3, day: 2))
        let early = try #require(Timestamp.parse("1969-12-31T16:59:59Z"))
        #expect(LocalDate(inVietnamAt: early) == LocalDate(year: 1969, month: 12, day: 31))
    }
}
