import Workflow

/// What the higher authority (Prime Minister, President, Central Board) decided.
public enum HigherOutcome: String, Sendable, Equatable, Codable, CaseIterable {
    /// The higher authority grants the award.
    case awarded
    /// The higher authority declines it.
    case refused
}

/// The grounds on which an award is revoked (Law 06/2022/QH15 art. 93(2)).
public enum RevocationGround: String, Sendable, Equatable, Codable, CaseIterable {
    /// Achievements were declared fraudulently.
    case fraudulentDeclaration = "fraudulent_declaration"
    /// Papers in the dossier were forged.
    case forgedDocuments = "forged_documents"
    /// The review broke the law.
    case unlawfulReview = "unlawful_review"
    /// A later finding shows the standard was not met in the achievement period.
    case standardNotMet = "standard_not_met"
    /// The holder of a state honorary title was sentenced to prison, life or death.
    case criminalSentence = "criminal_sentence"
}

/// A written opinion of an absent council member, where the rule set allows them.
public struct WrittenOpinion: Sendable, Equatable, Codable {
    public let memberID: String
    public let inFavour: Bool

    public init(memberID: String, inFavour: Bool) {
        self.memberID = memberID
        self.inFavour = inFavour
    }
}

/// Every command in the life of a nomination. The actor comes from `DecisionContext`; reasons the
/// user types are part of the command because they are part of the decision.
public enum NominationCommand: Sendable, Equatable, Codable {
    case submit(nominationID: String, kind: String, title: String, year: Int, nominee: Nominee,
                achievementSummary: String, documents: [DossierDocument])
    case amend(nominationID: String, achievementSummary: String, documents: [DossierDocument])
    case returnForAmendment(nominationID: String, reasons: [String])
    case resubmit(nominationID: String)
    case accept(nominationID: String)
    case placeHold(nominationID: String, holdID: String, holdKind: String, reference: String)
    case liftHold(nominationID: String, holdID: String, note: String)
    case openConsultation(nominationID: String)
    case recordComment(nominationID: String, commenter: String, comment: String)
    case closeConsultation(nominationID: String)
    case scheduleForCouncil(nominationID: String, sessionID: String)
    case recordCouncilResult(nominationID: String, sessionID: String, inFavour: Int, against: Int, abstaining: Int,
                             writtenOpinions: [WrittenOpinion])
    case approve(nominationID: String, decisionNumber: String, decisionDate: LocalDate)
    case reject(nominationID: String, reasons: [String])
    case forward(nominationID: String, authority: String, submissionNumber: String)
    case recordHigherDecision(nominationID: String, authority: String, outcome: HigherOutcome, decisionNumber: String,
                              decisionDate: LocalDate)
    case withdraw(nominationID: String, reason: String)
    case revoke(nominationID: String, ground: RevocationGround, legalBasis: String, decisionNumber: String)
    case restore(nominationID: String, reason: String, decisionNumber: String)

    /// The command's name in the workflow files (`submit`, `return_for_amendment`, …).
    public var name: String {
        switch self {
        case .submit: return "submit"
        case .amend: return "amend"
        case .returnForAmendment: return "return_for_amendment"
        case .resubmit: return "resubmit"
        case .accept: return "accept"
        case .placeHold: return HoldPolicy.placeCommand
        case .liftHold: return HoldPolicy.liftCommand
        case .openConsultation: return "open_consultation"
        case .recordComment: return "record_comment"
        case .closeConsultation: return "close_consultation"
        case .scheduleForCouncil: return "schedule_for_council"
        case .recordCouncilResult: return "record_council_result"
        case .approve: return "approve"
        case .reject: return "reject"
        case .forward: return "forward"
        case .recordHigherDecision: return "record_higher_decision"
        case .withdraw: return "withdraw"
        case .revoke: return "revoke"
        case .restore: return "restore"
        }
    }

    /// The nomination the command addresses.
    public var nominationID: String {
        switch self {
        case .submit(let id, _, _, _, _, _, _), .amend(let id, _, _), .returnForAmendment(let id, _), .resubmit(let id),
             .accept(let id), .placeHold(let id, _, _, _), .liftHold(let id, _, _), .openConsultation(let id),
             .recordComment(let id, _, _), .closeConsultation(let id), .scheduleForCouncil(let id, _),
             .recordCouncilResult(let id, _, _, _, _, _), .approve(let id, _, _), .reject(let id, _),
             .forward(let id, _, _), .recordHigherDecision(let id, _, _, _, _), .withdraw(let id, _),
             .revoke(let id, _, _, _), .restore(let id, _, _):
            return id
        }
    }
}

extension NominationCommand {
    /// The council session the command names: scheduling on it, or recording its result.
    public var sessionID: String? {
        switch self {
        case .scheduleForCouncil(_, let sessionID), .recordCouncilResult(_, let sessionID, _, _, _, _): return sessionID
        default: return nil
        }
    }

    /// The title and nominee of a submission; nil for every other command.
    public var submitted: (title: String, nominee: Nominee)? {
        guard case let .submit(_, _, title, _, nominee, _, _) = self else { return nil }
        return (title, nominee)
    }
}

extension NominationCommand {
    /// The reason a person gave with the command, kept in the event's metadata for auditors.
    public var reason: String? {
        switch self {
        case .returnForAmendment(_, let reasons), .reject(_, let reasons): return reasons.joined(separator: "; ")
        case .withdraw(_, let reason), .restore(_, let reason, _): return reason
        case .liftHold(_, _, let note): return note
        case .placeHold(_, _, let kind, let reference): return "\(kind): \(reference)"
        case .revoke(_, let ground, let basis, _): return "\(ground.rawValue): \(basis)"
        default: return nil
        }
    }
}
