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

/// The written opinions of absent members on a secret ballot: who sent one, and how many are in
/// favour; never which member chose what.
public struct WrittenBallots: Sendable, Equatable, Codable {
    /// The members who sent a written opinion (they took part).
    public let from: [String]
    public let inFavour: Int

    public init(from: [String], inFavour: Int) {
        self.from = from
        self.inFavour = inFavour
    }
}

/// Every command in the life of a nomination, each with a payload type of its own that names it
/// (the workflow files' command name, and the HTTP route's). The actor comes from
/// `DecisionContext`; reasons the user types are part of the command because they are part of
/// the decision.
public enum NominationCommand: Sendable, Equatable, Codable {
    case submit(Submit)
    case amend(Amend)
    case returnForAmendment(ReturnForAmendment)
    case resubmit(Resubmit)
    case accept(Accept)
    case placeHold(PlaceHold)
    case liftHold(LiftHold)
    case openConsultation(OpenConsultation)
    case recordComment(RecordComment)
    case closeConsultation(CloseConsultation)
    case scheduleForCouncil(ScheduleForCouncil)
    case recordCouncilResult(RecordCouncilResult)
    case approve(Approve)
    case reject(Reject)
    case forward(Forward)
    case recordHigherDecision(RecordHigherDecision)
    case withdraw(Withdraw)
    case revoke(Revoke)
    case restore(Restore)
    case reschedule(Reschedule)
    case unschedule(Unschedule)

    /// The payload, whatever the command.
    public var payload: any NominationCommandPayload {
        switch self {
        case .submit(let payload): payload
        case .amend(let payload): payload
        case .returnForAmendment(let payload): payload
        case .resubmit(let payload): payload
        case .accept(let payload): payload
        case .placeHold(let payload): payload
        case .liftHold(let payload): payload
        case .openConsultation(let payload): payload
        case .recordComment(let payload): payload
        case .closeConsultation(let payload): payload
        case .scheduleForCouncil(let payload): payload
        case .recordCouncilResult(let payload): payload
        case .approve(let payload): payload
        case .reject(let payload): payload
        case .forward(let payload): payload
        case .recordHigherDecision(let payload): payload
        case .withdraw(let payload): payload
        case .revoke(let payload): payload
        case .restore(let payload): payload
        case .reschedule(let payload): payload
        case .unschedule(let payload): payload
        }
    }

    /// The command's name in the workflow files (`submit`, `return_for_amendment`, …).
    public var name: String { Swift.type(of: payload).name }
    /// The nomination the command addresses.
    public var nominationID: String { payload.nominationID }
    /// The reason a person gave with the command, kept in the event's metadata for auditors.
    public var reason: String? { payload.statedReason }

    /// Every command's payload type: what the HTTP routes and the role checks are made from.
    public static let payloadTypes: [any NominationCommandPayload.Type] = [
        Submit.self,
        Amend.self,
        ReturnForAmendment.self,
        Resubmit.self,
        Accept.self,
        PlaceHold.self,
        LiftHold.self,
        OpenConsultation.self,
        RecordComment.self,
        CloseConsultation.self,
        ScheduleForCouncil.self,
        RecordCouncilResult.self,
        Approve.self,
        Reject.self,
        Forward.self,
        RecordHigherDecision.self,
        Withdraw.self,
        Revoke.self,
        Restore.self,
        Reschedule.self,
        Unschedule.self,
    ]
}

/// The payload of one nomination command.
public protocol NominationCommandPayload: Sendable, Equatable, Codable {
    /// The command's name in the workflow files; its HTTP route is the name with hyphens.
    static var name: String { get }
    var nominationID: String { get }
    /// The reason a person gave, for the events' metadata; nil for commands without one.
    var statedReason: String? { get }
    /// The payload wrapped in its command.
    var command: NominationCommand { get }
}

extension NominationCommandPayload {
    public var statedReason: String? { nil }
}

