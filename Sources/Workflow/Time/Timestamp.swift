import struct Foundation.Date

/// Times as Laurel reads and writes them, in one place for the whole package: RFC 3339
/// (`2026-03-01T09:00:00Z`, `2026-03-01T16:00:00.25+07:00`).
///
/// Strict, unlike Foundation's ISO 8601 formatter, which rolls `2026-02-30` over into March and
/// `T24:30` into the next day: a day, hour, minute, second or offset that does not exist is refused.
public enum Timestamp {
    /// The time `text` names, or nil when it is not an RFC 3339 time that exists.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// `date` in UTC to the second, as responses and the command-line tool print times.
    public static func format(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: secondsPerDay)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + secondsPerDay) : (days, secondOfDay)
        return "\(LocalDate(daysSinceEpoch: day))T\(twoDigits(second / 3600)):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60))Z"
    }

    static let secondsPerDay = 86_400

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        // YYYY-MM-DDTHH:MM:SS, then an optional fraction, then Z or ±HH:MM.
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let date = LocalDate(iso: String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<10]), as: UTF8.self)),
              let hour = number(bytes, 11..<13), hour < 24,
              let minute = number(bytes, 14..<16), minute < 60,
              let second = number(bytes, 17..<19), second < 60 else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, let digit = digit(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":"),
                  let hours = number(bytes, index + 1..<index + 3), hours < 24,
                  let minutes = number(bytes, index + 4..<index + 6), minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let seconds = date.daysSinceEpoch * secondsPerDay + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        let digit = byte &- UInt8(ascii: "0")
        return digit < 10 ? Int(digit) : nil
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            guard let digit = digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

extension LocalDate {
    /// Vietnam keeps UTC+7 all year (no daylight saving), so no time zone database is needed.
    public static let vietnamOffsetSeconds = 7 * 3600

    /// The day it is in Vietnam at `date`.
    public init(inVietnamAt date: Date) {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + Self.vietnamOffsetSeconds
        let days = seconds >= 0 ? seconds / Timestamp.secondsPerDay : (seconds - Timestamp.secondsPerDay + 1) / Timestamp.secondsPerDay
        self.init(daysSinceEpoch: days)
    }
}
