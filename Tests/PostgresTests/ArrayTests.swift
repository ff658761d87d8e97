import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct ArrayTests {
    @Test func arraysOfAwkwardTextReachTheServerElementForElement() async throws {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        let texts: [String?] = ["", "NULL", nil, "a,b", "{x}", "say \"hi\"", #"back\slash"#, "  spaced  ", "Đặng Quốc Việt", "\n\t"]
        let rows = try await connection.query(
            "SELECT t, t IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS u (t, n) ORDER BY n", [PostgresArray(texts)])
        #expect(try rows.map { try $0.decode(0, as: String?.self) } == texts)
        #expect(try rows.map { try $0.decode(1, as: Bool.self) } == texts.map { $0 == nil })
    }

    @Test func columnsOfOtherTypesTravelAsOneParameterEach() async throws {
        let connection = try await TestDatabase.connect()
        defer { Task { await connection.close() } }
        let numbers: [Int64] = [-9_007_199_254_740_993, 0, 42]
        let flags = [true, false, true]
        let bytes = [Data([0, 1, 0xfe]), Data(), Data("\"{}\\".utf8)]
        let rows = try await connection.query("""
            SELECT n, f, b FROM unnest($1::int8[], $2::bool[], $3::bytea[]) WITH ORDINALITY AS u (n, f, b, i) ORDER BY i
            """, [PostgresArray(numbers), PostgresArray(flags), PostgresArray(bytes)])
        #expect(try rows.map { try $0.decode(0, as: Int64.self) } == numbers)
        #expect(try rows.map { try $0.decode(1, as: Bool.self) } == flags)
        #expect(try rows.map { try $0.decode(2, as: Data.self) } == bytes)
        #expect(try await connection.query("SELECT cardinality($1::text[])", [PostgresArray([])])[0].decode(0, as: Int.self) == 0)
    }
}
