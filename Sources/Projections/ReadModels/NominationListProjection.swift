import EventStore
import Foundation
import Nominations
import Postgres

/// One row per nomination: kind, title, nominee, unit, year, state, holds, current stage and its
/// deadline, last change. Backs the nomination lists and their filters.
public struct NominationListProjection: Projection {
    public let name = "nominations"
    public let schema = "projection_nominations"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var changes = KeyedChanges<NominationKey, Change>()
        for event in events {
            guard case .nomination(let nomination) = event.body else { continue }
            let key = NominationKey(tenant: event.tenant, nominationID: nomination.nominationID)
            if case .submitted(let submitted) = nomination {
                // Anything before it in the batch changed no row: there was none to change.
                changes.set(key, .inserted(NewRow(submitted, event.record)))
            } else {
                changes.modify(key, startingWith: .updated(RowUpdate())) { $0.apply(nomination, event.record) }
            }
        }
        var inserts = BatchRows(columns: 21)
        var updates = BatchRows(columns: 8)
        let json = JSONColumnEncoder()
        for (key, change) in changes.all {
            switch change {
            case .inserted(let row):
                let stage = row.update.batch.stage ?? row.submitted.stage
                inserts.append(
                    key.tenant, key.nominationID, row.submitted.kind, row.submitted.title, row.submitted.titleName,
                    row.submitted.year, row.submitted.nominee.type.rawValue, row.submitted.nominee.id,
                    row.submitted.nominee.name, VietnameseText.searchKey(row.submitted.nominee.name),
                    row.submitted.nominee.unit, stage.to, stage.enteredOn.description,
                    (row.update.batch.movedDeadline ?? stage.deadline)?.description,
                    row.submitted.ruleSetVersion, row.submitted.workflowVersion, row.submittedPosition,
                    row.update.version, row.update.lastChangedAt, try json.text(row.update.batch.holds.compactMapValues { $0 }),
                    row.submitted.movement)
            case .updated(let update):
                updates.append(
                    key.tenant, key.nominationID, update.version, update.lastChangedAt,
                    try json.text(update.batch.holds), update.batch.stage?.to, update.batch.stage?.enteredOn.description,
                    update.batch.deadline?.description)
            }
        }
        // The update first: a nomination is inserted only once, so the two never touch one row. A
        // deadline without a state is a lift's moved deadline.
        return [
            updates.statement("""
                UPDATE nominations AS n SET version = u.version, last_changed_at = u.last_changed_at,
                    holds = jsonb_strip_nulls(n.holds || u.holds),
                    state = coalesce(u.state, n.state),
                    stage_entered_on = CASE WHEN u.state IS NULL THEN n.stage_entered_on ELSE u.stage_entered_on END,
                    stage_deadline = CASE WHEN u.state IS NULL AND u.stage_deadline IS NULL THEN n.stage_deadline
                        ELSE u.stage_deadline END
                FROM unnest($1::text[], $2::text[], $3::int8[], $4::timestamptz[], $5::jsonb[], $6::text[], $7::date[],
                    $8::date[]) AS u (tenant, nomination_id, version, last_changed_at, holds, state, stage_entered_on,
                    stage_deadline)
                WHERE n.tenant = u.tenant AND n.nomination_id = u.nomination_id
                """),
            inserts.statement("""
                INSERT INTO nominations (tenant, nomination_id, kind, title, title_name, year, nominee_type,
                    nominee_id, nominee_name, nominee_search, unit, state, stage_entered_on, stage_deadline,
                    rule_set_version, workflow_version, submitted_position, version, last_changed_at, holds, movement)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::text[],
                    $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::date[], $14::date[], $15::text[],
                    $16::int4[], $17::int8[], $18::int8[], $19::timestamptz[], $20::jsonb[], $21::text[])
                """),
        ].compactMap { $0 }
    }

    /// What a batch does to one nomination's row.
    private enum Change {
        /// Submitted in this batch: the whole row, with the batch's later events applied.
        case inserted(NewRow)
        /// Submitted earlier: the columns the batch's events changed.
        case updated(RowUpdate)

        mutating func apply(_ event: NominationEvent, _ record: RecordedEvent) {
            switch self {
            case .inserted(var row):
                row.update.apply(event, record)
                self = .inserted(row)
            case .updated(var update):
                update.apply(event, record)
                self = .updated(update)
            }
        }
    }

    private struct NewRow {
        let submitted: NominationSubmitted
        let submittedPosition: Int64
        var update: RowUpdate

        init(_ submitted: NominationSubmitted, _ record: RecordedEvent) {
            self.submitted = submitted
            submittedPosition = record.position
            update = RowUpdate(version: record.version, lastChangedAt: record.recordedAt, batch: StageAndHolds(stage: submitted.stage))
        }
    }

    /// The latest version and change time, and what the batch did to the stage and holds.
    private struct RowUpdate {
        var version: Int64 = 0
        var lastChangedAt = Date(timeIntervalSince1970: 0)
        var batch = StageAndHolds()

        mutating func apply(_ event: NominationEvent, _ record: RecordedEvent) {
            version = record.version
            lastChangedAt = record.recordedAt
            batch.apply(event)
        }
    }
}
