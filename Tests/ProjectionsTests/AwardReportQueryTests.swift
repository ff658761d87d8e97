import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

/// The registry queries behind the multi-year summary and the yearbook, on rows counted by hand.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct AwardReportQueryTests {
    /// (nomination, unit, type, title, year, front-line, small collective, revoked, imported)
    static let rows: [(String, String, String, String, Int, Bool, Bool, Bool, Bool)] = [
        ("N1", "vksnd-hanoi", "individual", "lao_dong_tien_tien", 2024, true, false, false, false),
        ("N2", "vksnd-hanoi", "individual", "lao_dong_tien_tien", 2024, false, false, false, true),
        ("N3", "vksnd-hanoi", "individual", "lao_dong_tien_tien", 2024, true, false, true, false),
        ("N4", "vksnd-hanoi", "collective", "tap_the_lao_dong_xuat_sac", 2024, false, true, false, false),
        ("N5", "vksnd-danang", "individual", "lao_dong_tien_tien", 2025, true, false, false, false),
        ("N6", "vksnd-hanoi", "individual", "lao_dong_tien_tien", 2019, false, false, false, true),
    ]

    static func fill(_ fixture: ProjectionFixture, tenant: String) async throws {
        for (id, unit, type, title, year, frontLine, small, revoked, imported) in Self.rows {
            try await fixture.pool.query("""
                INSERT INTO projection_awards.awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit,
                    kind, title, title_name, year, decision_number, decision_date, is_front_line, is_small_collective, revoked, imported)
                VALUES ($10, $1, $2, $1, 'Người ' || $1, $3, 'annual', $4, $4, $5, 'QĐ 1', '2025-01-02', $6, $7, $8, $9)
                """, [id, type, unit, title, Int32(year), frontLine, small, revoked, imported, tenant])
        }
    }

    @Test func talliesCountAwardsInForceWithTheirFlagsByUnitYearAndTitle() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        try await Self.fill(fixture, tenant: "procuracy")
        let queries = ReadModelQueries(pool: fixture.pool)
        let tallies = try await queries.awardTallies(tenant: "procuracy", units: nil, years: 2020...2025)
        // Hà Nội 2024: N1, N2 individuals (N3 revoked), N4 a small collective; Đà Nẵng 2025: N5; N6 is before 2020.
        #expect(tallies.map { "\($0.unit) \($0.year) \($0.title) \($0.awards) \($0.frontLine) \($0.smallCollectives) \($0.imported)" } == [
            "vksnd-danang 2025 lao_dong_tien_tien 1 1 0 0",
            "vksnd-hanoi 2024 lao_dong_tien_tien 2 1 0 1",
            "vksnd-hanoi 2024 tap_the_lao_dong_xuat_sac 1 0 1 0",
        ])
        let hanoi = try await queries.awardTallies(tenant: "procuracy", units: ["vksnd-hanoi"], years: 2025...2025)
        #expect(hanoi.isEmpty)
        #expect(try await queries.awardTallies(tenant: "another", units: nil, years: 2020...2025).isEmpty)
    }

    @Test func theYearbookListsEveryAwardOfTheUnitRevokedOnesIncluded() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        try await Self.fill(fixture, tenant: "yearbook")
        let book = try await ReadModelQueries(pool: fixture.pool).yearbook(tenant: "yearbook", unit: "vksnd-hanoi")
        #expect(book.map(\.nominationID) == ["N6", "N1", "N2", "N3", "N4"])
        #expect(book.map(\.revoked) == [false, false, false, true, false])
        #expect(book.first?.imported == true)
    }
}
