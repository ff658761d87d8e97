import EventStore
import Nominations
import Postgres

/// One row per nomination: kind, title, nominee, unit, year, state, holds, current stage and its
/// deadline, last change. Backs the nomination lists and their filters.
public struct NominationListProjection: Projection {
    public let name = "nominations"
    public let schema = "projection_nominations"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for event: ProjectedEvent) throws -> [PostgresStatement] {
        guard case .nomination(let nomination) = event.body else { return [] }
        let record = event.record
        let key: [any PostgresEncodable] = [event.tenant, nomination.nominationID]
        var statements: [PostgresStatement] = []
        switch nomination {
        case .submitted(let submitted):
            statements.append(PostgresStatement("""
                INSERT INTO nominations (tenant, nomination_id, kind, title, title_name, year, nominee_type,
                    nominee_id, nominee_name, nominee_search, unit, state, stage_entered_on, stage_deadline,
                    rule_set_version, workflow_version, submitted_position, version, last_changed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date, $14::date, $15, $16, $17, $18, $19)
                """, key + [
                    submitted.kind, submitted.title, submitted.titleName, submitted.year,
                    submitted.nominee.type.rawValue, submitted.nominee.id, submitted.nominee.name,
                    VietnameseText.searchKey(submitted.nominee.name), submitted.nominee.unit,
                    submitted.stage.to, submitted.stage.enteredOn.description, submitted.stage.deadline?.description,
                    submitted.ruleSetVersion, submitted.workflowVersion, record.position, record.version,
                    record.recordedAt,
                ]))
            return statements
        case .holdPlaced(let hold):
            statements.append(PostgresStatement(
                "UPDATE nominations SET holds = holds || jsonb_build_object($3::text, $4::text) WHERE tenant = $1 AND nomination_id = $2",
                key + [hold.holdID, hold.holdKind]))
        case .holdLifted(let hold):
            statements.append(PostgresStatement(
                "UPDATE nominations SET holds = holds - $3::text WHERE tenant = $1 AND nomination_id = $2",
                key + [hold.holdID]))
        default:
            break
        }
        if let stage = nomination.stage {
            statements.append(PostgresStatement("""
                UPDATE nominations SET state = $3, stage_entered_on = $4::date, stage_deadline = $5::date
                WHERE tenant = $1 AND nomination_id = $2
                """, key + [stage.to, stage.enteredOn.description, stage.deadline?.description]))
        }
        statements.append(PostgresStatement(
            "UPDATE nominations SET version = $3, last_changed_at = $4 WHERE tenant = $1 AND nomination_id = $2",
            key + [record.version, record.recordedAt]))
        return statements
    }
}