extension NominationCommand {
    /// `submit`: Puts a nomination forward with its dossier.
    public struct Submit: NominationCommandPayload {
        public static let name = "submit"
        public let nominationID: String
        public let kind: String
        public let title: String
        public let year: Int
        public let nominee: Nominee
        public let achievementSummary: String
        public let documents: [DossierDocument]
        /// The emulation movement the award rewards (a thematic award), by its id; nil for none.
        public let movement: String?
        /// The cluster's or bloc's ranking place the head unit proposes the nominee from; nil
        /// for a unit's own submission.
        public let ranking: RankingLink?

        public init(nominationID: String, kind: String, title: String, year: Int, nominee: Nominee, achievementSummary: String,
                    documents: [DossierDocument], movement: String? = nil, ranking: RankingLink? = nil) {
            self.nominationID = nominationID
            self.kind = kind
            self.title = title
            self.year = year
            self.nominee = nominee
            self.achievementSummary = achievementSummary
            self.documents = documents
            self.movement = movement
            self.ranking = ranking
        }

        public var command: NominationCommand { .submit(self) }
    }

    /// `amend`: Replaces the achievement summary and the dossier.
    public struct Amend: NominationCommandPayload {
        public static let name = "amend"
        public let nominationID: String
        public let achievementSummary: String
        public let documents: [DossierDocument]

        public init(nominationID: String, achievementSummary: String, documents: [DossierDocument]) {
            self.nominationID = nominationID
            self.achievementSummary = achievementSummary
            self.documents = documents
        }

        public var command: NominationCommand { .amend(self) }
    }

    /// `return_for_amendment`: Sends the dossier back at intake, with reasons.
    public struct ReturnForAmendment: NominationCommandPayload {
        public static let name = "return_for_amendment"
        public let nominationID: String
        public let reasons: [String]

        public init(nominationID: String, reasons: [String]) {
            self.nominationID = nominationID
            self.reasons = reasons
        }

        public var statedReason: String? { reasons.joined(separator: "; ") }
        public var command: NominationCommand { .returnForAmendment(self) }
    }

    /// `resubmit`: Sends an amended dossier back to intake.
    public struct Resubmit: NominationCommandPayload {
        public static let name = "resubmit"
        public let nominationID: String

        public init(nominationID: String) {
            self.nominationID = nominationID
        }

        public var command: NominationCommand { .resubmit(self) }
    }

    /// `accept`: Takes the dossier in: complete, and within the unit's cap.
    public struct Accept: NominationCommandPayload {
        public static let name = "accept"
        public let nominationID: String

        public init(nominationID: String) {
            self.nominationID = nominationID
        }

        public var command: NominationCommand { .accept(self) }
    }

    /// `place_hold`: Stops progress while a discipline, investigation, inspection or complaint is open.
    public struct PlaceHold: NominationCommandPayload {
        public static let name = HoldPolicy.placeCommand
        public let nominationID: String
        public let holdID: String
        public let holdKind: String
        public let reference: String

        public init(nominationID: String, holdID: String, holdKind: String, reference: String) {
            self.nominationID = nominationID
            self.holdID = holdID
            self.holdKind = holdKind
            self.reference = reference
        }

        public var statedReason: String? { "\(holdKind): \(reference)" }
        public var command: NominationCommand { .placeHold(self) }
    }

    /// `lift_hold`: Lifts a hold, with what settled it.
    public struct LiftHold: NominationCommandPayload {
        public static let name = HoldPolicy.liftCommand
        public let nominationID: String
        public let holdID: String
        public let note: String

        public init(nominationID: String, holdID: String, note: String) {
            self.nominationID = nominationID
            self.holdID = holdID
            self.note = note
        }

        public var statedReason: String? { note }
        public var command: NominationCommand { .liftHold(self) }
    }

    /// `open_consultation`: Opens the public consultation.
    public struct OpenConsultation: NominationCommandPayload {
        public static let name = "open_consultation"
        public let nominationID: String

