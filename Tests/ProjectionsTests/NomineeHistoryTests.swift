import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

/// The registry query every submission runs: the titles a nominee holds.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct NomineeHistoryTests {
    @Test func aGenericPlanMadeOnAnEmptyRegistryLooksTheNomineeUp() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        // What a session keeps after the first runs of the prepared query on a new database:
        // a plan made without statistics. It must still go to the nominee, not through the
        // tenant's whole registry.
        let connection = try await Connection.connect(fixture.configuration)
        try await connection.query("SET plan_cache_mode = force_generic_plan")
        try await connection.query("PREPARE held(text, text) AS \(ReadModelQueries.nomineeHistoryQuery)")
        let plan: String = try await connection.query("EXPLAIN (FORMAT JSON) EXECUTE held('procuracy', 'someone')")[0]
            .decode(0)
        await connection.close()
        #expect(plan.contains(#""Index Name": "awards_held_by_nominee""#))
        #expect(plan.contains(#""Index Cond": "((tenant = $1) AND (nominee_id = $2))""#))
    }

    @Test func titlesComeByYearAndRevokedOnesAreLeftOut() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        for (nomination, nominee, title, year, revoked) in [
            ("N3", "P1", "chien_si_thi_dua_co_so", 2025, false), ("N1", "P1", "bang_khen", 2023, true),
            ("N2", "P1", "giay_khen", 2024, false), ("N4", "P2", "giay_khen", 2022, false),
            ("N0", "P1", "lao_dong_tien_tien", 2025, false),
        ] {
            try await fixture.pool.query("""
                INSERT INTO projection_awards.awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit,
                    kind, title, title_name, year, decision_number, decision_date, is_front_line, is_small_collective, revoked)
                VALUES ('procuracy', $1, 'individual', $2, 'Nguyễn Văn A', 'vksnd-hanoi', 'ad_hoc', $3, $3, $4, 'QĐ 1',
                    '2025-01-02', false, false, $5)
                """, [nomination, nominee, title, Int32(year), revoked])
        }
        let titles = try await ReadModelQueries(pool: fixture.pool).nomineeHistory(tenant: "procuracy", nomineeID: "P1").titles
        #expect(titles.map(\.title) == ["giay_khen", "lao_dong_tien_tien", "chien_si_thi_dua_co_so"])
        #expect(titles.map(\.year) == [2024, 2025, 2025])
        #expect(titles.allSatisfy { $0.wasAdHoc })
    }
}
