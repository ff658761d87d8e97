import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct ImmutabilityTests {
    @Test func theApplicationRoleAppendsAndReadsButCannotWriteTheLogItself() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            try await store.pool.transaction { transaction in
                try transaction.execute("SET LOCAL ROLE laurel_app")
                try store.append(in: transaction, to: stream, expected: .noStream, events: [event()])
                try store.append(in: transaction, to: stream, expected: .exact(1), events: [event()])
            }
            #expect(try await store.readStream(stream).count == 2)

            for statement in [
                "UPDATE events SET payload = '{}'",
                "DELETE FROM events",
                "TRUNCATE events",
                "UPDATE seals SET event_count = 0",
                "ALTER TABLE events DISABLE TRIGGER events_immutable",
                // Appends write the log as its owner, inside laurel_append, which computes the
                // hashes: the application cannot write an event of its own making.
                "INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, hash) VALUES ('vks', 'forged-1', 'forged', 1, gen_random_uuid(), 'forged', 1, '{}', '{}', now(), 'x')",
            ] {
                await #expect(Comment(rawValue: statement)) {
                    try await store.pool.transaction { transaction in
                        try transaction.execute("SET LOCAL ROLE laurel_app")
                        try transaction.execute(statement)
                    }
                } throws: {
                    ($0 as? PostgresError)?.sqlState == .insufficientPrivilege
                }
            }
        }
    }

    /// `laurel_append` runs as the log's owner, so who may call it is who may write the log.
    @Test func aRoleOtherThanTheApplicationCannotAppend() async throws {
        try await withStore { store in
            try await store.pool.query("""
                DO $$ BEGIN CREATE ROLE laurel_test_stranger NOLOGIN;
                EXCEPTION WHEN duplicate_object THEN NULL; END $$
                """)
            let stream = uniqueStream()
            await #expect {
                try await store.pool.transaction { transaction in
                    try transaction.execute("SET LOCAL ROLE laurel_test_stranger")
                    try store.append(in: transaction, to: stream, expected: .noStream, events: [event()])
                }
            } throws: {
                ($0 as? PostgresError)?.sqlState == .insufficientPrivilege
            }
            #expect(try await store.readStream(stream).isEmpty)
        }
    }

    @Test func theLogRefusesChangesEvenFromItsOwner() async throws {
        try await withStore { store in
            try await store.append(to: uniqueStream(), expected: .noStream, events: [event()])
            for statement in ["UPDATE events SET payload = '{}'", "DELETE FROM events", "TRUNCATE events"] {
                await #expect(Comment(rawValue: statement)) {
                    try await store.pool.query(statement)
                } throws: {
                    ($0 as? PostgresError)?.sqlState?.rawValue == "LA003"
                }
            }
        }
    }
}
