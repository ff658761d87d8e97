import Foundation
import Nominations
import Workflow

/// A decision as the printed document shows it (Decree 30/2020/NĐ-CP: the national title lines,
/// the issuing body, number and symbol, place and date, subject, bases, articles, the signature
/// block, recipients; the list of awardees annexed), and one certificate per awardee.
struct DecisionPrint {
    struct Article {
        let number: Int
        let text: String
    }

    struct Row {
        let index: Int
        let name: String
        let position: String?
        let unitName: String
        let titleName: String
        /// What the certificate says it does: `TẶNG` a form of award, `CHỨNG NHẬN` a title.
        let verb: String
        /// The title as the certificate prints it (`Chiến sĩ thi đua cơ sở năm 2025`).
        let certificateTitle: String
    }

    let number: String
    /// The body above the issuer, when it has one (`VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO` above a province's).
    let issuerParent: String?
    let issuer: String
    let place: String
    /// `ngày 02 tháng 3 năm 2026`.
    let dateWords: String
    let subject: String
    /// `VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO`.
    let authorityTitle: String
    /// The same in running text: `Viện trưởng Viện kiểm sát nhân dân tối cao`.
    let authorityWords: String
    /// Each basis as its line reads (`Căn cứ …;`, `Xét đề nghị …;`), the last ending with a full stop.
    let bases: [String]
    let articles: [Article]
    let recipients: [String]
    let headTitle: String
    /// The deputy's position, when a deputy signed on the head's behalf ("KT. VIỆN TRƯỞNG").
    let deputyTitle: String?
    let signerName: String
    let awardees: [Row]
    let hasAwardees: Bool

    init(_ decision: AwardDecision, organization: Organization, rules: RuleBook) {
        number = decision.number
        let unit = organization.unit(code: decision.authority)
        let parent = unit?.parent.flatMap { organization.unit(code: $0) }
        issuerParent = parent.map { $0.name.uppercased(with: Self.vietnamese) }
        issuer = (unit?.name ?? decision.authority).uppercased(with: Self.vietnamese)
        place = decision.place
        dateWords = Self.words(decision.date)
        subject = decision.subject
        headTitle = decision.signer.position.uppercased(with: Self.vietnamese)
        authorityTitle = "\(headTitle) \(issuer)"
        authorityWords = "\(decision.signer.position) \(unit?.name ?? decision.authority)"
        let lines = decision.legalBases.map(Self.vietnameseBasis).map { basis in
            basis.hasPrefix("Căn cứ") || basis.hasPrefix("Xét") || basis.hasPrefix("Theo") ? basis : "Căn cứ \(basis)"
        }
        bases = lines.enumerated().map { index, line in line + (index == lines.count - 1 ? "." : ";") }
        recipients = decision.recipients
        deputyTitle = decision.signer.signedOnBehalf.map { $0.deputy.position.uppercased(with: Self.vietnamese) }
        signerName = decision.signer.signedOnBehalf?.deputy.name ?? decision.signer.name
        awardees = decision.awardees.enumerated().map { index, awardee in
            let isForm = Self.kind(of: awardee.title, in: rules) == "ad_hoc"
            return Row(index: index + 1, name: awardee.nominee.name, position: awardee.nominee.position.flatMap { $0.isEmpty ? nil : $0 },
                       unitName: organization.unit(code: awardee.nominee.unit)?.name ?? awardee.nominee.unit, titleName: awardee.titleName,
                       verb: isForm ? "TẶNG" : "CHỨNG NHẬN", certificateTitle: isForm ? awardee.titleName : "\(awardee.titleName) năm \(awardee.year)")
        }
        hasAwardees = !decision.awardees.isEmpty
        var articles: [String] = []
        if let corrects = decision.corrects {
            articles.append("Đính chính Quyết định \(corrects): \(decision.correction ?? "").")
        }
        // One article line per title: "Công nhận danh hiệu “…” năm 2025 cho 40 cá nhân …".
        var titles: [(name: String, title: String, year: Int, count: Int, collective: Bool)] = []
        for awardee in decision.awardees {
            if let index = titles.firstIndex(where: { $0.title == awardee.title && $0.year == awardee.year }) {
                titles[index].count += 1
            } else {
                titles.append((awardee.titleName, awardee.title, awardee.year, 1, awardee.nominee.type == .collective))
            }
        }
        for title in titles {
            let kind = Self.kind(of: title.title, in: rules)
            let who = "\(title.count) \(title.collective ? "tập thể" : "cá nhân") có tên trong danh sách kèm theo"
            articles.append(kind == "ad_hoc" ? "Tặng \(title.name) cho \(who)."
                                             : "Công nhận danh hiệu “\(title.name)” năm \(title.year) cho \(who).")
        }
        articles.append("Quyết định này có hiệu lực kể từ ngày ký.")
        articles.append("Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 "
                        + "chịu trách nhiệm thi hành Quyết định này./.")
        self.articles = articles.enumerated().map { Article(number: $0 + 1, text: $1) }
    }

    static let vietnamese = Locale(identifier: "vi_VN")

    /// The kind of a title (`ad_hoc` for a form of award such as Bằng khen) in any rule set naming it.
    static func kind(of title: String, in rules: RuleBook) -> String? {
        rules.ruleSets.lazy.compactMap { $0.title(title)?.kind }.first
    }

    /// A date as Decree 30/2020/NĐ-CP writes it: days below 10 and the months January and
    /// February with a leading zero (`ngày 05 tháng 02 năm 2026`, `ngày 15 tháng 12 năm 2026`).
    static func words(_ date: LocalDate) -> String {
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month <= 2 ? "0\(date.month)" : "\(date.month)"
        return "ngày \(day) tháng \(month) năm \(date.year)"
    }

    /// A rule set's source as a legal basis reads in Vietnamese: `Law 06/2022/QH15` is
    /// `Luật số 06/2022/QH15`; what is already Vietnamese is kept.
    static func vietnameseBasis(_ basis: String) -> String {
        for (english, words) in [("Law ", "Luật số "), ("Decree ", "Nghị định số "), ("Circular ", "Thông tư số ")]
            where basis.hasPrefix(english) {
            return words + basis.dropFirst(english.count)
        }
        return basis
    }
}
