import Workflow

/// Every event in the life of a nomination. Payloads carry what read models need (nominee, unit,
/// title, year, stage deadlines, rule explanations); the actor is not in them, as the event store's
/// metadata records who acted.
public enum NominationEvent: Sendable, Equatable, DomainEvent {
    case submitted(NominationSubmitted)
    case amended(NominationAmended)
    case returnedForAmendment(NominationReturnedForAmendment)
    case resubmitted(NominationResubmitted)
    case accepted(NominationAccepted)
    case holdPlaced(NominationHoldPlaced)
    case holdLifted(NominationHoldLifted)
    case consultationOpened(NominationConsultationOpened)
    case commentRecorded(NominationCommentRecorded)
    case consultationClosed(NominationConsultationClosed)
    case scheduledForCouncil(NominationScheduledForCouncil)
    case councilResultRecorded(NominationCouncilResultRecorded)
    case approved(NominationApproved)
    case rejected(NominationRejected)
    case forwarded(NominationForwarded)
    case higherDecisionRecorded(NominationHigherDecisionRecorded)
    case withdrawn(NominationWithdrawn)
    case revoked(NominationRevoked)
    case restored(NominationRestored)
    case rescheduled(NominationRescheduled)
    case unscheduled(NominationUnscheduled)

    /// The payload, for the event store.
    public var payload: any NominationEventPayload { visitPayload(Boxing()) }
    public var storedPayload: any EventPayload { payload }

    /// `visitor` applied to the payload as its own type: reading a field through ``payload``
    /// copies the payload into a box first, and read models read fields of every event.
    func visitPayload<Visitor: NominationPayloadVisitor>(_ visitor: Visitor) -> Visitor.Result {
        switch self {
        case .submitted(let payload): visitor.visit(payload)
        case .amended(let payload): visitor.visit(payload)
        case .returnedForAmendment(let payload): visitor.visit(payload)
        case .resubmitted(let payload): visitor.visit(payload)
        case .accepted(let payload): visitor.visit(payload)
        case .holdPlaced(let payload): visitor.visit(payload)
        case .holdLifted(let payload): visitor.visit(payload)
        case .consultationOpened(let payload): visitor.visit(payload)
        case .commentRecorded(let payload): visitor.visit(payload)
        case .consultationClosed(let payload): visitor.visit(payload)
        case .scheduledForCouncil(let payload): visitor.visit(payload)
        case .councilResultRecorded(let payload): visitor.visit(payload)
        case .approved(let payload): visitor.visit(payload)
        case .rejected(let payload): visitor.visit(payload)
        case .forwarded(let payload): visitor.visit(payload)
        case .higherDecisionRecorded(let payload): visitor.visit(payload)
        case .withdrawn(let payload): visitor.visit(payload)
        case .revoked(let payload): visitor.visit(payload)
        case .restored(let payload): visitor.visit(payload)
        case .rescheduled(let payload): visitor.visit(payload)
        case .unscheduled(let payload): visitor.visit(payload)
        }
    }

    /// The stable type name, for example `nomination.submitted`.
    public var type: String { Swift.type(of: payload).type }
    /// The payload's schema version.
    public var schemaVersion: Int { Swift.type(of: payload).schemaVersion }
    /// The nomination the event belongs to.
    public var nominationID: String { visitPayload(NominationIDReading()) }
    /// The stage change, for events that move the nomination.
    public var stage: StageChange? { visitPayload(StageChangeReading()) }

    /// Every payload type, for decoding by type name.
    public static let payloadTypes: [any NominationEventPayload.Type] = [
        NominationSubmitted.self,
        NominationAmended.self,
        NominationReturnedForAmendment.self,
        NominationResubmitted.self,
        NominationAccepted.self,
        NominationHoldPlaced.self,
        NominationHoldLifted.self,
        NominationConsultationOpened.self,
        NominationCommentRecorded.self,
        NominationConsultationClosed.self,
        NominationScheduledForCouncil.self,
        NominationCouncilResultRecorded.self,
        NominationApproved.self,
        NominationRejected.self,
        NominationForwarded.self,
        NominationHigherDecisionRecorded.self,
        NominationWithdrawn.self,
        NominationRevoked.self,
        NominationRestored.self,
        NominationRescheduled.self,
        NominationUnscheduled.self,
    ]

    /// Decodes a stored payload of the given type.
    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        guard let payloadType = Self.payloadTypes.first(where: { $0.type == type }) else {
            throw UnknownTypeError(type: type)
        }
        self = try payloadType.init(from: decoder).event
    }
}

