import EventStore
import Nominations
import Postgres

/// Council sessions with the members present, recusals, the nominations on the agenda, and each
/// one's tally and computed outcome. A nomination moved off a session that did not decide on it
/// leaves that session's agenda (and joins the new session's, when moved to one).
public struct CouncilAgendaProjection: Projection {
    public let name = "council"
    public let schema = "projection_council"
    public let eventTypes: Set<String> = [
        CouncilConvened.type, CouncilMemberRecused.type, CouncilClosed.type,
        NominationScheduledForCouncil.type, NominationCouncilResultRecorded.type,
        NominationRescheduled.type, NominationUnscheduled.type,
    ]

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var sessions = KeyedChanges<SessionKey, (convened: CouncilConvened?, closed: Bool)>()
        var recusals = BatchRows(columns: 5)
        var agenda = KeyedChanges<AgendaKey, UpsertThenUpdate<Int64, CouncilResult>>()
        for event in events {
            let tenant = event.tenant
            switch event.body {
            case .council(.convened(let convened)):
                // A session is convened once: a close before it in the batch changed no row.
                sessions.set(SessionKey(tenant: tenant, sessionID: convened.sessionID), (convened, false))
            case .council(.closed(let closed)):
                sessions.modify(SessionKey(tenant: tenant, sessionID: closed.sessionID), startingWith: (nil, false)) {
                    $0.closed = true
                }
            case .council(.memberRecused(let recused)):
                recusals.append(tenant, recused.sessionID, recused.memberID, recused.nominationID, recused.reason)
            case .nomination(.scheduledForCouncil(let scheduled)):
                let key = AgendaKey(tenant: tenant, sessionID: scheduled.sessionID, nominationID: scheduled.nominationID)
                agenda.modify(key, startingWith: .init()) { $0.upsert(event.record.position) { $0 = $1 } }
            case .nomination(.councilResultRecorded(let recorded)):
                let key = AgendaKey(tenant: tenant, sessionID: recorded.result.sessionID, nominationID: recorded.nominationID)
                agenda.modify(key, startingWith: .init()) { $0.update(recorded.result) }
            case .nomination(.rescheduled(let moved)):
                let left = AgendaKey(tenant: tenant, sessionID: moved.fromSessionID, nominationID: moved.nominationID)
                agenda.modify(left, startingWith: .init()) { $0.delete() }
                let joined = AgendaKey(tenant: tenant, sessionID: moved.sessionID, nominationID: moved.nominationID)
                agenda.modify(joined, startingWith: .init()) { $0.upsert(event.record.position) { $0 = $1 } }
            case .nomination(.unscheduled(let removed)):
                let left = AgendaKey(tenant: tenant, sessionID: removed.fromSessionID, nominationID: removed.nominationID)
                agenda.modify(left, startingWith: .init()) { $0.delete() }
            default:
                break
            }
        }
        var newSessions = BatchRows(columns: 8)
        var closedSessions = BatchRows(columns: 2)
        for (key, change) in sessions.all {
            if let convened = change.convened {
                newSessions.append(
                    key.tenant, key.sessionID, convened.council, convened.date.description, PostgresJSON(convened.members),
                    PostgresJSON(convened.present), convened.chairID, change.closed)
            } else {
                closedSessions.append(key.tenant, key.sessionID)
            }
        }
        var removed = BatchRows(columns: 3)
        var scheduled = BatchRows(columns: 4)
        var resultsBefore = BatchRows(columns: 9)
        var resultsAfter = BatchRows(columns: 9)
        for (key, change) in agenda.all {
            if change.deletesFirst { removed.append(key.tenant, key.sessionID, key.nominationID) }
            if let position = change.row { scheduled.append(key.tenant, key.sessionID, key.nominationID, position) }
            if let result = change.updateBefore { resultsBefore.append(Self.tally(key, result)) }
            if let result = change.updateAfter { resultsAfter.append(Self.tally(key, result)) }
        }
        let recordResults = """
            UPDATE agenda AS a SET in_favour = r.in_favour, against = r.against, abstaining = r.abstaining,
                recommended = r.recommended, quorum_text = r.quorum_text, threshold_text = r.threshold_text
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::int4[], $6::int4[], $7::bool[], $8::text[],
                $9::text[]) AS r (tenant, session_id, nomination_id, in_favour, against, abstaining, recommended,
                quorum_text, threshold_text)
            WHERE a.tenant = r.tenant AND a.session_id = r.session_id AND a.nomination_id = r.nomination_id
            """
        return [
            closedSessions.statement("""
                UPDATE sessions AS s SET closed = true FROM unnest($1::text[], $2::text[]) AS c (tenant, session_id)
                WHERE s.tenant = c.tenant AND s.session_id = c.session_id
                """),
            newSessions.statement("""
                INSERT INTO sessions (tenant, session_id, council, session_date, members, present, chair_id, closed)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::jsonb[], $6::jsonb[], $7::text[],
                    $8::bool[])
                """),
            recusals.statement("""
                INSERT INTO recusals (tenant, session_id, member_id, nomination_id, reason)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                ON CONFLICT DO NOTHING
                """),
            removed.statement("""
                DELETE FROM agenda AS a USING unnest($1::text[], $2::text[], $3::text[]) AS d (tenant, session_id, nomination_id)
                WHERE a.tenant = d.tenant AND a.session_id = d.session_id AND a.nomination_id = d.nomination_id
                """),
            resultsBefore.statement(recordResults),
            scheduled.statement("""
                INSERT INTO agenda (tenant, session_id, nomination_id, scheduled_position)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[])
                ON CONFLICT (tenant, session_id, nomination_id) DO UPDATE SET scheduled_position = EXCLUDED.scheduled_position
                """),
            resultsAfter.statement(recordResults),
        ].compactMap { $0 }
    }

    private static func tally(_ key: AgendaKey, _ result: CouncilResult) -> [any PostgresEncodable] {
        [key.tenant, key.sessionID, key.nominationID, result.inFavour, result.against, result.abstaining,
         result.recommended, result.quorum.text, result.threshold.text]
    }

    private struct SessionKey: Hashable {
        let tenant: String
        let sessionID: String
    }

    private struct AgendaKey: Hashable {
        let tenant: String
        let sessionID: String
        let nominationID: String
    }
}
