/// A unit's own staff, year by year: the base of a cap counted on headcount.
///
/// Written in `config/organization.yaml` either as one number, the same every year (the form of
/// files written before headcounts were per year), or as a mapping from year to number, each
/// holding from its year until the next one listed; a year before the first listed has none.
public struct Headcount: Sendable, Equatable {
    /// The staff from each listed year on.
    public let byYear: [Int: Int]
    /// The staff of every year, for the single-number form.
    public let everyYear: Int?

    /// The same headcount every year.
    public init(everyYear: Int) {
        self.everyYear = everyYear
        byYear = [:]
    }

    /// Headcounts from the years listed on.
    public init(byYear: [Int: Int]) {
        self.byYear = byYear
        everyYear = nil
    }

    /// The staff in `year`: the single number, or the one of the latest year listed at or before it.
    public func `in`(_ year: Int) -> Int? {
        everyYear ?? byYear.filter { $0.key <= year }.max { $0.key < $1.key }?.value
    }
}
