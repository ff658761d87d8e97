import Nominations
import Projections

/// Biểu 0603.N/BNV-TĐKT, the number of awards at the level of a ministry, sector or province
/// (số lượng khen thưởng cấp bộ, ngành), filled from the awards registry: the awards in force
/// of the sector's four titles that the form counts, decided within the report period.
///
/// Pure: made from the registry's tallies, so a test can check every cell against a count made by hand.
enum Form0603 {
    /// The form's columns 2–5 and the title (a rule set's key) each counts.
    static let titles: [(number: Int, label: String, title: String)] = [
        (2, "Bằng khen", "certificate_of_merit"),
        (3, "Chiến sĩ thi đua cấp bộ, cấp tỉnh", "sector_emulation_fighter"),
        (4, "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương", "sector_emulation_flag"),
        (5, "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
         "commemorative_medal"),
    ]

    /// The ways of awarding (phương thức khen thưởng) of the form's rows 11–17 that Laurel's data tells apart.
    enum Method: Equatable {
        /// Thường xuyên: for the year's results.
        case regular
        /// Chuyên đề: the nomination named an emulation movement.
        case thematic
        /// Đột xuất: the ad hoc procedure, naming no movement.
        case adHoc
        /// Niên hạn: on years of service.
        case seniority
    }

    /// How an award was given: the commemorative medal on years of service; else thematic when
    /// its nomination named a movement; else ad hoc by its kind; every other kind is for the
    /// year's results (the annual titles, and the flag whatever kind its rule set gives it).
    static func method(title: String, kind: String, thematic: Bool) -> Method {
        if title == "commemorative_medal" { return .seniority }
        if thematic { return .thematic }
        return kind == Nomination.adHocKind ? .adHoc : .regular
    }

    /// The form of report year `year` from the tallies of the awards decided in its period.
    static func form(year: Int, tallies: [DecidedAwardTally]) -> StatisticalForm {
        let period = StatisticalForm.period(of: year)
        /// The total and a count per title of the awards `keep` keeps.
        func counts(_ keep: (DecidedAwardTally) -> Bool) -> [Int?] {
            let kept = tallies.filter(keep)
            let byTitle = titles.map { column in kept.filter { $0.title == column.title }.reduce(0) { $0 + $1.awards } }
            return [byTitle.reduce(0, +)] + byTitle
        }
        func of(_ wanted: Method) -> [Int?] { counts { method(title: $0.title, kind: $0.kind, thematic: $0.thematic) == wanted } }
        let blank = [Int?](repeating: nil, count: titles.count + 1)
        let imported = tallies.reduce(0) { $0 + $1.imported }
        typealias Row = StatisticalForm.Row
        return StatisticalForm(
            form: "0603.N/BNV-TĐKT",
            name: "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành phố trực thuộc Trung ương",
            basis: StatisticalForm.circular0223,
            year: year, from: period.from, to: period.to, measure: nil, due: nil,
            columns: [.init(number: 1, label: "Tổng số", title: nil)] + titles.map { .init(number: $0.number, label: $0.label, title: $0.title) },
            rows: [
                Row(code: "01", label: "Tổng số", measure: nil, values: counts { _ in true }, note: 1),
                .heading("1. Chia theo đối tượng khen thưởng"),
                Row(code: "02", label: "- Tập thể", measure: "Tập thể", values: counts { $0.nomineeType == "collective" }, note: nil),
                Row(code: "03", label: "Trong đó: Doanh nghiệp", measure: "Doanh nghiệp", values: blank, note: 2),
                Row(code: "04", label: "- Hộ gia đình", measure: "Hộ", values: blank, note: 2),
                Row(code: "05", label: "- Cá nhân", measure: "Người", values: counts { $0.nomineeType == "individual" }, note: nil),
                Row(code: "06", label: "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", measure: "Người", values: blank, note: 3),
                Row(code: "07", label: "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", measure: "Người", values: blank, note: 3),
                Row(code: "08", label: "+ Doanh nhân", measure: "Người", values: blank, note: 2),
                Row(code: "09", label: "+ Các cấp lãnh đạo khác từ phó phòng trở lên", measure: "Người", values: blank, note: 3),
                Row(code: "10", label: "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
                    measure: "Người", values: counts { $0.nomineeType == "individual" && $0.frontLine }, note: 4),
                .heading("3. Chia theo phương thức khen thưởng"),
                Row(code: "11", label: "- Thường xuyên", measure: nil, values: of(.regular), note: nil),
                Row(code: "12", label: "- Chuyên đề", measure: nil, values: of(.thematic), note: 5),
                Row(code: "13", label: "- Đột xuất", measure: nil, values: of(.adHoc), note: 6),
                Row(code: "14", label: "- Đối ngoại", measure: nil, values: blank, note: 7),
                Row(code: "15", label: "- Cống hiến", measure: nil, values: blank, note: 7),
                Row(code: "16", label: "- Niên hạn", measure: nil, values: of(.seniority), note: 8),
                Row(code: "17", label: "- Kháng chiến", measure: nil, values: blank, note: 7),
            ],
            notes: [
                "Các khen thưởng còn hiệu lực có quyết định ký từ \(Yearbook.day(period.from.description)) đến "
                    + "\(Yearbook.day(period.to.description)) trong sổ khen thưởng của Laurel, kể cả \(imported) khen thưởng trước khi "
                    + "dùng Laurel đã được nhập; không tính khen thưởng đã bị hủy bỏ.",
                "Không có số liệu: Laurel chỉ khen thưởng tập thể và cá nhân trong ngành, không khen thưởng doanh nghiệp, hộ gia đình hay doanh nhân.",
                "Không có số liệu: Laurel không ghi chức vụ lãnh đạo của người được khen thưởng.",
                "Cá nhân không giữ chức vụ lãnh đạo từ phó phòng trở lên, theo chức vụ ghi trong hồ sơ và định nghĩa của bộ quy tắc "
                    + "đang áp dụng khi đề nghị; khen thưởng nhập từ trước theo cột is_front_line của tệp nhập.",
                "Khen thưởng mà đề nghị gắn với một phong trào thi đua; khen thưởng nhập từ trước không ghi phong trào nên không được tính ở dòng này.",
                "Khen thưởng theo thủ tục đột xuất không gắn phong trào thi đua. Bằng khen trong Laurel luôn theo thủ tục này, "
                    + "nên Bằng khen tặng cho thành tích cả năm cũng được tính ở dòng này.",
                "Không có số liệu: Laurel không ghi khen thưởng đối ngoại, khen thưởng quá trình cống hiến hay khen thưởng kháng chiến.",
                "Kỷ niệm chương, tặng theo số năm công tác trong ngành.",
            ])
    }
}
