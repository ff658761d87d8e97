import Nominations
import Projections

/// The multi-year summary of commendation (báo cáo tổng kết công tác khen thưởng 5 năm): awards
/// in force by year, by title and by unit, and each year's shares of awards to small collectives
/// and to front-line staff, set against the sector plan's aim that both shares rise.
///
/// Pure: made from the awards registry's tallies and the organisation's names, so a test can
/// check every figure against a count made by hand.
struct FiveYearSummary: Encodable, Equatable {
    /// One year's totals.
    struct Year: Encodable, Equatable {
        let year: Int
        let awards: Int
        let individuals: Int
        let collectives: Int
        let smallCollectives: Int
        let frontLine: Int
        let imported: Int
        /// Awards to small collectives over all awards of the year; nil without awards.
        let smallCollectiveShare: Double?
        /// Awards to front-line staff over all awards of the year; nil without awards.
        let frontLineShare: Double?
    }

    /// A title's or a unit's awards, one count per year of the period, and their total.
    struct Line: Encodable, Equatable {
        let code: String
        let name: String
        let byYear: [Int]
        let total: Int
    }

    /// The plan's aim and whether the period met it: the last year's share above the first's.
    struct Aim: Encodable, Equatable {
        let text: String
        let source: String
        let smallCollectiveShareRose: Bool?
        let frontLineShareRose: Bool?
    }

    let from: Int
    let to: Int
    let years: [Year]
    let titles: [Line]
    let units: [Line]
    let total: Int
    let aim: Aim

    /// Where the aim comes from: the Supreme People's Procuracy's plan for 2020, which every
    /// year's plan since has repeated.
    static let aimText = "Nâng cao tỷ lệ khen thưởng đối với tập thể nhỏ và công chức, viên chức, người lao động thường xuyên trực tiếp thực thi nhiệm vụ"
    static let aimSource = "Kế hoạch số 09/KH-VKSTC năm 2020 của Viện kiểm sát nhân dân tối cao"

    init(years period: ClosedRange<Int>, tallies: [AwardTally], organization: Organization) {
        from = period.lowerBound
        to = period.upperBound
        let inPeriod = tallies.filter { period.contains($0.year) }
        let years = period.map { year in
            let of = inPeriod.filter { $0.year == year }
            let awards = of.reduce(0) { $0 + $1.awards }
            let small = of.reduce(0) { $0 + $1.smallCollectives }
            let frontLine = of.reduce(0) { $0 + $1.frontLine }
            return Year(year: year, awards: awards,
                        individuals: of.filter { $0.nomineeType == "individual" }.reduce(0) { $0 + $1.awards },
                        collectives: of.filter { $0.nomineeType == "collective" }.reduce(0) { $0 + $1.awards },
                        smallCollectives: small, frontLine: frontLine, imported: of.reduce(0) { $0 + $1.imported },
                        smallCollectiveShare: awards == 0 ? nil : Double(small) / Double(awards),
                        frontLineShare: awards == 0 ? nil : Double(frontLine) / Double(awards))
        }
        func lines(_ key: (AwardTally) -> String, name: (AwardTally) -> String) -> [Line] {
            Dictionary(grouping: inPeriod, by: key).map { code, tallies in
                let byYear = period.map { year in tallies.filter { $0.year == year }.reduce(0) { $0 + $1.awards } }
                return Line(code: code, name: tallies.first.map(name) ?? code, byYear: byYear, total: byYear.reduce(0, +))
            }.sorted { ($1.total, $0.name, $0.code) < ($0.total, $1.name, $1.code) }
        }
        self.years = years
        titles = lines(\.title, name: \.titleName)
        units = lines(\.unit) { organization.unit(code: $0.unit)?.name ?? $0.unit }
        total = years.reduce(0) { $0 + $1.awards }
        func rose(_ share: (Year) -> Double?) -> Bool? {
            guard let first = years.first.flatMap(share), let last = years.last.flatMap(share) else { return nil }
            return last > first
        }
        aim = Aim(text: Self.aimText, source: Self.aimSource, smallCollectiveShareRose: rose(\.smallCollectiveShare),
                  frontLineShareRose: rose(\.frontLineShare))
    }
}
