/// Working days in Vietnam: weekdays that are not public holidays or announced days off, plus the
/// weekend days the government has announced as make-up working days.
///
/// Every deadline and consultation period counts working days. A date in a year the calendar does
/// not cover is an error: guessing the holidays would silently move legal deadlines.
public struct WorkingCalendar: Sendable, Equatable {
    /// The days of one year that differ from the plain weekday/weekend rule.
    public struct Year: Sendable, Equatable {
        public let year: Int
        /// Weekdays that are not worked, with the reason (holiday name and source).
        public let daysOff: [LocalDate: String]
        /// Weekend days that are worked in exchange for a swapped day off.
        public let workingWeekendDays: [LocalDate: String]
        /// 1 January's day number (days since 1970-01-01).
        let firstDay: Int
        /// Whether each day of the year is worked, from 1 January: deadlines are counted a day at
        /// a time, and a table read by the day's number spares two dictionary lookups and two
        /// date conversions a day (a year-end's agenda computes one deadline for each of ten
        /// thousand nominations).
        let worked: [Bool]

        public init(year: Int, daysOff: [LocalDate: String], workingWeekendDays: [LocalDate: String]) {
            self.year = year
            self.daysOff = daysOff
            self.workingWeekendDays = workingWeekendDays
            let first = LocalDate.dayNumber(year: year, month: 1, day: 1)
            firstDay = first
            worked = (first..<LocalDate.dayNumber(year: year + 1, month: 1, day: 1)).map { number in
                let date = LocalDate(daysSinceEpoch: number)
                return date.isWeekend ? workingWeekendDays[date] != nil : daysOff[date] == nil
            }
        }

        /// Whether the day numbered `number` (days since 1970-01-01), which must fall in this year, is worked.
        func isWorked(_ number: Int) -> Bool { worked[number - firstDay] }

        /// Whether the day numbered `number` falls in this year.
        func contains(_ number: Int) -> Bool { number >= firstDay && number - firstDay < worked.count }
    }

    /// The date's year is not in the calendar.
    public struct YearNotCovered: Error, Sendable, Equatable, CustomStringConvertible {
        public let year: Int
        public let covered: [Int]

        public var description: String {
            "the working-day calendar has no entry for \(year) (covered: \(covered.map(String.init).joined(separator: ", ")))"
        }
    }

    public let years: [Int: Year]

    public init(years: [Year]) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: LocalDate) throws(YearNotCovered) -> Bool {
        try year(of: date).isWorked(date.daysSinceEpoch)
    }

    /// The date on which a period of `count` working days starting after `date` ends.
    ///
    /// The day of the event itself does not count, as with legal periods; `count` zero returns `date`.
    public func adding(workingDays count: Int, to date: LocalDate) throws(YearNotCovered) -> LocalDate {
        guard count > 0 else { return date }
        var walk = try DayWalk(after: date, in: self)
        var remaining = count
        while remaining > 0 {
            if try walk.next() { remaining -= 1 }
        }
        return LocalDate(daysSinceEpoch: walk.number)
    }

    /// The number of working days after `start` up to and including `end` (zero when `end` is not later).
    public func workingDays(after start: LocalDate, through end: LocalDate) throws(YearNotCovered) -> Int {
        guard start < end else { return 0 }
        let last = end.daysSinceEpoch
        var walk = try DayWalk(after: start, in: self)
        var count = 0
        while walk.number < last {
            if try walk.next() { count += 1 }
        }
        return count
    }

    /// The days after a date one at a time, by their numbers, each read in its year's table.
    private struct DayWalk {
        let calendar: WorkingCalendar
        /// The day reached, as days since 1970-01-01.
        private(set) var number: Int
        private var year: Year

        init(after date: LocalDate, in calendar: WorkingCalendar) throws(YearNotCovered) {
            self.calendar = calendar
            number = date.daysSinceEpoch
            year = try calendar.year(of: date.adding(days: 1))
        }

        /// Steps to the next day; whether it is worked.
        mutating func next() throws(YearNotCovered) -> Bool {
            number += 1
            if !year.contains(number) { year = try calendar.year(of: LocalDate(daysSinceEpoch: number)) }
            return year.isWorked(number)
        }
    }

    /// The calendar's year of `date`; throws when the calendar does not cover it.
    private func year(of date: LocalDate) throws(YearNotCovered) -> Year {
        guard let year = years[date.year] else { throw YearNotCovered(year: date.year, covered: years.keys.sorted()) }
        return year
    }
}
