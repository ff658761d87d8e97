import Foundation
import Workflow

/// Times as a person in Vietnam reads them: on the wall clock of Hà Nội (UTC+7, no daylight saving).
enum VietnamTime {
    /// `06/12/2026 10:47` in Vietnamese, `2026-12-06 10:47` in English.
    static func text(_ date: Date, language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (year, month, day) = (c.year ?? 0, c.month ?? 0, c.day ?? 0)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        switch language {
        case .vietnamese: return String(format: "%02d/%02d/%04d ", day, month, year) + time
        case .english: return String(format: "%04d-%02d-%02d ", year, month, day) + time
        }
    }

    /// A day written `2026-12-09` as a person reads it: `09/12/2026` in Vietnamese, as is in English.
    static func day(_ iso: String, language: Language) -> String {
        let parts = iso.split(separator: "-")
        guard language == .vietnamese, parts.count == 3 else { return iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// A form's `datetime-local` value (`2026-12-06T10:47`), read on Vietnam's wall clock; nil when it is not one.
    static func parse(_ text: String) -> Date? {
        guard text.utf8.count == 16 else { return nil }
        return Timestamp.parse(text + ":00+07:00")
    }
}
