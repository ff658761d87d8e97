import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// A many-stream append reads each stream's last event through the log's unique index, even with
/// a plan made on statistics of a small log and kept by the session (sql/0038): forced generic
/// here, the plan PostgreSQL keeps after a session's first calls. Without the function's settings
/// that plan reads the heads another way (the tenant's index or the whole table, then a sort),
/// cheap on the small log the statistics describe and a scan of the tenant's log once it is not.
@Suite(.freshDatabase, .tags(.database))
struct AppendPlanTests {
    @Test func aKeptPlanOfTheStreamsHeadsDoesNotScanTheTenantsLog() async throws {
        try await withStore { store in
            try await store.pool.withConnection { connection in
                // The scans of the log's table and of its unique index so far.
                func scans() async throws -> (table: Int64, unique: Int64) {
                    _ = try await connection.query("SELECT pg_stat_force_next_flush()")
                    _ = try await connection.query("SELECT pg_stat_clear_snapshot()")
                    let row = try await connection.query("""
                        SELECT (SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'events'),
                               (SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'events_tenant_id_stream_stream_version_key')
                        """)[0]
                    return (try row.decode(0, as: Int64.self), try row.decode(1, as: Int64.self))
                }
                // Statistics of a small log, as a new database has.
                func append(_ count: Int, _ prefix: String) async throws {
                    let streams = (0..<count).map { index in
                        #"{"tenant": "vksnd", "category": "nomination", "stream": "\#(prefix)-\#(index)", "expected": -1, "#
                            + #""events": [{"id": "\#(UUID().uuidString)", "type": "NominationSubmitted", "schema_version": 1, "#
                            + #""payload": {"score": 95}, "metadata": {"actor_id": "officer-7"}}]}"#
                    }
                    let rows = try await connection.query("SELECT to_version FROM laurel_append_streams($1::jsonb)",
                                                          ["[" + streams.joined(separator: ",") + "]"])
                    #expect(rows.count == count)
                }
                try await append(2, "small")
                _ = try await connection.query("ANALYZE events")
                let before = try await scans()
                _ = try await connection.query("SET plan_cache_mode = force_generic_plan")
                for round in 0..<8 { try await append(2, "plan-\(round)") }
                _ = try await connection.query("RESET plan_cache_mode")
                let after = try await scans()
                #expect(after.unique - before.unique >= 16, "each of the 16 streams' heads read by the unique index")
                #expect(after.table == before.table, "no sequential scan of the log")
            }
        }
    }
}
