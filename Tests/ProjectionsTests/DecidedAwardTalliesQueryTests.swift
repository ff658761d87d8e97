import Postgres
import PostgresTestSupport
@testable import Projections
import Testing
import Workflow

/// The registry query behind the statistical form of awards (Biểu 0603): awards in force of the
/// form's titles decided within the period, 01/12 to 30/11 both included, with the thematic ones
/// told by their nomination's movement, on rows counted by hand.
@Suite(.freshDatabase, .tags(.database), .serialized)
struct DecidedAwardTalliesQueryTests {
    /// (nomination, unit, type, title, kind, decision date, front-line, revoked, imported)
    static let rows: [(String, String, String, String, String, String, Bool, Bool, Bool)] = [
        ("A1", "vksnd-hanoi", "individual", "certificate_of_merit", "ad_hoc", "2025-12-01", true, false, false),
        ("A2", "vksnd-hanoi", "collective", "certificate_of_merit", "ad_hoc", "2026-05-05", false, false, false),
        ("A3", "vksnd-hanoi", "individual", "sector_emulation_fighter", "annual", "2026-02-10", false, false, true),
        ("A4", "vksnd-danang", "individual", "commemorative_medal", "annual", "2026-11-30", false, false, false),
        // The day before the period, the day after it, revoked, and a title the form does not count.
        ("A5", "vksnd-hanoi", "individual", "certificate_of_merit", "ad_hoc", "2025-11-30", false, false, false),
        ("A6", "vksnd-hanoi", "individual", "certificate_of_merit", "ad_hoc", "2026-12-01", false, false, false),
        ("A7", "vksnd-hanoi", "individual", "sector_emulation_fighter", "annual", "2026-03-01", false, true, false),
        ("A8", "vksnd-hanoi", "individual", "advanced_worker", "annual", "2026-03-01", false, false, false),
    ]

    static let titles = ["certificate_of_merit", "sector_emulation_fighter", "sector_emulation_flag", "commemorative_medal"]

    static func fill(_ fixture: ProjectionFixture, tenant: String) async throws {
        for (id, unit, type, title, kind, date, frontLine, revoked, imported) in Self.rows {
            try await fixture.pool.query("""
                INSERT INTO projection_awards.awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit,
                    kind, title, title_name, year, decision_number, decision_date, is_front_line, is_small_collective, revoked, imported)
                VALUES ($9, $1, $2, $1, 'Người ' || $1, $3, $4, $5, $5, 2026, 'QĐ 1', $6::date, $7, false, $8, $10)
                """, [id, type, unit, kind, title, date, frontLine, revoked, tenant, imported])
        }
        // A2's nomination named a movement: a thematic award.
        try await fixture.pool.query("""
            INSERT INTO projection_nominations.nominations (tenant, nomination_id, kind, title, title_name, year, nominee_type,
                nominee_id, nominee_name, nominee_search, unit, state, stage_entered_on, rule_set_version, workflow_version,
                submitted_position, version, last_changed_at, movement)
            VALUES ($1, 'A2', 'ad_hoc', 'certificate_of_merit', 'Bằng khen', 2026, 'collective', 'A2', 'Phòng 1', 'phong 1',
                'vksnd-hanoi', 'approved', '2026-05-05', '2025.1', 1, 1, 3, now(), 'ky-niem-66')
            """, [tenant])
    }

    @Test func talliesCountTheFormsTitlesDecidedInThePeriodAndTellThematicOnes() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        try await Self.fill(fixture, tenant: "procuracy")
        let queries = ReadModelQueries(pool: fixture.pool)
        let (from, to) = (LocalDate(iso: "2025-12-01")!, LocalDate(iso: "2026-11-30")!)
        let tallies = try await queries.decidedAwardTallies(tenant: "procuracy", units: nil, titles: Self.titles, from: from, to: to)
        // A1 and A4 on the period's first and last days; A2 thematic; A3 imported; A5–A8 left out.
        #expect(tallies.map { "\($0.title) \($0.nomineeType) \($0.thematic) \($0.frontLine) \($0.awards) \($0.imported)" } == [
            "certificate_of_merit collective true false 1 0",
            "certificate_of_merit individual false true 1 0",
            "commemorative_medal individual false false 1 0",
            "sector_emulation_fighter individual false false 1 1",
        ])
        let danang = try await queries.decidedAwardTallies(tenant: "procuracy", units: ["vksnd-danang"], titles: Self.titles, from: from, to: to)
        #expect(danang.map(\.title) == ["commemorative_medal"])
        #expect(try await queries.decidedAwardTallies(tenant: "another", units: nil, titles: Self.titles, from: from, to: to).isEmpty)
    }
}