extension NominationEvent: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        let type = try container.decode(String.self, forKey: .type)
        try self.init(type: type, payloadDecoder: try container.superDecoder(forKey: .payload))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try payload.encode(to: container.superEncoder(forKey: .payload))
    }
}

/// Something done with a nomination event's payload, whatever its type.
protocol NominationPayloadVisitor {
    associatedtype Result
    func visit<Payload: NominationEventPayload>(_ payload: Payload) -> Result
}

private struct Boxing: NominationPayloadVisitor {
    func visit<Payload: NominationEventPayload>(_ payload: Payload) -> any NominationEventPayload { payload }
}

private struct NominationIDReading: NominationPayloadVisitor {
    func visit<Payload: NominationEventPayload>(_ payload: Payload) -> String { payload.nominationID }
}

private struct StageChangeReading: NominationPayloadVisitor {
    func visit<Payload: NominationEventPayload>(_ payload: Payload) -> StageChange? { payload.stageChange }
}

/// A nomination event payload.
public protocol NominationEventPayload: EventPayload {
    var nominationID: String { get }
    /// The payload wrapped in its event case.
    var event: NominationEvent { get }
    /// The stage change the event makes, if it moves the nomination.
    var stageChange: StageChange? { get }
}

/// What a decision is about: repeated in decision events (approval, rejection, higher decision,
/// withdrawal, revocation, restoration) so that award registers and statistics can be built from them alone.
public struct NominationSubject: Sendable, Equatable, Codable {
    public let kind: String
    public let title: String
    public let titleName: String
    public let year: Int
    public let nominee: Nominee
}

/// A move from one state to another, with the new stage's deadline.
public struct StageChange: Sendable, Equatable, Codable {
    public let from: String
    public let to: String
    public let enteredOn: LocalDate
    /// The last working day of the new stage, when it has a deadline.
    public let deadline: LocalDate?
}

/// `nomination.submitted`: the nomination enters the procedure, under the pinned rule set and workflow version.
public struct NominationSubmitted: NominationEventPayload {
    public static let type = "nomination.submitted"
    public static let schemaVersion = 1
    public let nominationID: String
    public let kind: String
    public let title: String
    public let titleName: String
    public let year: Int
    public let nominee: Nominee
    public let achievementSummary: String
    public let documents: [DossierDocument]
    public let ruleSetVersion: String
    public let workflowVersion: Int
    public let stage: StageChange
    public let explanations: [Explanation]
    /// The emulation movement the award rewards, for a thematic award.
    public var movement: String? = nil
    /// The ranking place it was proposed from, for a cluster's or bloc's proposal.
    public var ranking: RankingLink? = nil

