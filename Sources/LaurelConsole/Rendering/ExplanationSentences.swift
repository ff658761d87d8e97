import Foundation
import Nominations

extension Explanation {
    /// The rule's sentence as the page says it: in Vietnamese from the rule's inputs for the
    /// council's quorum and vote, a dossier's documents, the simplified procedure and the
    /// commemorative medal's years of service; otherwise (and in English) the rule's own words.
    func sentence(in language: Language) -> String {
        guard language == .vietnamese else { return text }
        let input = Dictionary(inputs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        func number(_ name: String) -> Int? { input[name].flatMap { Int($0) } }
        if rule == "council.quorum", let present = number("present"), let total = number("total_membership"), let quorum = input["quorum"] {
            return "\(present)/\(total) thành viên có mặt (\(Self.percent(present, of: total))); "
                + "phiên họp cần tối thiểu \(quorum) tổng số thành viên; \(satisfied ? "đạt" : "không đạt")"
        }
        if rule.hasSuffix(".vote"), let inFavour = number("in_favour"), let base = number("base"), let threshold = input["threshold"] {
            let written = input["basis"] == "total_membership" ? number("written_in_favour") ?? 0 : 0
            let basis = input["basis"] == "total_membership" ? "tổng số thành viên" : "số thành viên có mặt"
            let bound = text.contains("requires more than") ? "trên" : "tối thiểu"
            return "\(inFavour + written)/\(base) phiếu đồng ý (\(Self.percent(inFavour + written, of: base)))"
                + (written > 0 ? ", kể cả \(written) ý kiến bằng văn bản của thành viên vắng mặt" : "")
                + "; quy định \(bound) \(threshold) \(basis); \(satisfied ? "đề nghị khen thưởng" : "không đề nghị khen thưởng")"
        }
        if rule.hasSuffix(".dossier"), satisfied, let documents = input["documents"] {
            let names = documents.split(separator: ",").map { kind in
                let code = kind.trimmingCharacters(in: .whitespaces)
                return language.strings["doc.\(code)"] ?? code
            }
            return "Đủ tài liệu theo quy định: \(names.joined(separator: ", "))"
        }
        if rule.hasSuffix(".procedure"), let title = text.components(separatedBy: " follows the simplified procedure").first {
            return "\(title) xét theo thủ tục đơn giản: không cần Hội đồng xét"
        }
        if rule.hasSuffix(".service"), let start = input["sector_start"], let cutoff = input["cutoff"], let years = input["required_years"],
           let reached = input["years_reached_on"] {
            func day(_ iso: String) -> String { VietnamTime.day(iso, language: language) }
            let end = input["sector_end"].flatMap { $0 == "serving" ? nil : " đến \(day($0))" } ?? ""
            let discipline = number("discipline_days_not_counted").flatMap { $0 > 0 ? " (không tính \($0) ngày chấp hành kỷ luật)" : nil } ?? ""
            let verdict = satisfied ? "đủ điều kiện"
                : input["already_awarded"].flatMap { $0 == "no" ? nil : "đã được tặng năm \($0), chỉ xét tặng một lần" } ?? "không đủ điều kiện"
            return "Công tác trong ngành từ \(day(start))\(end); đủ \(years) năm vào ngày \(day(reached))\(discipline); "
                + "quy định đủ \(years) năm tính đến ngày \(day(cutoff)); \(verdict)"
        }
        return text
    }

    /// `part` of `whole` as Vietnamese writes a percentage: one decimal, a decimal comma.
    private static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole)).replacingOccurrences(of: ".", with: ",")
    }
}
