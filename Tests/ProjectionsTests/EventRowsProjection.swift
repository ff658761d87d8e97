import Nominations
import Postgres
@testable import Projections

/// A projection for the runners' own tests: one row per nomination event, keyed by the event's
/// position. Counting its rows counts the events applied, and its key refuses an event applied
/// twice. Its table is made by ``create(on:)``, as a migration makes a real read model's.
struct EventRowsProjection: Projection {
    let name = "event_rows"
    let schema = "projection_test_event_rows"
    let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    /// The projection's schema and table, in the database `connection` is on.
    static func create(on connection: Connection) async throws {
        try await connection.execute("""
            CREATE SCHEMA IF NOT EXISTS projection_test_event_rows;
            CREATE TABLE IF NOT EXISTS projection_test_event_rows.applied (
                tenant text NOT NULL,
                position int8 NOT NULL,
                nomination_id text NOT NULL,
                version int8 NOT NULL,
                event_type text NOT NULL,
                PRIMARY KEY (tenant, position)
            )
            """)
    }

    func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var rows = BatchRows(columns: 5)
        for event in events {
            guard case .nomination(let nomination) = event.body else { continue }
            rows.append(event.tenant, event.record.position, nomination.nominationID, event.record.version, event.record.type)
        }
        return [rows.statement("""
            INSERT INTO applied (tenant, position, nomination_id, version, event_type)
            SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::int8[], $5::text[])
            """)].compactMap { $0 }
    }
}