    public var event: NominationEvent { .submitted(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.amended`: the nominating unit replaced the achievement summary and dossier.
public struct NominationAmended: NominationEventPayload {
    public static let type = "nomination.amended"
    public static let schemaVersion = 1
    public let nominationID: String
    public let achievementSummary: String
    public let documents: [DossierDocument]
    public let amendedOn: LocalDate

    public var event: NominationEvent { .amended(self) }
    public var stageChange: StageChange? { nil }
}

/// `nomination.returned_for_amendment`: intake sent the dossier back with reasons.
public struct NominationReturnedForAmendment: NominationEventPayload {
    public static let type = "nomination.returned_for_amendment"
    public static let schemaVersion = 1
    public let nominationID: String
    public let reasons: [String]
    public let stage: StageChange

    public var event: NominationEvent { .returnedForAmendment(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.resubmitted`: the amended dossier is submitted again.
public struct NominationResubmitted: NominationEventPayload {
    public static let type = "nomination.resubmitted"
    public static let schemaVersion = 1
    public let nominationID: String
    public let stage: StageChange

    public var event: NominationEvent { .resubmitted(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.accepted`: intake found the dossier complete (and within the cap where checked).
public struct NominationAccepted: NominationEventPayload {
    public static let type = "nomination.accepted"
    public static let schemaVersion = 1
    public let nominationID: String
    public let stage: StageChange
    public let explanations: [Explanation]

    public var event: NominationEvent { .accepted(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.hold_placed`: discipline, investigation, inspection, audit or a complaint blocks progress.
public struct NominationHoldPlaced: NominationEventPayload {
    public static let type = "nomination.hold_placed"
    public static let schemaVersion = 1
    public let nominationID: String
    public let holdID: String
    public let holdKind: String
    public let reference: String
    public let placedOn: LocalDate

    public var event: NominationEvent { .holdPlaced(self) }
    public var stageChange: StageChange? { nil }
}

/// `nomination.hold_lifted`: a hold ended.
public struct NominationHoldLifted: NominationEventPayload {
    public static let type = "nomination.hold_lifted"
    public static let schemaVersion = 1
    public let nominationID: String
    public let holdID: String
    public let holdKind: String
    public let note: String
    public let liftedOn: LocalDate
    /// The stage's deadline moved by the working days its clock was stopped, when this was the
    /// last hold in force and the stage has a deadline (see `Nomination.pausedSince`).
    ///
    /// Optional, with the schema version unchanged: lifts recorded before holds paused deadlines
    /// have no such key, decode with nil, and move nothing, as they did when they were recorded.
    public let stageDeadline: LocalDate?

    public var event: NominationEvent { .holdLifted(self) }
    public var stageChange: StageChange? { nil }
}

/// `nomination.consultation_opened`: public consultation started; it runs for the rule set's working days.
public struct NominationConsultationOpened: NominationEventPayload {
    public static let type = "nomination.consultation_opened"
    public static let schemaVersion = 1
    public let nominationID: String
    public let opensOn: LocalDate
    public let closesOn: LocalDate
    public let stage: StageChange
    public let explanation: Explanation

    public var event: NominationEvent { .consultationOpened(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.comment_recorded`: a comment received during the public consultation.
public struct NominationCommentRecorded: NominationEventPayload {
    public static let type = "nomination.comment_recorded"
    public static let schemaVersion = 1
    public let nominationID: String
    public let commenter: String
    public let comment: String
    public let receivedOn: LocalDate

    public var event: NominationEvent { .commentRecorded(self) }
    public var stageChange: StageChange? { nil }
}

/// `nomination.consultation_closed`: the consultation period ended and was closed.
public struct NominationConsultationClosed: NominationEventPayload {
    public static let type = "nomination.consultation_closed"
    public static let schemaVersion = 1
    public let nominationID: String
    public let commentCount: Int
    public let stage: StageChange
    public let explanation: Explanation

    public var event: NominationEvent { .consultationClosed(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.scheduled_for_council`: the nomination is on a council session's agenda.
public struct NominationScheduledForCouncil: NominationEventPayload {
    public static let type = "nomination.scheduled_for_council"
    public static let schemaVersion = 1
    public let nominationID: String
    public let sessionID: String
    public let council: String
    public let sessionDate: LocalDate
    public let stage: StageChange

    public var event: NominationEvent { .scheduledForCouncil(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.council_result_recorded`: the secret-ballot tally and the outcome computed by the rule.
public struct NominationCouncilResultRecorded: NominationEventPayload {
    public static let type = "nomination.council_result_recorded"
    public static let schemaVersion = 1
    public let nominationID: String
    public let result: CouncilResult
    public let stage: StageChange

    public var event: NominationEvent { .councilResultRecorded(self) }
    public var stageChange: StageChange? { stage }
}

extension NominationEvent {
    /// The deputy who signed this decision for the head under a delegation, if one did.
    public var signedOnBehalf: SignedOnBehalf? {
        switch self {
        case .approved(let e): e.signedOnBehalf
        case .rejected(let e): e.signedOnBehalf
        case .forwarded(let e): e.signedOnBehalf
        case .revoked(let e): e.signedOnBehalf
        case .restored(let e): e.signedOnBehalf
        default: nil
        }
    }
}

/// `nomination.approved`: the head of the agency decided the award.
public struct NominationApproved: NominationEventPayload {
    public static let type = "nomination.approved"
    public static let schemaVersion = 1
    public let nominationID: String
    /// What the decision is about, so award registers and statistics need no other event.
    public let subject: NominationSubject
    public let decisionNumber: String
    public let decisionDate: LocalDate
    public let stage: StageChange
    public let explanations: [Explanation]

    /// The deputy who signed for the head under a delegation; absent when the head signed.
    public var signedOnBehalf: SignedOnBehalf? = nil

    public var event: NominationEvent { .approved(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.rejected`: the nomination was rejected with reasons.
public struct NominationRejected: NominationEventPayload {
    public static let type = "nomination.rejected"
    public static let schemaVersion = 1
    public let nominationID: String
    /// What the decision is about, so award registers and statistics need no other event.
    public let subject: NominationSubject
    public let reasons: [String]
    public let stage: StageChange

    /// The deputy who signed for the head under a delegation; absent when the head signed.
    public var signedOnBehalf: SignedOnBehalf? = nil

    public var event: NominationEvent { .rejected(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.forwarded`: the nomination was proposed to a higher authority.
public struct NominationForwarded: NominationEventPayload {
    public static let type = "nomination.forwarded"
    public static let schemaVersion = 1
    public let nominationID: String
    public let authority: String
    public let submissionNumber: String
    public let stage: StageChange
    public let explanations: [Explanation]

    /// The deputy who signed for the head under a delegation; absent when the head signed.
    public var signedOnBehalf: SignedOnBehalf? = nil

    public var event: NominationEvent { .forwarded(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.higher_decision_recorded`: the higher authority's decision.
public struct NominationHigherDecisionRecorded: NominationEventPayload {
    public static let type = "nomination.higher_decision_recorded"
    public static let schemaVersion = 1
    public let nominationID: String
    /// What the decision is about, so award registers and statistics need no other event.
    public let subject: NominationSubject
    public let authority: String
    public let outcome: HigherOutcome
    public let decisionNumber: String
    public let decisionDate: LocalDate
    public let stage: StageChange

    public var event: NominationEvent { .higherDecisionRecorded(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.withdrawn`: the nominating unit withdrew the nomination.
public struct NominationWithdrawn: NominationEventPayload {
    public static let type = "nomination.withdrawn"
    public static let schemaVersion = 1
    public let nominationID: String
    /// What the decision is about, so award registers and statistics need no other event.
    public let subject: NominationSubject
    public let reason: String
    public let stage: StageChange

    public var event: NominationEvent { .withdrawn(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.revoked`: the award was revoked on a legal ground (Law 06/2022/QH15 art. 93(2)).
public struct NominationRevoked: NominationEventPayload {
    public static let type = "nomination.revoked"
    public static let schemaVersion = 1
    public let nominationID: String
    /// What the decision is about, so award registers and statistics need no other event.
    public let subject: NominationSubject
    public let ground: RevocationGround
    public let legalBasis: String
    public let decisionNumber: String
    public let stage: StageChange
    /// The authority outside the agency whose revocation this records (for a title it decided);
    /// absent when the agency's head revoked.
    public var authority: String? = nil

    /// The deputy who signed for the head under a delegation; absent when the head signed.
    public var signedOnBehalf: SignedOnBehalf? = nil

    /// The decision that awarded the title, which the revocation cites (Law 06/2022/QH15 art. 93);
    /// absent in events recorded before revocations cited it.
    public var revokesDecision: String? = nil

    public var event: NominationEvent { .revoked(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.restored`: a revoked award was restored (for example after exoneration).
public struct NominationRestored: NominationEventPayload {
    public static let type = "nomination.restored"
    public static let schemaVersion = 1
    public let nominationID: String
    /// What the decision is about, so award registers and statistics need no other event.
    public let subject: NominationSubject
    public let reason: String
    public let decisionNumber: String
    public let stage: StageChange
    /// The authority outside the agency whose restoration this records (for a title it
    /// decided); absent when the agency's head restored.
    public var authority: String? = nil

    /// The deputy who signed for the head under a delegation; absent when the head signed.
    public var signedOnBehalf: SignedOnBehalf? = nil

    public var event: NominationEvent { .restored(self) }
    public var stageChange: StageChange? { stage }
}

/// `nomination.rescheduled`: the nomination moved from the agenda of a session that did not decide
/// on it to another session's of the same council, with the reason. The stage stays: no stage
/// change, so its deadline runs on (a session that did not decide gives the council no new period).
public struct NominationRescheduled: NominationEventPayload {
    public static let type = "nomination.rescheduled"
    public static let schemaVersion = 1
    public let nominationID: String
    /// The session whose agenda it left.
    public let fromSessionID: String
    /// The session whose agenda it is on now.
    public let sessionID: String
    public let council: String
    public let sessionDate: LocalDate
    public let reason: String

    public var event: NominationEvent { .rescheduled(self) }
    public var stageChange: StageChange? { nil }
}

/// `nomination.unscheduled`: the nomination left the agenda of a session that did not decide on
/// it, back to awaiting scheduling (a stage entered anew, with a new deadline), with the reason.
public struct NominationUnscheduled: NominationEventPayload {
    public static let type = "nomination.unscheduled"
    public static let schemaVersion = 1
    public let nominationID: String
    /// The session whose agenda it left.
    public let fromSessionID: String
    public let reason: String
    public let stage: StageChange

    public var event: NominationEvent { .unscheduled(self) }
    public var stageChange: StageChange? { stage }
}
