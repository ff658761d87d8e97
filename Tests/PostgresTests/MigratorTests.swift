import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Each test migrates a database of its own: they all use `laurel_migrations`, and tests in a
/// suite run in parallel.
@Suite(.needsPostgreSQL, .tags(.database))
struct MigratorTests {
    private func withOwnDatabase(_ body: (PostgresConfiguration) async throws -> Void) async throws {
        let database = try await TestServer.shared.createDatabase()
        do {
            try await body(database)
        } catch {
            try? await TestServer.shared.dropDatabase(database)
            throw error
        }
        try await TestServer.shared.dropDatabase(database)
    }

    static let first = Migration(version: 1, name: "units", sql: """
        CREATE TABLE m_units (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO m_units VALUES (1, 'Viện kiểm sát nhân dân tối cao');
        """)
    static let second = Migration(version: 2, name: "unit_code", sql: """
        ALTER TABLE m_units ADD COLUMN code text;
        UPDATE m_units SET code = 'VKSNDTC';
        """)
    static let third = Migration(version: 10, name: "titles", sql: "CREATE TABLE m_titles (unit int REFERENCES m_units)")

    private func applied(_ connection: Connection) async throws -> [Int] {
        try await connection.query("SELECT version FROM laurel_migrations ORDER BY applied_at, version")
            .map { try $0.decode(0, as: Int.self) }
    }

    @Test func appliesInOrderOnceEach() async throws {
        try await withOwnDatabase { database in
            try await Connection.withConnection(database) { connection in
                // Given out of order: the migrator sorts by version (10 after 2, not as text).
                let migrator = Migrator(migrations: [Self.third, Self.second, Self.first])
                #expect(try await migrator.pending(connection).map(\.version) == [1, 2, 10])
                #expect(try await migrator.migrate(connection).map(\.version) == [1, 2, 10])
                #expect(try await applied(connection) == [1, 2, 10])
                #expect(try await connection.query("SELECT code FROM m_units")[0].decode(0, as: String.self) == "VKSNDTC")
                #expect(try await migrator.pending(connection).isEmpty)
                #expect(try await migrator.migrate(connection).isEmpty)
                let checksum = try await connection.query("SELECT checksum FROM laurel_migrations WHERE version = 1")[0]
                    .decode(0, as: String.self)
                #expect(checksum == Self.first.checksum)
                #expect(checksum.count == 64)
            }
        }
    }

    @Test func aFailingMigrationLeavesNoTrace() async throws {
        try await withOwnDatabase { database in
            try await Connection.withConnection(database) { connection in
                let broken = Migration(version: 2, name: "broken", sql: """
                    CREATE TABLE m_half_done (id int);
                    SELECT * FROM no_such_table;
                    """)
                let error = await #expect(throws: PostgresError.self) {
                    try await Migrator(migrations: [Self.first, broken]).migrate(connection)
                }
                #expect(error?.sqlState?.rawValue == "42P01")
                #expect(try await applied(connection) == [1])
                #expect(try await connection.query("SELECT to_regclass('m_half_done') IS NULL")[0].decode(0, as: Bool.self))
                // The advisory lock was released: another session can migrate.
                let appliedByOther = try await Connection.withConnection(database) { other in
                    try await Migrator(migrations: [Self.first, Self.second]).migrate(other).map(\.version)
                }
                #expect(appliedByOther == [2])
            }
        }
    }

    @Test func aChangedMigrationIsRefusedByName() async throws {
        try await withOwnDatabase { database in
            try await Connection.withConnection(database) { connection in
                try await Migrator(migrations: [Self.first]).migrate(connection)
                let edited = Migration(version: 1, name: "units", sql: Self.first.sql + "\n-- a harmless comment\n")
                let error = await #expect(throws: PostgresError.self) {
                    try await Migrator(migrations: [edited, Self.second]).migrate(connection)
                }
                #expect(error?.code == .invalidConfiguration)
                #expect(error?.message.contains("0001_units.sql") == true)
                await #expect(throws: PostgresError.self) { try await Migrator(migrations: [edited]).pending(connection) }
                // Nothing after it was applied.
                #expect(try await applied(connection) == [1])
            }
        }
    }

    @Test func concurrentMigrationsTakeTurns() async throws {
        try await withOwnDatabase { database in
            // Slow enough that the runs overlap if nothing serialises them.
            let slow = Migration(version: 3, name: "slow", sql: "SELECT pg_sleep(0.3); CREATE TABLE m_slow (id int);")
            let migrator = Migrator(migrations: [Self.first, Self.second, slow])
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await Connection.withConnection(database) { connection in
                            return try await migrator.migrate(connection).map(\.version)
                        }
                    }
                }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.filter { !$0.isEmpty } == [[1, 2, 3]])
            let versions = try await Connection.withConnection(database) { try await applied($0) }
            #expect(versions == [1, 2, 3])
        }
    }

    @Test func readsNumberedFilesAndRejectsOthers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "SELECT 2".write(to: directory.appendingPathComponent("0002_second.sql"), atomically: true, encoding: .utf8)
        try "SELECT 1".write(to: directory.appendingPathComponent("0001_first_one.sql"), atomically: true, encoding: .utf8)
        let migrator = try Migrator(directory: directory)
        #expect(migrator.migrations.map(\.fileName) == ["0001_first_one.sql", "0002_second.sql"])

        try "SELECT 3".write(to: directory.appendingPathComponent("3_bad.sql"), atomically: true, encoding: .utf8)
        let error = #expect(throws: PostgresError.self) { try Migrator(directory: directory) }
        #expect(error?.message.contains("3_bad.sql") == true)
    }
}
