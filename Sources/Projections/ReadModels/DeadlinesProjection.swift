import EventStore
import Nominations
import Postgres
import Workflow

/// Every open stage with its due date in working days (computed by the domain from the working-day
/// calendar when the stage was entered, and moved when the last hold is lifted), and the holds in
/// force with the day the stage's clock stopped. Overdue is decided when read, against the
/// reader's today, or for a held stage against the day its clock stopped.
public struct DeadlinesProjection: Projection {
    public let name = "deadlines"
    public let schema = "projection_deadlines"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var changes = KeyedChanges<NominationKey, RowChange>()
        for event in events {
            guard case .nomination(let nomination) = event.body, RowChange.changesTheRow(nomination) else { continue }
            let key = NominationKey(tenant: event.tenant, nominationID: nomination.nominationID)
            if case .submitted(let submitted) = nomination {
                changes.set(key, RowChange(submitted: submitted))
            } else {
                changes.modify(key, startingWith: RowChange()) { $0.apply(nomination) }
            }
        }
        var inserts = BatchRows(columns: 10)
        var updates = BatchRows(columns: 8)
        let json = JSONColumnEncoder()
        for (key, change) in changes.all {
            if let submitted = change.submitted {
                // The row starts with the batch: no hold was in force before it, so the pause
                // the batch left (if any) is the row's.
                let stage = change.batch.stage ?? submitted.stage
                let holds = change.batch.holds.compactMapValues { $0 }
                inserts.append(key.tenant, key.nominationID, submitted.kind, submitted.nominee.unit, submitted.nominee.name,
                               stage.to, stage.enteredOn.description, change.batch.deadline?.description,
                               holds.isEmpty ? nil : change.pause?.since.description, try json.text(holds))
            } else {
                updates.append(key.tenant, key.nominationID, change.batch.stage?.to, change.batch.stage?.enteredOn.description,
                               change.batch.deadline?.description, try json.text(change.batch.holds), change.pause?.since.description,
                               try change.pause.map { try json.text($0.holdsBefore) })
            }
        }
        return [
            // A due date without a state is a lift's moved deadline. A pause that began in the
            // batch is the row's unless a hold from before the batch was still in force when it
            // began: the holds the batch had lifted by then, merged into the row's, leave none.
            updates.statement("""
                UPDATE open_stages AS o SET state = coalesce(u.state, o.state), entered_on = coalesce(u.entered_on, o.entered_on),
                    due_on = CASE WHEN u.state IS NULL AND u.due_on IS NULL THEN o.due_on ELSE u.due_on END,
                    holds = jsonb_strip_nulls(o.holds || u.holds),
                    on_hold_since = CASE
                        WHEN jsonb_strip_nulls(o.holds || u.holds) = '{}' THEN NULL
                        WHEN u.paused_since IS NOT NULL AND jsonb_strip_nulls(o.holds || u.holds_before_pause) = '{}'
                            THEN u.paused_since
                        ELSE o.on_hold_since END
                FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::date[], $6::jsonb[], $7::date[], $8::jsonb[])
                    AS u (tenant, nomination_id, state, entered_on, due_on, holds, paused_since, holds_before_pause)
                WHERE o.tenant = u.tenant AND o.nomination_id = u.nomination_id
                """),
            inserts.statement("""
                INSERT INTO open_stages (tenant, nomination_id, kind, unit, nominee_name, state, entered_on, due_on,
                    on_hold_since, holds)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[],
                    $8::date[], $9::date[], $10::jsonb[])
                """),
        ].compactMap { $0 }
    }

    /// What a batch does to one nomination's row.
    private struct RowChange {
        /// Set when the batch submitted the nomination: the row is inserted.
        var submitted: NominationSubmitted?
        var batch = StageAndHolds()
        /// The latest pause that began in the batch: the day of the hold that stopped the clock,
        /// and the batch's holds then, all lifted (none placed in the batch was in force).
        var pause: (since: LocalDate, holdsBefore: [String: String?])?

        init(submitted: NominationSubmitted? = nil) {
            self.submitted = submitted
            batch.stage = submitted?.stage
        }

        /// Whether `event` changes what the row keeps: amendments, comments and the like do not,
        /// and skipping them spares the row an update that writes it unchanged.
        static func changesTheRow(_ event: NominationEvent) -> Bool {
            switch event {
            case .holdPlaced, .holdLifted: true
            default: event.stage != nil
            }
        }

        mutating func apply(_ event: NominationEvent) {
            if case .holdPlaced(let hold) = event, !batch.holdsPlacedInForce { pause = (hold.placedOn, batch.holds) }
            batch.apply(event)
        }
    }
}
