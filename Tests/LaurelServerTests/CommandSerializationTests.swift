import Foundation
@testable import LaurelServer
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase)
struct CommandSerializationTests {
    /// Whether another session can take the lock of `name` now (and gives it back at once).
    func isFree(_ name: String, on connection: Connection) async throws -> Bool {
        let key = CommandSerialization.prefix + name
        let taken = try await connection.query("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", [key])[0]
            .decode(0, as: Bool.self)
        if taken { try await connection.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]) }
        return taken
    }

    @Test func aNameIsHeldUntilTheCommandEndsEvenWhenItsTaskIsCancelled() async throws {
        let commandSession = try await TestDatabase.connect()
        let other = try await TestDatabase.connect()
        let serialization = CommandSerialization(connection: commandSession)
        try await serialization.serialize("cap/t/u/title/2025")
        // Asking again (a retried decision) neither waits on itself nor takes it twice.
        try await serialization.serialize("cap/t/u/title/2025")
        #expect(try await isFree("cap/t/u/title/2025", on: other) == false)
        #expect(try await isFree("cap/t/u/title/2026", on: other))

        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await serialization.end()
        }
        await cancelled.value
        #expect(try await isFree("cap/t/u/title/2025", on: other))
        // Ended once: the lock was taken once, so it is not left held by a second acquisition.
        #expect(try await commandSession.query("SELECT count(*)::int8 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")[0]
            .decode(0, as: Int64.self) == 0)
        await commandSession.close()
        await other.close()
    }
}
