import Foundation
@testable import LaurelServer
import Nominations
import Projections
import Testing

/// The multi-year summary's figures, each counted by hand from a small fixed set of tallies.
@Suite struct FiveYearSummaryTests {
    static func organization() throws -> Nominations.Organization {
        try ConfigFiles.load(try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))).organization
    }

    static func tally(_ unit: String, _ year: Int, _ title: String, _ type: String, awards: Int, small: Int = 0, frontLine: Int = 0,
                      imported: Int = 0) -> AwardTally {
        AwardTally(unit: unit, year: year, kind: "annual", title: title, titleName: title == "lao_dong_tien_tien" ? "Lao động tiên tiến" : "Tập thể lao động xuất sắc",
                   nomineeType: type, awards: awards, smallCollectives: small, frontLine: frontLine, imported: imported)
    }

    @Test func everyFigureIsTheSumOfItsTallies() throws {
        let tallies = [
            Self.tally("vksnd-hanoi", 2021, "lao_dong_tien_tien", "individual", awards: 10, frontLine: 4, imported: 10),
            Self.tally("vksnd-hanoi", 2021, "tap_the_lao_dong_xuat_sac", "collective", awards: 2, small: 1, imported: 2),
            Self.tally("vksnd-danang", 2023, "lao_dong_tien_tien", "individual", awards: 6, frontLine: 3),
            Self.tally("vksnd-hanoi", 2025, "lao_dong_tien_tien", "individual", awards: 12, frontLine: 9),
            Self.tally("vksnd-hanoi", 2025, "tap_the_lao_dong_xuat_sac", "collective", awards: 4, small: 3),
            // Outside the period: not counted anywhere.
            Self.tally("vksnd-hanoi", 2020, "lao_dong_tien_tien", "individual", awards: 99, frontLine: 99),
        ]
        let summary = FiveYearSummary(years: 2021...2025, tallies: tallies, organization: try Self.organization())
        #expect(summary.years.map(\.year) == [2021, 2022, 2023, 2024, 2025])
        #expect(summary.years.map(\.awards) == [12, 0, 6, 0, 16])
        #expect(summary.years.map(\.individuals) == [10, 0, 6, 0, 12])
        #expect(summary.years.map(\.collectives) == [2, 0, 0, 0, 4])
        #expect(summary.years.map(\.imported) == [12, 0, 0, 0, 0])
        #expect(summary.total == 34)
        // 2021: 1 of 12 to small collectives, 4 of 12 to front-line staff; 2025: 3 of 16 and 9 of 16.
        #expect(summary.years[0].smallCollectiveShare == 1.0 / 12 && summary.years[0].frontLineShare == 4.0 / 12)
        #expect(summary.years[4].smallCollectiveShare == 3.0 / 16 && summary.years[4].frontLineShare == 9.0 / 16)
        #expect(summary.years[1].smallCollectiveShare == nil)
        #expect(summary.aim.smallCollectiveShareRose == true && summary.aim.frontLineShareRose == true)
        #expect(summary.titles.map(\.code) == ["lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac"])
        #expect(summary.titles[0].byYear == [10, 0, 6, 0, 12] && summary.titles[0].total == 28)
        #expect(summary.units.map(\.code) == ["vksnd-hanoi", "vksnd-danang"])
        #expect(summary.units.map(\.byYear) == [[12, 0, 0, 0, 16], [0, 0, 6, 0, 0]])
        #expect(summary.units[0].name != "vksnd-hanoi", "units are named from the organisation")
    }

    @Test func aShareThatFellMissesTheAimAndOneWithoutAwardsIsUndecided() throws {
        let tallies = [
            Self.tally("vksnd-hanoi", 2021, "lao_dong_tien_tien", "individual", awards: 4, frontLine: 2),
            Self.tally("vksnd-hanoi", 2022, "lao_dong_tien_tien", "individual", awards: 4, frontLine: 1),
        ]
        let summary = FiveYearSummary(years: 2021...2022, tallies: tallies, organization: try Self.organization())
        #expect(summary.aim.frontLineShareRose == false)
        #expect(summary.aim.smallCollectiveShareRose == false, "0 of 4 both years: not a rise")
        let empty = FiveYearSummary(years: 2023...2024, tallies: tallies, organization: try Self.organization())
        #expect(empty.aim.frontLineShareRose == nil && empty.total == 0)
    }
}
