import EventStore
import Foundation
import Nominations

/// One entry of a nomination's decision timeline: who acted, when, why, which rule decided and what
/// it found, and the event's integrity hash for auditors to check against the log.
///
/// Made from the nomination's stream itself, not from a read model: a timeline is one stream's
/// events, which the log's index by stream serves in one read, always up to date.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public let version: Int64
    public let position: Int64
    public let type: String
    public let actorID: String?
    public let actorRoles: [String]
    public let recordedAt: Date
    public let reason: String?
    public let summary: String
    public let explanations: [Explanation]
    public let hash: String
}

extension TimelineEntry {
    /// The entry of `event`, decoded from `record`.
    public init(_ record: RecordedEvent, _ event: NominationEvent) {
        self.init(
            version: record.version, position: record.position, type: record.type, actorID: record.metadata.actorID,
            actorRoles: record.metadata.actorRoles, recordedAt: record.recordedAt,
            reason: record.metadata.reason ?? event.statedReason, summary: event.summary,
            explanations: event.explanations, hash: record.hash)
    }
}

extension NominationEvent {
    /// One sentence saying what happened, for timelines; a decision a deputy signed for the
    /// head says so.
    public var summary: String {
        guard let signed = signedOnBehalf else { return action }
        return "\(action); \(signed.words)"
    }

    private var action: String {
        switch self {
        case .submitted(let e): "Submitted \(e.titleName) (\(e.year)) for \(e.nominee.name), \(e.nominee.unit), under rule set \(e.ruleSetVersion)"
        case .amended: "Dossier amended"
        case .returnedForAmendment(let e): "Returned for amendment: \(e.reasons.joined(separator: "; "))"
        case .resubmitted: "Resubmitted after amendment"
        case .accepted: "Accepted at intake"
        case .holdPlaced(let e): "Hold placed (\(e.holdKind), \(e.reference))"
        case .holdLifted(let e): "Hold lifted (\(e.holdKind))" + (e.stageDeadline.map { "; the stage is now due on \($0)" } ?? "")
        case .consultationOpened(let e): "Public consultation opened, \(e.opensOn) to \(e.closesOn)"
        case .commentRecorded(let e): "Consultation comment from \(e.commenter)"
        case .consultationClosed(let e): "Public consultation closed with \(e.commentCount) comment(s)"
        case .scheduledForCouncil(let e): "Scheduled for the \(e.council) council session of \(e.sessionDate)"
        case .councilResultRecorded(let e): "Council result: \(e.result.threshold.text)"
        case .approved(let e): "Approved by decision \(e.decisionNumber) of \(e.decisionDate)"
        case .rejected(let e): "Rejected: \(e.reasons.joined(separator: "; "))"
        case .forwarded(let e): "Forwarded to \(e.authority) (submission \(e.submissionNumber))"
        case .higherDecisionRecorded(let e): "\(e.authority) decided \(e.outcome.rawValue) by decision \(e.decisionNumber) of \(e.decisionDate)"
        case .withdrawn(let e): "Withdrawn: \(e.reason)"
        case .revoked(let e): "Revoked on the ground \(e.ground.rawValue) (\(e.legalBasis)), decision \(e.decisionNumber)"
            + (e.revokesDecision.map { ", revoking the award of decision \($0)" } ?? "")
        case .restored(let e): "Restored by decision \(e.decisionNumber): \(e.reason)"
        case .rescheduled(let e): "Moved from session \(e.fromSessionID) to the \(e.council) council session of \(e.sessionDate) (\(e.sessionID)): \(e.reason)"
        case .unscheduled(let e): "Taken off the agenda of session \(e.fromSessionID), back to \(e.stage.to) to be scheduled again: \(e.reason)"
        }
    }

    /// The rule explanations the event carries, in order.
    public var explanations: [Explanation] {
        switch self {
        case .submitted(let e): e.explanations
        case .accepted(let e): e.explanations
        case .consultationOpened(let e): [e.explanation]
        case .consultationClosed(let e): [e.explanation]
        case .councilResultRecorded(let e): [e.result.quorum, e.result.threshold]
        case .approved(let e): e.explanations
        case .forwarded(let e): e.explanations
        default: []
        }
    }

    /// The reason a person gave in the event itself, when there is one.
    public var statedReason: String? {
        switch self {
        case .returnedForAmendment(let e): e.reasons.joined(separator: "; ")
        case .rejected(let e): e.reasons.joined(separator: "; ")
        case .withdrawn(let e): e.reason
        case .revoked(let e): e.legalBasis
        case .restored(let e): e.reason
        case .holdLifted(let e): e.note
        case .rescheduled(let e): e.reason
        case .unscheduled(let e): e.reason
        default: nil
        }
    }
}
