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
        if case .submitted(let submitted) = nomination {
            return [PostgresStatement("""
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
                ])]
        }
        // One UPDATE per event, whatever it changes.
        var assignments = ["version = $3", "last_changed_at = $4"]
        var parameters = key + [record.version, record.recordedAt]
        func bind(_ value: any PostgresEncodable) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        switch nomination {
        case .holdPlaced(let hold):
            assignments.append("holds = holds || jsonb_build_object(\(bind(hold.holdID))::text, \(bind(hold.holdKind))::text)")
        case .holdLifted(let hold):
            assignments.append("holds = holds - \(bind(hold.holdID))::text")
        default:
            break
        }
        if let stage = nomination.stage {
            assignments.append("state = \(bind(stage.to))")
            assignments.append("stage_entered_on = \(bind(stage.enteredOn.description))::date")
            assignments.append("stage_deadline = \(bind(stage.deadline?.description))::date")
        }
        return [PostgresStatement(
            "UPDATE nominations SET \(assignments.joined(separator: ", ")) WHERE tenant = $1 AND nomination_id = $2",
            parameters)]
    }
}
