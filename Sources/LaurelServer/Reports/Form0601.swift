import Nominations
import Workflow

/// Biểu 0601.N/BNV-TĐKT, the number of emulation movements (số phong trào thi đua), filled from
/// the movements launched in Laurel that ran during the report period: by the level that
/// launched them, their scope, their duration and the way they were organised, as far as a
/// movement's record tells.
///
/// Pure: made from the movements as they stand, so a test can check every cell against a count made by hand.
enum Form0601 {
    /// The form's rows 06–10: how long a movement runs.
    enum Duration: Equatable, CaseIterable {
        case underAYear, aYear, oneToThreeYears, threeToFiveYears, fiveYearsOrMore
    }

    /// The movement's period, its first and last days included, in whole months, half a month or
    /// more counting as one: a movement launched on 15 January for the rest of the year runs a year.
    static func months(from: LocalDate, to: LocalDate) -> Int {
        Int((Double(to.days(since: from) + 1) * 12 / 365.2425).rounded())
    }

    /// The duration bucket of a period: a year is twelve months (rounded); longer than that up to
    /// 35 months is one to three years; 36 to 59, three to five.
    static func duration(from: LocalDate, to: LocalDate) -> Duration {
        switch months(from: from, to: to) {
        case ..<12: .underAYear
        case 12: .aYear
        case 13..<36: .oneToThreeYears
        case 36..<60: .threeToFiveYears
        default: .fiveYearsOrMore
        }
    }

    /// Whether the movement is the regular yearly kind (thi đua thường xuyên hàng năm): a year
    /// long and tied to no anniversary. Every other one (an anniversary's, or shorter or longer
    /// than a year) is thematic (thi đua theo chuyên đề). A movement records no way of organising,
    /// so this is read from its period and anniversary.
    static func isRegularYearly(_ details: MovementDetails) -> Bool {
        details.anniversary == nil && duration(from: details.from, to: details.to) == .aYear
    }

    /// The form of report year `year` from `movements` (any of them; those that did not run in
    /// the period are left out). The sector's own movements are launched by `sectorUnit`.
    static func form(year: Int, movements: [Movement], sectorUnit: String?) -> StatisticalForm {
        let period = StatisticalForm.period(of: year)
        let running = movements.compactMap { $0.ran(from: period.from, to: period.to) ? $0.details : nil }
        /// The total, the central level's (never in Laurel), the sector's and the units' of the movements `keep` keeps.
        func counts(_ keep: (MovementDetails) -> Bool) -> [Int?] {
            let kept = running.filter(keep)
            let sector = kept.filter { $0.authority == sectorUnit }.count
            return [kept.count, nil, sector, kept.count - sector]
        }
        func lasting(_ wanted: Duration) -> [Int?] { counts { duration(from: $0.from, to: $0.to) == wanted } }
        let blank = [Int?](repeating: nil, count: 4)
        typealias Row = StatisticalForm.Row
        return StatisticalForm(
            form: "0601.N/BNV-TĐKT", name: "Số phong trào thi đua",
            basis: StatisticalForm.circular0223,
            year: year, from: period.from, to: period.to, measure: "Phong trào", due: "Ngày 15 tháng 12 năm báo cáo",
            columns: [
                .init(number: 1, label: "Tổng số", title: nil),
                .init(number: 2, label: "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)", title: nil),
                .init(number: 3, label: "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương", title: nil),
                .init(number: 4, label: "Cơ quan, tổ chức, đơn vị", title: nil),
            ],
            rows: [
                Row(code: "01", label: "Tổng số", measure: nil, values: counts { _ in true }, note: 1),
                .heading("1. Chia theo phạm vi tổ chức thi đua"),
                Row(code: "02", label: "- Toàn quốc", measure: nil, values: blank, note: 2),
                Row(code: "03", label: "- Bộ, ban, ngành đoàn thể, địa phương", measure: nil, values: counts { $0.authority == sectorUnit },
                    note: nil),
                Row(code: "04", label: "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", measure: nil, values: blank,
                    note: 3),
                Row(code: "05", label: "- Cơ quan, tổ chức, đơn vị", measure: nil, values: counts { $0.authority != sectorUnit }, note: nil),
                .heading("2. Chia theo thời hạn thi đua"),
                Row(code: "06", label: "- Dưới 1 năm", measure: nil, values: lasting(.underAYear), note: nil),
                Row(code: "07", label: "- 1 năm", measure: nil, values: lasting(.aYear), note: 4),
                Row(code: "08", label: "- Từ 1 năm đến dưới 3 năm", measure: nil, values: lasting(.oneToThreeYears), note: nil),
                Row(code: "09", label: "- Từ 3 năm đến dưới 5 năm", measure: nil, values: lasting(.threeToFiveYears), note: nil),
                Row(code: "10", label: "- Từ 5 năm trở lên", measure: nil, values: lasting(.fiveYearsOrMore), note: nil),
                .heading("3. Chia theo phương thức tổ chức phong trào thi đua"),
                Row(code: "11", label: "- Thi đua theo chuyên đề", measure: nil, values: counts { !isRegularYearly($0) }, note: 5),
                Row(code: "12", label: "- Thi đua thường xuyên hàng năm", measure: nil, values: counts(isRegularYearly), note: 5),
            ],
            notes: [
                "Các phong trào thi đua phát động trong Laurel có diễn ra trong kỳ báo cáo (từ \(Yearbook.day(period.from.description)) "
                    + "đến \(Yearbook.day(period.to.description))), theo thời hạn ghi khi phát động hoặc sửa đổi lần cuối; "
                    + "cột 3 là phong trào của toàn ngành, do đơn vị cao nhất phát động; cột 4 là phong trào của các đơn vị.",
                "Không có số liệu: phong trào của Hội đồng Thi đua - Khen thưởng Trung ương không được phát động trong Laurel.",
                "Không có số liệu: phong trào trong Laurel do một đơn vị phát động; thi đua của cụm, khối được chấm điểm theo năm, "
                    + "không ghi thành phong trào.",
                "Thời hạn từ ngày bắt đầu đến ngày kết thúc của phong trào, làm tròn đến tháng: tròn 12 tháng là 1 năm, "
                    + "trên 12 tháng đến dưới 36 tháng là từ 1 năm đến dưới 3 năm.",
                "Laurel không ghi phương thức tổ chức của phong trào: phong trào thời hạn 1 năm không gắn ngày kỷ niệm được tính là "
                    + "thường xuyên hàng năm; phong trào gắn ngày kỷ niệm, hoặc thời hạn khác 1 năm, là theo chuyên đề.",
            ])
    }
}
