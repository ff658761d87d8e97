import EventStore
import Foundation
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

/// The follower analyses the read models it fills before autovacuum would, so that their plans
/// look rows up by key from the start.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct FollowerStatisticsTests {
    @Test func tablesThatFilledUpAreAnalysedOnceAndEmptyOnesAreLeftAlone() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        // Only the follower may analyse: autovacuum could otherwise come first.
        let tables = try await fixture.pool.query("""
            SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables
            WHERE schemaname LIKE 'projection\\_%' OR relname = 'events'
            """).map { try $0.decode(0, as: String.self) }
        for table in tables { try await fixture.pool.query("ALTER TABLE \(table) SET (autovacuum_enabled = false)") }

        var workload = try Workload(store: fixture.store, seed: 31)
        for index in 0..<150 { try await workload.drive(nominationID: "N\(index)", steps: 2) }
        let head = try await fixture.store.headCheckpoint()
        let follower = ProjectionFollower(runners: fixture.service.runners)
        let running = Task { try await follower.run() }
        defer { running.cancel() }
        #expect(try await eventually { try await checkpoint("nominations", fixture) == head })

        // The row counts the check reads are published by each session within a second or so,
        // so a table may be analysed at the follower's next look rather than its first.
        let filled: Set = ["public.events", "projection_nominations.nominations", "projection_deadlines.open_stages",
                           "projection_statistics.current_stage"]
        #expect(try await eventually { try await analysed(fixture).isSuperset(of: filled) })
        let done = try await analysed(fixture)
        #expect(done.isSuperset(of: filled), "no statistics for \(filled.subtracting(done).sorted())")
        // Empty: an analysis would tell the planner it stays empty.
        #expect(try await fixture.count("SELECT count(*) FROM projection_council.recusals") == 0)
        #expect(!done.contains("projection_council.recusals"))
        // The statistics say what the plans need: one tenant, unique ids.
        let distinct = try await fixture.pool.query("""
            SELECT attname, n_distinct FROM pg_stats
            WHERE schemaname = 'projection_nominations' AND tablename = 'nominations' AND attname IN ('tenant', 'nomination_id')
            ORDER BY attname
            """).map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Double.self)) }
        #expect(distinct.map(\.0) == ["nomination_id", "tenant"])
        #expect(distinct.first { $0.0 == "tenant" }?.1 == 1)
        #expect(distinct.first { $0.0 == "nomination_id" }?.1 == -1)
        // Once: a second look finds nothing left to do.
        let connection = try await Connection.connect(fixture.configuration)
        #expect(try await follower.analyseUnanalysedTables(on: connection).isEmpty)
        await connection.close()
    }

    private func analysed(_ fixture: ProjectionFixture) async throws -> Set<String> {
        Set(try await fixture.pool.query("""
            SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables
            WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL
            """).map { try $0.decode(0, as: String.self) })
    }
}
