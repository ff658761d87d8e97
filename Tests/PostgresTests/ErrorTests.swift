import Foundation
import Logging
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct ErrorTests {
    @Test func uniqueViolationCarriesCodeAndConstraintButNoValues() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("CREATE TABLE people (email text CONSTRAINT people_email_key UNIQUE)")
            let secret = "nguyen.van.a@vks.gov.vn"
            try await connection.query("INSERT INTO people VALUES ($1)", [secret])
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("INSERT INTO people VALUES ($1)", [secret])
            }
            guard let error else { return }
            #expect(error.code == .server)
            #expect(error.sqlState == .uniqueViolation)
            #expect(error.constraint == "people_email_key")
            #expect(error.table == "people")
            #expect(error.isTransient == false)
            // The server's DETAIL quotes the key; it is kept, but out of the description.
            #expect(error.detail?.contains(secret) == true)
            #expect(!error.description.contains(secret))
            #expect(!String(describing: error).contains(secret))
            #expect(!"\(error)".contains(secret))
            #expect(error.debugDescription.contains(secret))
            #expect(error.description.contains("23505"))
            #expect(error.description.contains("people_email_key"))
        }
    }

    @Test func serverMessagesQuotingValuesStayOutOfTheDescription() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            let secret = "mật-khẩu-42"
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT $1::int", [secret])
            }
            #expect(error?.sqlState?.rawValue == "22P02")
            #expect(error?.message.contains(secret) == true)
            #expect(error?.description.contains(secret) == false)

            let raised = await #expect(throws: PostgresError.self) {
                try await connection.execute("DO $$ BEGIN RAISE EXCEPTION 'card %', '4111-1111'; END $$")
            }
            #expect(raised?.sqlState == .raiseException)
            #expect(raised?.description.contains("4111") == false)
        }
    }

    @Test func checkAndForeignKeyViolationsAreNamed() async throws {
        try await Connection.withConnection(try TestDatabase.configuration) { connection in
            try await connection.execute("""
                CREATE TABLE units (id int PRIMARY KEY);
                CREATE TABLE awards (unit int CONSTRAINT awards_unit_fkey REFERENCES units,
                                     points int CONSTRAINT awards_points_check CHECK (points >= 0));
                """)
            let foreign = await #expect(throws: PostgresError.self) {
                try await connection.query("INSERT INTO awards VALUES ($1, $2)", [99, 1])
            }
            #expect(foreign?.sqlState == .foreignKeyViolation)
            #expect(foreign?.constraint == "awards_unit_fkey")
            let check = await #expect(throws: PostgresError.self) {
                try await connection.query("INSERT INTO awards VALUES ($1, $2)", [Int?.none, -1])
            }
            #expect(check?.sqlState == .checkViolation)
            #expect(check?.constraint == "awards_points_check")
        }
    }

    @Test func aFailedConnectIsAClearConnectionFailed() async throws {
        // Nothing listens on port 1.
        let refused = await #expect(throws: PostgresError.self) {
            try await Connection.connect(PostgresConfiguration("postgresql://laurel@127.0.0.1:1/laurel", connectTimeout: 2))
        }
        #expect(refused?.code == .connectionFailed)
        #expect(refused?.message.isEmpty == false)
        #expect(refused?.description.contains("connectionFailed") == true)
        // The reason is libpq's, so it says what went wrong.
        #expect(refused?.message.lowercased().contains("refused") == true
                || refused?.message.lowercased().contains("connect") == true)

        let admin = try await TestServer.shared.adminConfiguration()
        let missing = await #expect(throws: PostgresError.self) {
            try await Connection.connect(admin.with(database: "no_such_database_here"))
        }
        #expect(missing?.code == .connectionFailed)
        #expect(missing?.message.contains("no_such_database_here") == true)

        let malformed = await #expect(throws: PostgresError.self) {
            try await Connection.connect(PostgresConfiguration("host=localhost port"))
        }
        #expect(malformed?.code == .invalidConfiguration)
    }

    @Test func aClosedConnectionSaysSo() async throws {
        let connection = try await TestDatabase.connect()
        await connection.close()
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error?.code == .connectionClosed)
    }

    @Test func noticesGoToTheLogger() async throws {
        let (logger, log) = CollectingLogHandler.logger("notices")
        try await Connection.withConnection(try TestDatabase.configuration, logger: logger) { connection in
            try await connection.execute("""
                DO $$ BEGIN
                    RAISE NOTICE 'đã nhận hồ sơ %', 7;
                    RAISE WARNING 'sắp hết hạn';
                END $$
                """)
            let entries = log.all
            #expect(entries.contains { $0.0 == .debug && $0.1 == "postgres: đã nhận hồ sơ 7" })
            #expect(entries.contains { $0.0 == .warning && $0.1 == "postgres: sắp hết hạn" })
        }
    }
}
