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

        public init(year: Int, daysOff: [LocalDate: String], workingWeekendDays: [LocalDate: String]) {
            self.year = year
            self.daysOff = daysOff
            self.workingWeekendDays = workingWeekendDays
        }
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
        guard let year = years[date.year] else {
            throw YearNotCovered(year: date.year, covered: years.keys.sorted())
        }
        if date.isWeekend { return year.workingWeekendDays[date] != nil }
        return year.daysOff[date] == nil
    }

    /// The date on which a period of `count` working days starting after `date` ends.
    ///
    /// The day of the event itself does not count, as with legal periods; `count` zero returns `date`.
    public func adding(workingDays count: Int, to date: LocalDate) throws(YearNotCovered) -> LocalDate {
        var current = date
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The number of working days after `start` up to and including `end` (zero when `end` is not later).
    public func workingDays(after start: LocalDate, through end: LocalDate) throws(YearNotCovered) -> Int {
        var count = 0
        var current = start
        while current < end {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { count += 1 }
        }
        return count
    }
}
