import Nominations
import Workflow

extension NominationEvent {
    /// What happened, as the timeline says it: the log's own sentence in English, the same facts
    /// in Vietnamese, with units and councils by their names in `organization`.
    func sentence(in language: Language, organization: Organization) -> String {
        guard language == .vietnamese else { return summary }
        let action = vietnameseAction(organization)
        guard let signed = signedOnBehalf else { return action }
        let head = organization.unit(code: signed.forHeadOf)?.name ?? signed.forHeadOf
        return "\(action); \(signed.deputy.position) \(signed.deputy.name) ký thay Thủ trưởng \(head) "
            + "(quyết định ủy quyền \(signed.delegation))"
    }

    private func vietnameseAction(_ organization: Organization) -> String {
        func unit(_ code: String) -> String { organization.unit(code: code)?.name ?? code }
        func day(_ date: LocalDate) -> String { VietnamTime.day(date.description, language: .vietnamese) }
        func council(_ code: String) -> String { organization.council(of: code)?.name ?? code }
        switch self {
        case .submitted(let e):
            return "Trình \(e.titleName) năm \(e.year) cho \(e.nominee.name), \(unit(e.nominee.unit)), theo bộ quy tắc \(e.ruleSetVersion)"
        case .amended: return "Bổ sung hồ sơ"
        case .returnedForAmendment(let e): return "Trả lại để bổ sung: \(e.reasons.joined(separator: "; "))"
        case .resubmitted: return "Trình lại sau khi bổ sung"
        case .accepted: return "Tiếp nhận hồ sơ"
        case .holdPlaced(let e): return "Tạm dừng xét (\(e.holdKind), \(e.reference))"
        case .holdLifted(let e):
            return "Tiếp tục xét (\(e.holdKind))" + (e.stageDeadline.map { "; hạn của bước này là \(day($0))" } ?? "")
        case .consultationOpened(let e): return "Mở lấy ý kiến công khai từ \(day(e.opensOn)) đến \(day(e.closesOn))"
        case .commentRecorded(let e): return "Ý kiến của \(e.commenter)"
        case .consultationClosed(let e): return "Kết thúc lấy ý kiến công khai với \(e.commentCount) ý kiến"
        case .scheduledForCouncil(let e): return "Đưa vào phiên họp \(council(e.council)) ngày \(day(e.sessionDate))"
        case .councilResultRecorded(let e):
            let verdict = e.result.recommended ? "đề nghị khen thưởng" : "không đề nghị khen thưởng"
            return "Hội đồng \(verdict): đồng ý \(e.result.inFavour), không đồng ý \(e.result.against), "
                + "không biểu quyết \(e.result.abstaining), cơ sở tính \(e.result.votingBase)"
        case .approved(let e): return "Phê duyệt theo quyết định số \(e.decisionNumber) ngày \(day(e.decisionDate))"
        case .rejected(let e): return "Không phê duyệt: \(e.reasons.joined(separator: "; "))"
        case .forwarded(let e): return "Trình \(e.authority) (tờ trình số \(e.submissionNumber))"
        case .higherDecisionRecorded(let e):
            let outcome = e.outcome.rawValue == "approved" ? "đồng ý khen thưởng" : "không đồng ý khen thưởng"
            return "\(e.authority) \(outcome) theo quyết định số \(e.decisionNumber) ngày \(day(e.decisionDate))"
        case .withdrawn(let e): return "Rút hồ sơ: \(e.reason)"
        case .revoked(let e):
            return "Hủy bỏ khen thưởng (\(e.ground.rawValue); \(e.legalBasis)) theo quyết định số \(e.decisionNumber)"
                + (e.revokesDecision.map { ", hủy khen thưởng của quyết định số \($0)" } ?? "")
        case .restored(let e): return "Khôi phục theo quyết định số \(e.decisionNumber): \(e.reason)"
        case .rescheduled(let e):
            return "Chuyển từ phiên \(e.fromSessionID) sang phiên họp \(council(e.council)) ngày \(day(e.sessionDate)) "
                + "(\(e.sessionID)): \(e.reason)"
        case .unscheduled(let e):
            return "Rút khỏi chương trình phiên \(e.fromSessionID), chờ đưa vào phiên họp khác: \(e.reason)"
        }
    }
}