        public init(nominationID: String) {
            self.nominationID = nominationID
        }

        public var command: NominationCommand { .openConsultation(self) }
    }

    /// `record_comment`: Records a comment received during the consultation.
    public struct RecordComment: NominationCommandPayload {
        public static let name = "record_comment"
        public let nominationID: String
        public let commenter: String
        public let comment: String

        public init(nominationID: String, commenter: String, comment: String) {
            self.nominationID = nominationID
            self.commenter = commenter
            self.comment = comment
        }

        public var command: NominationCommand { .recordComment(self) }
    }

    /// `close_consultation`: Closes the consultation once its period has ended.
    public struct CloseConsultation: NominationCommandPayload {
        public static let name = "close_consultation"
        public let nominationID: String

        public init(nominationID: String) {
            self.nominationID = nominationID
        }

        public var command: NominationCommand { .closeConsultation(self) }
    }

    /// `schedule_for_council`: Puts the nomination on a council session's agenda.
    public struct ScheduleForCouncil: NominationCommandPayload {
        public static let name = "schedule_for_council"
        public let nominationID: String
        public let sessionID: String

        public init(nominationID: String, sessionID: String) {
            self.nominationID = nominationID
            self.sessionID = sessionID
        }

        public var command: NominationCommand { .scheduleForCouncil(self) }
    }

    /// `record_council_result`: Records the council's vote on the nomination.
    public struct RecordCouncilResult: NominationCommandPayload {
        public static let name = "record_council_result"
        public let nominationID: String
        public let sessionID: String
        public let inFavour: Int
        public let against: Int
        public let abstaining: Int
        /// Absent members' written opinions on an open vote, each with its member's choice.
        public let writtenOpinions: [WrittenOpinion]
        /// Absent members' written opinions on a secret ballot, as counts.
        public let writtenBallots: WrittenBallots?

        public init(nominationID: String, sessionID: String, inFavour: Int, against: Int, abstaining: Int,
                    writtenOpinions: [WrittenOpinion] = [], writtenBallots: WrittenBallots? = nil) {
            self.nominationID = nominationID
            self.sessionID = sessionID
            self.inFavour = inFavour
            self.against = against
            self.abstaining = abstaining
            self.writtenOpinions = writtenOpinions
            self.writtenBallots = writtenBallots
        }

        public var command: NominationCommand { .recordCouncilResult(self) }
    }

    /// `approve`: Awards the title by the agency's own numbered decision.
    public struct Approve: NominationCommandPayload {
        public static let name = "approve"
        public let nominationID: String
        public let decisionNumber: String
        public let decisionDate: LocalDate

        public init(nominationID: String, decisionNumber: String, decisionDate: LocalDate) {
            self.nominationID = nominationID
            self.decisionNumber = decisionNumber
            self.decisionDate = decisionDate
        }

        public var command: NominationCommand { .approve(self) }
    }

    /// `reject`: Refuses the nomination, with reasons.
    public struct Reject: NominationCommandPayload {
        public static let name = "reject"
        public let nominationID: String
        public let reasons: [String]

        public init(nominationID: String, reasons: [String]) {
            self.nominationID = nominationID
            self.reasons = reasons
        }

        public var statedReason: String? { reasons.joined(separator: "; ") }
        public var command: NominationCommand { .reject(self) }
    }

    /// `forward`: Sends the proposal to the higher authority that decides.
    public struct Forward: NominationCommandPayload {
        public static let name = "forward"
        public let nominationID: String
        public let authority: String
        public let submissionNumber: String

        public init(nominationID: String, authority: String, submissionNumber: String) {
            self.nominationID = nominationID
            self.authority = authority
            self.submissionNumber = submissionNumber
        }

        public var command: NominationCommand { .forward(self) }
    }

    /// `record_higher_decision`: Records what the higher authority decided.
    public struct RecordHigherDecision: NominationCommandPayload {
        public static let name = "record_higher_decision"
        public let nominationID: String
        public let authority: String
        public let outcome: HigherOutcome
        public let decisionNumber: String
        public let decisionDate: LocalDate

