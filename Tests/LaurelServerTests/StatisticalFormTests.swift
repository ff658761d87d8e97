@testable import LaurelServer
import Nominations
import Projections
import Testing
import Workflow

/// The forms of the statistical report to the Ministry of Home Affairs, made from fixed inputs:
/// every cell counted by hand, the blank ones blank, the mappings of the way of awarding and of
/// a movement's duration and method, and the CSV and printed page made from the form.
@Suite struct StatisticalFormTests {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static func cells(_ form: StatisticalForm, _ code: String) -> [Int?] {
        form.rows.first { $0.code == code }?.values ?? []
    }

    @Test func theReportPeriodRunsFromDecemberToNovember() {
        let period = StatisticalForm.period(of: 2026)
        #expect(period.from == Self.day("2025-12-01") && period.to == Self.day("2026-11-30"))
        #expect(StatisticalForm.lastYear(by: Self.day("2026-11-30")) == 2025)
        #expect(StatisticalForm.lastYear(by: Self.day("2026-12-01")) == 2026)
    }

    @Test func theWayOfAwardingIsTheMedalsTheMovementsOrTheKinds() {
        #expect(Form0603.method(title: "commemorative_medal", kind: "annual", thematic: false) == .seniority)
        #expect(Form0603.method(title: "commemorative_medal", kind: "annual", thematic: true) == .seniority)
        #expect(Form0603.method(title: "certificate_of_merit", kind: "ad_hoc", thematic: true) == .thematic)
        #expect(Form0603.method(title: "certificate_of_merit", kind: "ad_hoc", thematic: false) == .adHoc)
        #expect(Form0603.method(title: "sector_emulation_fighter", kind: "annual", thematic: false) == .regular)
        #expect(Form0603.method(title: "sector_emulation_flag", kind: "annual", thematic: false) == .regular)
    }

    @Test func form0603CountsEachTitleByNomineeAndWayOfAwarding() {
        func tally(_ title: String, _ kind: String, _ type: String, thematic: Bool = false, frontLine: Bool = false, awards: Int,
                   imported: Int = 0) -> DecidedAwardTally {
            DecidedAwardTally(title: title, kind: kind, nomineeType: type, thematic: thematic, frontLine: frontLine, awards: awards,
                              imported: imported)
        }
        let form = Form0603.form(year: 2026, tallies: [
            tally("certificate_of_merit", "ad_hoc", "individual", awards: 5, imported: 2),
            tally("certificate_of_merit", "ad_hoc", "individual", frontLine: true, awards: 3),
            tally("certificate_of_merit", "ad_hoc", "collective", thematic: true, awards: 2),
            tally("sector_emulation_fighter", "annual", "individual", frontLine: true, awards: 4, imported: 1),
            tally("sector_emulation_flag", "annual", "collective", awards: 1),
            tally("commemorative_medal", "annual", "individual", awards: 7),
        ])
        #expect(form.form == "0603.N/BNV-TĐKT")
        #expect(form.columns.map(\.title) == [nil, "certificate_of_merit", "sector_emulation_fighter", "sector_emulation_flag", "commemorative_medal"])
        // Certificates 5 + 3 + 2, fighters 4, the flag 1, medals 7: 22.
        #expect(Self.cells(form, "01") == [22, 10, 4, 1, 7])
        #expect(Self.cells(form, "02") == [3, 2, 0, 1, 0])
        #expect(Self.cells(form, "05") == [19, 8, 4, 0, 7])
        #expect(Self.cells(form, "10") == [7, 3, 4, 0, 0], "the front-line individuals")
        #expect(Self.cells(form, "11") == [5, 0, 4, 1, 0])
        #expect(Self.cells(form, "12") == [2, 2, 0, 0, 0])
        #expect(Self.cells(form, "13") == [8, 8, 0, 0, 0])
        #expect(Self.cells(form, "16") == [7, 0, 0, 0, 7])
        let byWay = ["11", "12", "13", "16"].map { Self.cells(form, $0)[0] ?? 0 }.reduce(0, +)
        #expect(byWay == 22, "every award has one way of awarding")
        for blank in ["03", "04", "06", "07", "08", "09", "14", "15", "17"] {
            let row = form.rows.first { $0.code == blank }
            #expect(row?.values == Array(repeating: nil, count: 5) && row?.note != nil, "\(blank) is blank with a note")
        }
        #expect(form.rows.compactMap(\.code) == (1...17).map { String(format: "%02d", $0) })
        #expect(form.notes[0].contains("từ 01/12/2025 đến 30/11/2026") && form.notes[0].contains("kể cả 3 khen thưởng"))
        #expect(form.rows.allSatisfy { ($0.note ?? 1) <= form.notes.count })
    }

    @Test func aMovementsDurationIsItsPeriodInRoundedMonths() {
        func duration(_ from: String, _ to: String) -> Form0601.Duration { Form0601.duration(from: Self.day(from), to: Self.day(to)) }
        #expect(duration("2026-03-01", "2026-07-26") == .underAYear)
        #expect(duration("2026-01-01", "2026-12-31") == .aYear)
        #expect(duration("2026-01-15", "2026-12-31") == .aYear, "launched in January for the rest of the year")
        #expect(duration("2026-01-01", "2026-12-20") == .aYear)
        #expect(duration("2026-01-01", "2026-11-30") == .underAYear)
        #expect(duration("2025-06-01", "2027-05-31") == .oneToThreeYears)
        #expect(duration("2026-01-01", "2027-02-28") == .oneToThreeYears)
        #expect(duration("2021-01-01", "2023-12-31") == .threeToFiveYears)
        #expect(duration("2021-01-01", "2025-12-31") == .fiveYearsOrMore)
        #expect(Form0601.months(from: Self.day("2020-01-01"), to: Self.day("2024-12-31")) == 60)
    }

