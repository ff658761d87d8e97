import EventStore
import Nominations
import Postgres

/// Per nomination, the timeline of its events: who acted, when, why, which rule decided and what
/// it found, and each event's integrity hash for auditors to check against the log.
public struct DecisionHistoryProjection: Projection {
    public let name = "history"
    public let schema = "projection_history"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var rows = BatchRows(columns: 12)
        let json = JSONColumnEncoder()
        for event in events {
            guard case .nomination(let nomination) = event.body else { continue }
            let record = event.record
            rows.append(
                event.tenant, nomination.nominationID, record.version, record.position, record.type,
                record.metadata.actorID, try json.text(record.metadata.actorRoles), record.recordedAt,
                record.metadata.reason ?? nomination.statedReason, nomination.summary,
                try json.text(nomination.explanations), record.hash)
        }
        return [rows.statement("""
            INSERT INTO timeline (tenant, nomination_id, version, position, event_type, actor_id, actor_roles,
                recorded_at, reason, summary, explanations, event_hash)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[], $7::jsonb[],
                $8::timestamptz[], $9::text[], $10::text[], $11::jsonb[], $12::text[])
            """)].compactMap { $0 }
    }
}

extension NominationEvent {
    /// One sentence saying what happened, for timelines.
    public var summary: String {
        switch self {
        case .submitted(let e): "Submitted \(e.titleName) (\(e.year)) for \(e.nominee.name), \(e.nominee.unit), under rule set \(e.ruleSetVersion)"
        case .amended: "Dossier amended"
        case .returnedForAmendment(let e): "Returned for amendment: \(e.reasons.joined(separator: "; "))"
        case .resubmitted: "Resubmitted after amendment"
        case .accepted: "Accepted at intake"
        case .holdPlaced(let e): "Hold placed (\(e.holdKind), \(e.reference))"
        case .holdLifted(let e): "Hold lifted (\(e.holdKind))"
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
        case .restored(let e): "Restored by decision \(e.decisionNumber): \(e.reason)"
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
    var statedReason: String? {
        switch self {
        case .returnedForAmendment(let e): e.reasons.joined(separator: "; ")
        case .rejected(let e): e.reasons.joined(separator: "; ")
        case .withdrawn(let e): e.reason
        case .revoked(let e): e.legalBasis
        case .restored(let e): e.reason
        case .holdLifted(let e): e.note
        default: nil
        }
    }
}
