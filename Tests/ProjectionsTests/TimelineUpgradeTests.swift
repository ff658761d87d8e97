import Postgres
import PostgresTestSupport
import Testing

/// A deployment upgraded past migration 0039: the history read model an earlier build filled,
/// and the copy an interrupted rebuild left of it, go with their checkpoint; the other read
/// models and their checkpoints stay as they were.
@Suite(.freshDatabase, .tags(.database))
struct TimelineUpgradeTests {
    @Test func theMigrationDropsTheHistoryReadModelAndNothingElse() async throws {
        let connection = try await ProjectionFixture.databaseBefore(migration: 39)
        // What the earlier build left: a timeline row, its checkpoint, a rebuild's copy, and the
        // nominations read model's checkpoint beside them.
        try await connection.execute("""
            INSERT INTO projection_history.timeline (tenant, nomination_id, version, position, event_type, actor_roles,
                recorded_at, summary, explanations, event_hash)
            VALUES ('upgraded', 'N1', 1, 1, 'nomination.submitted', '[]', now(), 'Submitted', '[]', 'ab');
            CREATE SCHEMA projection_history_rebuild;
            CREATE TABLE projection_history_rebuild.timeline (LIKE projection_history.timeline);
            INSERT INTO laurel_projection_checkpoints (name, transaction_id, position, events_applied)
                VALUES ('history', 5, 1, 1), ('nominations', 5, 1, 1);
            """)

        try await ProjectionFixture.upgrade(connection)
        let schemas = try await connection.query(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'projection\\_%' ORDER BY 1").map { try $0.decode(0, as: String.self) }
        #expect(!schemas.contains { $0.hasPrefix("projection_history") }, "\(schemas)")
        #expect(schemas.contains("projection_nominations"))
        let checkpoints = try await connection.query(
            "SELECT name FROM laurel_projection_checkpoints ORDER BY name").map { try $0.decode(0, as: String.self) }
        #expect(checkpoints == ["nominations"])
        await connection.close()
    }
}
