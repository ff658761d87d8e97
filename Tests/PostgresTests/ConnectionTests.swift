import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct ConnectionTests {
    @Test func roundTripsEveryTypeAsPlainData() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let texts = [
                "it's a \"quote\"", "back\\slash", "emoji 🏅🎖️", "Chiến sĩ thi đua cơ sở — Viện kiểm sát nhân dân",
                "'; DROP TABLE events; --", "Robert'); DELETE FROM t WHERE ('1'='1", "", "tab\tnew\nline",
            ]
            for text in texts {
                let rows = try await connection.query("SELECT $1::text", [text])
                #expect(try rows[0].decode(0, as: String.self) == text)
            }
            let id = UUID()
            let bytes = Data([0, 1, 2, 0xFF, 0x5C, 0x27, 0])
            let row = try await connection.query(
                "SELECT $1::int8, $2::int4, $3::bool, $4::float8, $5::uuid, $6::bytea, $7::int8",
                [Int.max, Int32.min, true, 0.1 + 0.2, id, bytes, -42])[0]
            #expect(try row.decode(0, as: Int.self) == Int.max)
            #expect(try row.decode(1, as: Int32.self) == Int32.min)
            #expect(try row.decode(2, as: Bool.self) == true)
            #expect(try row.decode(3, as: Double.self) == 0.1 + 0.2)
            #expect(try row.decode(4, as: UUID.self) == id)
            #expect(try row.decode(5, as: Data.self) == bytes)
            #expect(try row.decode(6, as: Int.self) == -42)
        }
    }

    @Test func nullsDecodeOnlyIntoOptionals() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let row = try await connection.query("SELECT $1::text, $2::int8", [String?.none, Int?.none])[0]
            #expect(try row.decode(0, as: String?.self) == nil)
            #expect(try row.decode(1, as: Int?.self) == nil)
            let error = #expect(throws: PostgresError.self) { try row.decode(0, as: String.self) }
            #expect(error?.code == .decoding)
        }
    }

    @Test func timestampsKeepMicroseconds() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let date = Date(timeIntervalSince1970: 1_764_382_472.123456)
            let row = try await connection.query(
                "SELECT $1::timestamptz, $1::timestamptz::text, '2026-11-29 09:14:32.000001+07'::timestamptz", [date])[0]
            let back = try row.decode(0, as: Date.self)
            #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_000_5)
            #expect(try row.decode(1, as: String.self) == "2025-11-29 02:14:32.123456+00")
            #expect(PostgresTimestamp.format(try row.decode(2, as: Date.self)) == "2026-11-29 02:14:32.000001+00")
        }
    }

    @Test func jsonbRoundTripsCodableValues() async throws {
        struct Payload: Codable, Equatable, Sendable {
            var name: String
            var count: Int
            var at: Date
        }
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let payload = Payload(name: "Tập thể lao động xuất sắc \"A\"", count: 3, at: Date(timeIntervalSince1970: 1.5))
            let row = try await connection.query("SELECT $1::jsonb", [PostgresJSON(payload)])[0]
            #expect(try row.decode(0, as: PostgresJSON<Payload>.self).value == payload)
        }
    }

    @Test func mismatchedColumnTypeIsAClearError() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let row = try await connection.query("SELECT 'abc'::text AS title")[0]
            let error = #expect(throws: PostgresError.self) { try row.decode("title", as: Int.self) }
            #expect(error?.code == .decoding)
            #expect(error?.message.contains("'title'") == true)
            #expect(error?.message.contains("text") == true)
        }
    }
}

/// Statements are prepared once per session and reused; these check the cache stays correct
/// when the server forgets or invalidates what it prepared.
@Suite(.freshDatabase, .tags(.database))
struct PreparedStatementTests {
    @Test func survivesDiscardAllAndSchemaChanges() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE shapes (id int, name text)")
            try await connection.query("INSERT INTO shapes VALUES ($1, $2)", [1, "một"])
            let select = "SELECT * FROM shapes WHERE id = $1"
            #expect(try await connection.query(select, [1])[0].decode(1, as: String.self) == "một")

            // The server forgets every prepared statement of the session.
            try await connection.execute("DISCARD ALL")
            #expect(try await connection.query(select, [1])[0].decode(1, as: String.self) == "một")

            // The result type changes under the prepared statement (0A000 on the server).
            try await connection.execute("ALTER TABLE shapes ADD COLUMN note text DEFAULT 'mới'")
            let row = try await connection.query(select, [1])[0]
            #expect(try row.decode(2, as: String.self) == "mới")

            // Inside a transaction the failure cannot be retried, but the next one works.
            try await connection.execute("ALTER TABLE shapes DROP COLUMN note")
            await #expect(throws: PostgresError.self) {
                try await connection.transaction { try $0.query(select, [1]) }
            }
            #expect(try await connection.transaction { try $0.query(select, [1]).columns.count } == 2)
        }
    }

    /// A pipeline is not retried (inside a transaction it could not be), but it forgets the
    /// statements the server no longer holds, so the next one prepares them afresh; the same
    /// for a transaction's first statement, which goes in one pipeline with its `BEGIN`.
    @Test func aPipelineOnAStalePreparedStatementWorksTheNextTime() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE pipelined (id int, name text)")
            try await connection.query("INSERT INTO pipelined VALUES ($1, $2)", [1, "một"])
            let select = PostgresStatement("SELECT * FROM pipelined WHERE id = $1", [1])
            #expect(try await connection.pipeline([select])[0].columns.count == 2)
            #expect(try await connection.transaction { try $0.pipeline([select])[0].columns.count } == 2)

            try await connection.execute("ALTER TABLE pipelined ADD COLUMN note text DEFAULT 'mới'")
            await #expect(throws: PostgresError.self) { try await connection.pipeline([select]) }
            #expect(try await connection.pipeline([select])[0].columns.count == 3)

            try await connection.execute("ALTER TABLE pipelined DROP COLUMN note")
            await #expect(throws: PostgresError.self) { try await connection.transaction { try $0.pipeline([select]) } }
            #expect(try await connection.transaction { try $0.pipeline([select])[0].columns.count } == 2)
            #expect(connection.isIdle)
        }
    }

    @Test func sameTextWithOtherParameterTypesIsPreparedSeparately() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            #expect(try await connection.query("SELECT $1", ["chữ"])[0].decode(0, as: String.self) == "chữ")
            #expect(try await connection.query("SELECT $1", [42])[0].decode(0, as: Int.self) == 42)
            #expect(try await connection.query("SELECT $1", ["lại"])[0].decode(0, as: String.self) == "lại")
            // A statement that fails to prepare is not cached as if it had been.
            await #expect(throws: PostgresError.self) { try await connection.query("SELECT FROM nowhere_at_all") }
            try await connection.execute("CREATE TABLE nowhere_at_all (x int)")
            #expect(try await connection.query("SELECT FROM nowhere_at_all").count == 0)
        }
    }
}
