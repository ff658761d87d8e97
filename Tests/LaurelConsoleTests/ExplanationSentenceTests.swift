@testable import LaurelConsole
import Nominations
import Testing

/// The rules' sentences as a Vietnamese page says them, from the inputs the domain records.
@Suite struct ExplanationSentenceTests {
    static func explanation(_ rule: String, _ inputs: [(String, String)], satisfied: Bool = true, text: String) -> Explanation {
        Explanation(ruleSetVersion: "2025.1", rule: rule, source: "Decree 152/2025/NĐ-CP",
                    inputs: inputs.map { Explanation.Input($0.0, $0.1) }, satisfied: satisfied, text: text)
    }

    @Test func theCouncilsQuorumAndVoteAreSaidInVietnameseWithADecimalComma() {
        let quorum = Self.explanation("council.quorum", [("present", "8"), ("total_membership", "11"), ("quorum", "2/3")],
                                      text: "8 of 11 members present = 72.7%; the quorum is 2/3 of total membership; met")
        #expect(quorum.sentence(in: .vietnamese) == "8/11 thành viên có mặt (72,7%); phiên họp cần tối thiểu 2/3 tổng số thành viên; đạt")
        #expect(quorum.sentence(in: .english) == quorum.text)

        let vote = Self.explanation("titles.sector_emulation_fighter.vote", [
            ("in_favour", "7"), ("written_in_favour", "2"), ("base", "11"), ("threshold", "70%"), ("basis", "total_membership"),
        ], satisfied: true, text: "9 of 11 members in favour = 81.8%; the rule requires at least 70% of total membership; recommended")
        #expect(vote.sentence(in: .vietnamese) == "9/11 phiếu đồng ý (81,8%), kể cả 2 ý kiến bằng văn bản của thành viên vắng mặt; "
            + "quy định tối thiểu 70% tổng số thành viên; đề nghị khen thưởng")

        let strict = Self.explanation("titles.labour_hero.vote", [
            ("in_favour", "5"), ("written_in_favour", "0"), ("base", "10"), ("threshold", "50%"), ("basis", "members_present"),
        ], satisfied: false, text: "5 of 10 members in favour = 50.0%; the rule requires more than 50% of members present; not recommended")
        #expect(strict.sentence(in: .vietnamese) == "5/10 phiếu đồng ý (50,0%); quy định trên 50% số thành viên có mặt; không đề nghị khen thưởng")
    }

    @Test func aDossierNamesItsDocumentsAndAnUnknownRuleKeepsItsOwnWords() {
        let dossier = Self.explanation("titles.certificate_of_merit.dossier", [("documents", "achievement_summary, submission")],
                                       text: "required: submission, achievement_summary; all present")
        #expect(dossier.sentence(in: .vietnamese) == "Đủ tài liệu theo quy định: Báo cáo tóm tắt thành tích, Tờ trình")
        let cap = Self.explanation("titles.grassroots_emulation_fighter.cap", [], text: "3 of 20 advanced workers = 15%; within the cap")
        #expect(cap.sentence(in: .vietnamese) == cap.text)
    }

    @Test func theMedalsYearsOfServiceAreSaidInVietnameseWithTheDaysNotCounted() {
        let short = Self.explanation("titles.commemorative_medal.service", [
            ("sector_start", "2011-07-20"), ("sector_end", "serving"), ("cutoff", "2026-07-26"), ("required_years", "15"),
            ("discipline_days_not_counted", "10"), ("years_reached_on", "2026-07-30"), ("already_awarded", "no"),
        ], satisfied: false, text: "in the sector from 2011-07-20; 15 years reached on 2026-07-30 (10 day(s) under discipline not counted)")
        #expect(short.sentence(in: .vietnamese) == "Công tác trong ngành từ 20/07/2011; đủ 15 năm vào ngày 30/07/2026 "
            + "(không tính 10 ngày chấp hành kỷ luật); quy định đủ 15 năm tính đến ngày 26/07/2026; không đủ điều kiện")
        let held = Self.explanation("titles.commemorative_medal.service", [
            ("sector_start", "1999-05-01"), ("sector_end", "2025-12-31"), ("cutoff", "2026-07-26"), ("required_years", "15"),
            ("discipline_days_not_counted", "0"), ("years_reached_on", "2014-05-01"), ("already_awarded", "2020"),
        ], satisfied: false, text: "does not qualify: the medal is given once and was awarded for 2020")
        #expect(held.sentence(in: .vietnamese) == "Công tác trong ngành từ 01/05/1999 đến 31/12/2025; đủ 15 năm vào ngày 01/05/2014; "
            + "quy định đủ 15 năm tính đến ngày 26/07/2026; đã được tặng năm 2020, chỉ xét tặng một lần")
        #expect(held.sentence(in: .english) == held.text)
    }
}
