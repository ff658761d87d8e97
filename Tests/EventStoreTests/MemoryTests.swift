import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct MemoryTests {
    /// The resident set size of this process, from /proc/self/status (VmRSS, in kB).
    static func residentMegabytes() throws -> Double {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try #require(Double(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kilobytes / 1024
    }

    @Test(.timeLimit(.minutes(3)))
    func readingAMillionEventLogThroughASubscriptionDoesNotGrowMemory() async throws {
        let total = 1_000_000
        try await withStore(options: .init(subscriptionPageSize: 1000)) { store in
            // As superuser, with the hashes computed by the database's own function. In chunks,
            // two at once (one per core): a long transaction would hold back the fenced log of
            // every database on the server, and so the other suites' tests.
            let chunk: Int64 = 50_000
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<2 {
                    group.addTask {
                        for first in stride(from: 1 + Int64(worker) * chunk, through: Int64(total), by: Int(2 * chunk)) {
                            try await store.pool.query("""
                                INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type,
                                                    schema_version, payload, metadata, recorded_at, hash, previous_hash)
                                SELECT 'bulk', stream, 'load', 1, id, 'LoadTested', 1, payload, metadata, at,
                                       laurel_event_hash('bulk', stream, 1, id, 'LoadTested', 1, payload, metadata, at, NULL), NULL
                                FROM (SELECT 'load-' || n AS stream, gen_random_uuid() AS id, now() AS at,
                                             jsonb_build_object('n', n, 'unit', 'Viện kiểm sát nhân dân khu vực ' || (n % 97),
                                                                'score', n % 100) AS payload,
                                             '{"actor_id": "loader", "actor_roles": ["system"], "reason": "load test"}'::jsonb AS metadata
                                      FROM generate_series($1::bigint, $2::bigint) AS n) AS source
                                """, [first, first + chunk - 1])
                        }
                    }
                }
                try await group.waitForAll()
            }

            let before = try Self.residentMegabytes()
            var peak = before
            var count = 0
            var last = LogCheckpoint.start
            var outOfOrder = 0
            for try await event in store.subscribe(from: .start) {
                if event.checkpoint <= last { outOfOrder += 1 }
                last = event.checkpoint
                count += 1
                if count % 50_000 == 0 { peak = max(peak, try Self.residentMegabytes()) }
                if count == total { break }
            }
            peak = max(peak, try Self.residentMegabytes())
            #expect(count == total)
            #expect(outOfOrder == 0)
            // The whole test process is measured, other suites included, so the bound is on growth:
            // a subscription holds one page, never the log.
            #expect(peak - before < 50, "resident memory peaked at \(peak) MB (\(before) MB before reading)")
        }
    }
}
