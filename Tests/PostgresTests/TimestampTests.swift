import Foundation
import Postgres
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        // A Date keeps microseconds only within a few centuries of 2001; whole seconds anywhere.
        "1970-01-01 00:00:00.000000+00", "2026-11-29 02:14:32.123456+00", "0067-05-15 13:04:05.000000+00",
        "9999-12-31 23:59:59.000000+00", "10000-01-01 00:00:00.000000+00", "1900-02-28 12:00:00.500000+00",
    ])
    func writesWhatItReads(text: String) throws {
        let date = try #require(PostgresTimestamp.parse(Substring(text)))
        #expect(PostgresTimestamp.format(date) == text)
        #expect(PostgresTimestamp.formatISO8601(date) == text.replacingOccurrences(of: " ", with: "T")
            .replacingOccurrences(of: "+00", with: "Z"))
    }

    @Test func everyMicrosecondSurvivesTheRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // Whole microseconds from 1901 to 2099, where a Date (a Double of seconds since 2001)
            // still tells one microsecond from the next.
            let micros = Int64.random(in: -2_145_916_800_000_000...4_102_444_799_999_999, using: &generator)
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let text = PostgresTimestamp.format(date)
            let back = try #require(PostgresTimestamp.parse(Substring(text)), "\(text)")
            #expect(Int64((back.timeIntervalSince1970 * 1_000_000).rounded()) == micros, "\(text)")
        }
    }
}
