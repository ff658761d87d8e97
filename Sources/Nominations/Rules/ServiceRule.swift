import Workflow

/// A title awarded on years of service in the sector rather than on a year's achievement: the
/// commemorative medal "Vì sự nghiệp Kiểm sát". Its values come from the rule set's file, with
/// their source.
public struct ServiceRule: Sendable, Equatable {
    /// The years of service in the sector a person must have completed by the cut-off day.
    public let years: Int
    /// The day of the year by which the years are counted (the sector's day, 26 July).
    public let cutoffMonth: Int
    public let cutoffDay: Int
    /// Whether days under a disciplinary measure count toward the years.
    public let disciplineTimeCounts: Bool
    /// Whether a person is awarded the title at most once in their life.
    public let oncePerPerson: Bool
    public let source: String

    public init(years: Int, cutoffMonth: Int, cutoffDay: Int, disciplineTimeCounts: Bool, oncePerPerson: Bool, source: String) {
        self.years = years
        self.cutoffMonth = cutoffMonth
        self.cutoffDay = cutoffDay
        self.disciplineTimeCounts = disciplineTimeCounts
        self.oncePerPerson = oncePerPerson
        self.source = source
    }

    /// The day of `year` by which service is counted; nil for a year in which it does not exist
    /// (a cut-off of 29 February, which parsing refuses).
    public func cutoff(in year: Int) -> LocalDate? {
        LocalDate(year: year, month: cutoffMonth, day: cutoffDay)
    }
}
