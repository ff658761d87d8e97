import EventStore
import Foundation
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

/// Events that keep coming wait for the batch interval; a reader waiting for them does not.
@Suite(.freshDatabase, .serialized)
struct FollowerGatherTests {
    @Test func eventsSoonAfterABatchWaitForTheIntervalUnlessAReaderWaits() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        let service = ProjectionService(configuration: fixture.configuration, pool: fixture.pool, store: fixture.store,
                                        listener: fixture.listener, batchInterval: .seconds(6))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        var workload = try Workload(store: fixture.store, seed: 51)

        // The first events after a quiet spell go at once.
        try await Task.sleep(for: .milliseconds(300))
        try await workload.drive(nominationID: "G1", steps: 1)
        let first = try await fixture.store.headCheckpoint()
        let driven = ContinuousClock.now
        try await waitFor { try await checkpoint("nominations", fixture) == first }
        let firstApplied = ContinuousClock.now
        #expect(firstApplied - driven < .seconds(3))

        // More right after: gathered for the next batch, a batch interval after the first.
        try await workload.drive(nominationID: "G2", steps: 2)
        let second = try await fixture.store.headCheckpoint()
        try await Task.sleep(for: .milliseconds(500))
        if ContinuousClock.now < firstApplied + .seconds(5) {
            #expect(try await checkpoint("nominations", fixture) == first, "applied before the interval passed")
        }

        // A reader waiting for them hurries the batch.
        let asked = ContinuousClock.now
        try await service.waitUntil("nominations", reaches: second, timeout: .seconds(30))
        #expect(ContinuousClock.now - asked < .seconds(3))
        #expect(try await checkpoint("nominations", fixture) == second)
    }
}
