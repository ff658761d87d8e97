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

    /// The actor's roles and the rule explanations are copied by the server from the event's own
    /// `metadata` and `payload` in the log, rather than re-encoded here: encoding them (and
    /// escaping them into array parameters) was the largest part of a rebuild's client time.
    /// ``explanationsSQL`` says where each event type keeps its explanations, as
    /// ``NominationEvent/explanations`` does; a test holds the two to the same result.
    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var rows = BatchRows(columns: 10)
        for event in events {
            guard case .nomination(let nomination) = event.body else { continue }
            let record = event.record
            rows.append(
                event.tenant, nomination.nominationID, record.version, record.position, record.type,
                record.metadata.actorID, record.recordedAt, record.metadata.reason ?? nomination.statedReason,
                nomination.summary, record.hash)
        }
        return [rows.statement("""
            INSERT INTO timeline (tenant, nomination_id, version, position, event_type, actor_id, actor_roles,
                recorded_at, reason, summary, explanations, event_hash)
            SELECT row.tenant, row.nomination_id, row.version, row.position, row.event_type, row.actor_id,
                coalesce(event.metadata -> 'actor_roles', '[]'::jsonb), row.recorded_at, row.reason, row.summary,
                \(Self.explanationsSQL), row.event_hash
            FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[], $7::timestamptz[],
                $8::text[], $9::text[], $10::text[])
                AS row(tenant, nomination_id, version, position, event_type, actor_id, recorded_at, reason, summary, event_hash)
            JOIN public.events AS event ON event.position = row.position
            """)].compactMap { $0 }
    }

    /// The `jsonb` array of an event's rule explanations, from `event.payload`.
    static let explanationsSQL = """
        coalesce(CASE row.event_type
            WHEN 'nomination.consultation_opened' THEN jsonb_build_array(event.payload -> 'explanation')
            WHEN 'nomination.consultation_closed' THEN jsonb_build_array(event.payload -> 'explanation')
            WHEN 'nomination.council_result_recorded'
                THEN jsonb_build_array(event.payload -> 'result' -> 'quorum', event.payload -> 'result' -> 'threshold')
            WHEN 'nomination.submitted' THEN event.payload -> 'explanations'
            WHEN 'nomination.accepted' THEN event.payload -> 'explanations'
            WHEN 'nomination.approved' THEN event.payload -> 'explanations'
            WHEN 'nomination.forwarded' THEN event.payload -> 'explanations'
        END, '[]'::jsonb)
        """
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