        public init(nominationID: String, authority: String, outcome: HigherOutcome, decisionNumber: String, decisionDate: LocalDate) {
            self.nominationID = nominationID
            self.authority = authority
            self.outcome = outcome
            self.decisionNumber = decisionNumber
            self.decisionDate = decisionDate
        }

        public var command: NominationCommand { .recordHigherDecision(self) }
    }

    /// `withdraw`: The nominating unit takes the nomination back.
    public struct Withdraw: NominationCommandPayload {
        public static let name = "withdraw"
        public let nominationID: String
        public let reason: String

        public init(nominationID: String, reason: String) {
            self.nominationID = nominationID
            self.reason = reason
        }

        public var statedReason: String? { reason }
        public var command: NominationCommand { .withdraw(self) }
    }

    /// `revoke`: Revokes an award on a legal ground.
    public struct Revoke: NominationCommandPayload {
        public static let name = "revoke"
        public let nominationID: String
        public let ground: RevocationGround
        public let legalBasis: String
        public let decisionNumber: String
        /// The authority outside the agency whose decision is recorded: required for a title that
        /// authority decided, absent when the agency's head revokes.
        public let authority: String?

        public init(nominationID: String, ground: RevocationGround, legalBasis: String, decisionNumber: String, authority: String? = nil) {
            self.nominationID = nominationID
            self.ground = ground
            self.legalBasis = legalBasis
            self.decisionNumber = decisionNumber
            self.authority = authority
        }

        public var statedReason: String? { "\(ground.rawValue): \(legalBasis)" }
        public var command: NominationCommand { .revoke(self) }
    }

    /// `restore`: Restores a revoked award.
    public struct Restore: NominationCommandPayload {
        public static let name = "restore"
        public let nominationID: String
        public let reason: String
        public let decisionNumber: String
        /// The authority outside the agency whose decision is recorded: required for a title that
        /// authority decided, absent when the agency's head restores.
        public let authority: String?

        public init(nominationID: String, reason: String, decisionNumber: String, authority: String? = nil) {
            self.nominationID = nominationID
            self.reason = reason
            self.decisionNumber = decisionNumber
            self.authority = authority
        }

        public var statedReason: String? { reason }
        public var command: NominationCommand { .restore(self) }
    }

    /// `reschedule`: Moves the nomination from the agenda of a session that did not decide on it
    /// to another session's, at the same stage, with the reason.
    public struct Reschedule: NominationCommandPayload {
        public static let name = "reschedule"
        public let nominationID: String
        /// The session it moves to.
        public let sessionID: String
        public let reason: String

        public init(nominationID: String, sessionID: String, reason: String) {
            self.nominationID = nominationID
            self.sessionID = sessionID
            self.reason = reason
        }

        public var statedReason: String? { reason }
        public var command: NominationCommand { .reschedule(self) }
    }

    /// `unschedule`: Takes the nomination off the agenda of a session that did not decide on it,
    /// back to awaiting scheduling, with the reason.
    public struct Unschedule: NominationCommandPayload {
        public static let name = "unschedule"
        public let nominationID: String
        public let reason: String

        public init(nominationID: String, reason: String) {
            self.nominationID = nominationID
            self.reason = reason
        }

        public var statedReason: String? { reason }
        public var command: NominationCommand { .unschedule(self) }
    }
}

extension NominationCommand {
    /// The council session the command names: scheduling on it, recording its result, or moving
    /// a nomination to it.
    public var sessionID: String? {
        switch self {
        case .scheduleForCouncil(let scheduling): scheduling.sessionID
        case .recordCouncilResult(let result): result.sessionID
        case .reschedule(let moving): moving.sessionID
        default: nil
        }
    }

    /// The submission's payload; nil for every other command.
    public var submission: Submit? {
        guard case .submit(let submission) = self else { return nil }
        return submission
    }
}
