import EventStore
import Nominations
import Postgres

/// Every open stage with its due date in working days (computed by the domain from the working-day
/// calendar when the stage was entered). Overdue is decided when read, against the reader's today.
public struct DeadlinesProjection: Projection {
    public let name = "deadlines"
    public let schema = "projection_deadlines"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for event: ProjectedEvent) throws -> [PostgresStatement] {
        guard case .nomination(let nomination) = event.body, let stage = nomination.stage else { return [] }
        let key: [any PostgresEncodable] = [event.tenant, nomination.nominationID]
        if case .submitted(let submitted) = nomination {
            return [PostgresStatement("""
                INSERT INTO open_stages (tenant, nomination_id, kind, unit, nominee_name, state, entered_on, due_on)
                VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date)
                """, key + [submitted.kind, submitted.nominee.unit, submitted.nominee.name, stage.to,
                            stage.enteredOn.description, stage.deadline?.description])]
        }
        return [PostgresStatement("""
            UPDATE open_stages SET state = $3, entered_on = $4::date, due_on = $5::date
            WHERE tenant = $1 AND nomination_id = $2
            """, key + [stage.to, stage.enteredOn.description, stage.deadline?.description])]
    }
}