    static func movement(_ authority: String, _ from: String, _ to: String, anniversary: String? = nil, closedOn: String? = nil) -> Movement {
        Movement(stage: closedOn == nil ? .running : .closed,
                 details: MovementDetails(name: "Phong trào", authority: authority, decision: "Kế hoạch", from: day(from), to: day(to),
                                          goals: [], criteria: [], anniversary: anniversary),
                 launchedOn: day(from), closedOn: closedOn.map(day))
    }

    @Test func aMovementRanInThePeriodUnlessItEndedOrWasClosedBeforeIt() {
        let (from, to) = StatisticalForm.period(of: 2026)
        #expect(Self.movement("vksndtc", "2025-01-01", "2025-12-01").ran(from: from, to: to))
        #expect(!Self.movement("vksndtc", "2025-01-01", "2025-11-30").ran(from: from, to: to))
        #expect(!Self.movement("vksndtc", "2025-01-01", "2026-06-30", closedOn: "2025-11-15").ran(from: from, to: to))
        #expect(Self.movement("vksndtc", "2026-11-30", "2027-06-30").ran(from: from, to: to))
        #expect(!Self.movement("vksndtc", "2026-12-01", "2027-06-30").ran(from: from, to: to))
        #expect(!Movement().ran(from: from, to: to), "never launched")
    }

    @Test func form0601CountsTheMovementsThatRanByLevelDurationAndMethod() {
        let form = Form0601.form(year: 2026, movements: [
            Self.movement("vksndtc", "2026-01-15", "2026-12-31"),
            Self.movement("vksndtc", "2026-03-01", "2026-07-26", anniversary: "66 năm thành lập ngành"),
            Self.movement("vksnd-hanoi", "2025-06-01", "2027-05-31"),
            Self.movement("vksnd-danang", "2021-01-01", "2025-12-31"),
            Self.movement("vksnd-danang", "2026-01-01", "2026-12-31", anniversary: "50 năm thành lập đơn vị"),
            // Ended, or started, outside the period; closed before it.
            Self.movement("vksndtc", "2025-01-10", "2025-11-30"),
            Self.movement("vksnd-hanoi", "2026-12-01", "2027-06-30"),
            Self.movement("vksnd-hanoi", "2025-09-01", "2026-08-31", closedOn: "2025-11-20"),
        ], sectorUnit: "vksndtc")
        #expect(form.form == "0601.N/BNV-TĐKT" && form.measure == "Phong trào" && form.due != nil)
        #expect(Self.cells(form, "01") == [5, nil, 2, 3])
        #expect(Self.cells(form, "02") == [nil, nil, nil, nil] && Self.cells(form, "04") == [nil, nil, nil, nil])
        #expect(Self.cells(form, "03") == [2, nil, 2, 0])
        #expect(Self.cells(form, "05") == [3, nil, 0, 3])
        #expect(Self.cells(form, "06") == [1, nil, 1, 0])
        #expect(Self.cells(form, "07") == [2, nil, 1, 1])
        #expect(Self.cells(form, "08") == [1, nil, 0, 1])
        #expect(Self.cells(form, "09") == [0, nil, 0, 0])
        #expect(Self.cells(form, "10") == [1, nil, 0, 1])
        // Only the sector's year-long movement without an anniversary is the regular yearly kind.
        #expect(Self.cells(form, "11") == [4, nil, 1, 3])
        #expect(Self.cells(form, "12") == [1, nil, 1, 0])
        #expect(form.rows.compactMap(\.code) == (1...12).map { String(format: "%02d", $0) })
    }

    @Test func theCSVListsTheCodedRowsAndThePageEscapesAndMarksBlanks() {
        let form = Form0601.form(year: 2026, movements: [Self.movement("vksndtc", "2026-01-15", "2026-12-31")], sectorUnit: "vksndtc")
        let lines = form.csvLines
        #expect(lines.count == 13, "a header and the twelve coded rows")
        #expect(lines[0] == ["Mã số", "Chỉ tiêu", "Đơn vị tính", "1. Tổng số", "2. Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
                             "3. Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương", "4. Cơ quan, tổ chức, đơn vị"])
        #expect(lines[1] == ["01", "Tổng số", "", "1", "", "1", "0"])
        #expect(lines[2] == ["02", "- Toàn quốc", "", "", "", "", ""])
        let page = ReportTemplates.statisticalForm.render(form.printModel(reporter: "VKS <Hà Nội>"))
        #expect(page.contains("Biểu số 0601.N/BNV-TĐKT") && page.contains("Số phong trào thi đua"))
        #expect(page.contains("Kỳ báo cáo: từ 01/12/2025 đến 30/11/2026"))
        #expect(page.contains("VKS &lt;Hà Nội&gt;") && !page.contains("<Hà Nội>"), "escaped")
        #expect(page.contains("<td class=\"n\">—</td>"), "a blank cell is a dash")
        #expect(page.contains("Đơn vị tính: Phong trào") && page.contains("Ngày nhận báo cáo"))
        #expect(!page.contains("<th>Đơn vị tính</th>"), "0601 has no column of units")
    }
}
