import EventStore
import Foundation
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

/// Events that keep coming wait for the batch interval; a reader waiting for them does not.
///
/// The interval here is ten minutes, so that every step that completes within the test's
/// waits shows which rule let it through (other suites' open transactions may hold new events
/// back for a while, so the waits are generous rather than tight).
@Suite(.freshDatabase, .tags(.database), .serialized)
struct FollowerGatherTests {
    @Test func eventsSoonAfterABatchWaitForTheIntervalUnlessAReaderWaits() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        let service = ProjectionService(configuration: fixture.configuration, pool: fixture.pool, store: fixture.store,
                                        listener: fixture.listener, batchInterval: .seconds(600))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        var workload = try Workload(store: fixture.store, seed: 51)

        // The first event after a quiet spell goes at once, not ten minutes later.
        try await Task.sleep(for: .milliseconds(300))
        try await workload.drive(nominationID: "G1", steps: 1)
        let first = try await fixture.store.headCheckpoint()
        #expect(try await eventually { try await checkpoint("nominations", fixture) == first })

        // The next ones wait for the interval...
        try await workload.drive(nominationID: "G2", steps: 2)
        let second = try await fixture.store.headCheckpoint()
        try await Task.sleep(for: .seconds(1))
        #expect(try await checkpoint("nominations", fixture) == first)

        // ...unless a reader waits for them.
        try await service.waitUntil("nominations", reaches: second, timeout: .seconds(60))
        #expect(try await checkpoint("nominations", fixture) == second)
    }
}
