import EventStore
import Nominations
import Postgres

/// Council sessions with the members present, recusals, the nominations on the agenda, and each
/// one's tally and computed outcome.
public struct CouncilAgendaProjection: Projection {
    public let name = "council"
    public let schema = "projection_council"
    public let eventTypes: Set<String> = [
        CouncilConvened.type, CouncilMemberRecused.type, CouncilClosed.type,
        NominationScheduledForCouncil.type, NominationCouncilResultRecorded.type,
    ]

    public init() {}

    public func statements(for event: ProjectedEvent) throws -> [PostgresStatement] {
        let tenant = event.tenant
        switch event.body {
        case .council(.convened(let convened)):
            return [PostgresStatement("""
                INSERT INTO sessions (tenant, session_id, council, session_date, members, present, chair_id)
                VALUES ($1, $2, $3, $4::date, $5, $6, $7)
                """, [tenant, convened.sessionID, convened.council, convened.date.description,
                      PostgresJSON(convened.members), PostgresJSON(convened.present), convened.chairID])]
        case .council(.memberRecused(let recused)):
            return [PostgresStatement("""
                INSERT INTO recusals (tenant, session_id, member_id, nomination_id, reason) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT DO NOTHING
                """, [tenant, recused.sessionID, recused.memberID, recused.nominationID, recused.reason])]
        case .council(.closed(let closed)):
            return [PostgresStatement(
                "UPDATE sessions SET closed = true WHERE tenant = $1 AND session_id = $2", [tenant, closed.sessionID])]
        case .nomination(.scheduledForCouncil(let scheduled)):
            return [PostgresStatement("""
                INSERT INTO agenda (tenant, session_id, nomination_id, scheduled_position) VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant, session_id, nomination_id) DO UPDATE SET scheduled_position = EXCLUDED.scheduled_position
                """, [tenant, scheduled.sessionID, scheduled.nominationID, event.record.position])]
        case .nomination(.councilResultRecorded(let recorded)):
            let result = recorded.result
            return [PostgresStatement("""
                UPDATE agenda SET in_favour = $4, against = $5, abstaining = $6, recommended = $7,
                    quorum_text = $8, threshold_text = $9
                WHERE tenant = $1 AND session_id = $2 AND nomination_id = $3
                """, [tenant, result.sessionID, recorded.nominationID, result.inFavour, result.against,
                      result.abstaining, result.recommended, result.quorum.text, result.threshold.text])]
        default:
            return []
        }
    }
}
