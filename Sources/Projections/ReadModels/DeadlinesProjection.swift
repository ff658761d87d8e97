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

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        // Per nomination, its latest stage, and whether the batch submitted it (a new row).
        var changes = KeyedChanges<NominationKey, (submitted: NominationSubmitted?, stage: StageChange)>()
        for event in events {
            guard case .nomination(let nomination) = event.body, let stage = nomination.stage else { continue }
            let key = NominationKey(tenant: event.tenant, nominationID: nomination.nominationID)
            if case .submitted(let submitted) = nomination {
                changes.set(key, (submitted, stage))
            } else {
                changes.modify(key, startingWith: (nil, stage)) { $0.stage = stage }
            }
        }
        var inserts = BatchRows(columns: 8)
        var updates = BatchRows(columns: 5)
        for (key, change) in changes.all {
            let (stage, enteredOn, dueOn) = (change.stage.to, change.stage.enteredOn.description, change.stage.deadline?.description)
            if let submitted = change.submitted {
                inserts.append(key.tenant, key.nominationID, submitted.kind, submitted.nominee.unit, submitted.nominee.name,
                               stage, enteredOn, dueOn)
            } else {
                updates.append(key.tenant, key.nominationID, stage, enteredOn, dueOn)
            }
        }
        return [
            updates.statement("""
                UPDATE open_stages AS o SET state = u.state, entered_on = u.entered_on, due_on = u.due_on
                FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::date[])
                    AS u (tenant, nomination_id, state, entered_on, due_on)
                WHERE o.tenant = u.tenant AND o.nomination_id = u.nomination_id
                """),
            inserts.statement("""
                INSERT INTO open_stages (tenant, nomination_id, kind, unit, nominee_name, state, entered_on, due_on)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[],
                    $8::date[])
                """),
        ].compactMap { $0 }
    }
}
