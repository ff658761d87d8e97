import Foundation

/// Converts between `Date` and PostgreSQL's text form of timestamps, keeping microseconds.
///
/// Done by hand rather than with `DateFormatter`: that is slow, and it rounds to milliseconds.
public enum PostgresTimestamp {
    /// `2026-11-29 02:14:32.123456+00`, the form PostgreSQL reads and writes.
    public static func format(_ date: Date) -> String {
        render(date, dateTimeSeparator: " ", zone: "+00")
    }

    /// `2026-11-29T02:14:32.123456Z`, for JSON.
    public static func formatISO8601(_ date: Date) -> String {
        render(date, dateTimeSeparator: "T", zone: "Z")
    }

    private static func render(_ date: Date, dateTimeSeparator: Character, zone: StaticString) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        // Years before 1 keep their sign and digits as they are; others get at least four digits.
        let yearText = year < 0 ? String(year) : ""
        var yearDigits = 4
        var yearBound: Int64 = 10_000
        while year >= yearBound {
            yearDigits += 1
            yearBound *= 10
        }
        // Written into one buffer: set-based writes render a timestamp per row, and the
        // interpolated form allocated a string per field.
        let time = String(unsafeUninitializedCapacity: 23 + yearDigits + zone.utf8CodeUnitCount) { buffer in
            var index = 0
            func put(_ value: Int64, digits: Int) {
                var value = value
                for offset in (0..<digits).reversed() {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                index += digits
            }
            func put(_ byte: UInt8) {
                buffer[index] = byte
                index += 1
            }
            if yearText.isEmpty { put(year, digits: yearDigits) }
            put(UInt8(ascii: "-")); put(month, digits: 2); put(UInt8(ascii: "-")); put(day, digits: 2)
            put(dateTimeSeparator.asciiValue!)
            put(secondOfDay / 3600, digits: 2); put(UInt8(ascii: ":"))
            put(secondOfDay / 60 % 60, digits: 2); put(UInt8(ascii: ":"))
            put(secondOfDay % 60, digits: 2); put(UInt8(ascii: ".")); put(fraction, digits: 6)
            for byte in UnsafeBufferPointer(start: zone.utf8Start, count: zone.utf8CodeUnitCount) { put(byte) }
            return index
        }
        return yearText + time
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH[:MM[:SS]]]`, or a bare date; nil otherwise.
    /// A time without a zone is taken as UTC.
    public static func parse(_ text: Substring) -> Date? {
        var scanner = Scanner(text.utf8)
        guard let year = scanner.number(), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = days(fromYear: year, month: month, day: day) * 86_400
        var micros: Int64 = 0
        if scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(digits: 2), scanner.skip(":"),
                  let minute = scanner.number(digits: 2), scanner.skip(":"),
                  let second = scanner.number(digits: 2),
                  hour <= 24, minute < 60, second < 61
            else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if scanner.skip(".") {
                var scale: Int64 = 100_000
                var digits = 0
                while let digit = scanner.digit() {
                    micros += digit * scale
                    scale /= 10
                    digits += 1
                }
                if digits == 0 { return nil }
            }
            if scanner.skip("Z") {
                // UTC
            } else if let sign = scanner.sign() {
                guard let offsetHours = scanner.number(digits: 2) else { return nil }
                var offset = offsetHours * 3600
                if scanner.skip(":"), let offsetMinutes = scanner.number(digits: 2) {
                    offset += offsetMinutes * 60
                    if scanner.skip(":"), let offsetSeconds = scanner.number(digits: 2) {
                        offset += offsetSeconds
                    }
                }
                seconds -= sign * offset
            }
        }
        guard scanner.isAtEnd else { return nil }
        return Date(timeIntervalSince1970: Double(seconds * 1_000_000 + micros) / 1_000_000)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    /// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a proleptic Gregorian date.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`, the inverse of `civil(fromDays:)`.
    private static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ view: Substring.UTF8View) { bytes = Array(view) }

        var isAtEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - 48)
        }

        mutating func number(digits: Int? = nil) -> Int64? {
            let start = index
            var value: Int64 = 0
            while digits.map({ index - start < $0 }) ?? true, let digit = digit() {
                value = value * 10 + digit
            }
            let count = index - start
            guard count > 0, digits.map({ count == $0 }) ?? (count <= 6) else { return nil }
            return value
        }

        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
