import EventStore
import Foundation
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

// One follower applies each batch to several projections: a projection that fails is set
// aside without holding up the others, projections at different checkpoints each get every
// event once, and a lost session's locks are taken again. A database each: followers of the
// same projections in one database would wait on each other's locks.

@Suite(.freshDatabase, .tags(.database))
struct FollowerFailureTests {
    @Test func aProjectionThatCannotApplyABatchDoesNotHoldUpTheOthers() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10)
        var workload = try Workload(store: fixture.store, seed: 21)
        for index in 0..<6 { try await workload.drive(nominationID: "F\(index)", steps: 6) }
        let head = try await fixture.store.headCheckpoint()
        // Set aside for longer than the test: what the others do meanwhile is the point.
        let failing = runner(RefusingProjection(base: EventRowsProjection(), nominationID: "F3"), fixture,
                             retryAfterFailure: .seconds(600))
        let nominations = runner(NominationListProjection(), fixture, retryAfterFailure: .seconds(600))
        let follower = ProjectionFollower(runners: [failing, nominations])
        let running = Task { try await follower.run() }
        #expect(try await eventually { try await checkpoint("nominations", fixture) == head })
        #expect(try await fixture.count("SELECT count(*) FROM projection_nominations.nominations") == 6)

        // The event rows stopped before the first batch with an event of F3, with nothing half-applied.
        let applied = try await fixture.count("SELECT events_applied FROM laurel_projection_checkpoints WHERE name = 'event_rows'")
        let beforeF3 = try await fixture.count("SELECT count(*) FROM events WHERE position < (SELECT min(position) FROM events WHERE stream = 'nomination-F3')")
        #expect(applied <= beforeF3)
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == applied)
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied WHERE nomination_id = 'F3'") == 0)
        running.cancel()
        await #expect(throws: Never.self) { try await running.value }

        // Once it can apply the batch, it catches up from where it stopped.
        let total = try await fixture.count("SELECT count(*) FROM events WHERE event_type LIKE 'nomination.%'")
        let recovered = Task { try await ProjectionFollower(runners: [runner(EventRowsProjection(), fixture)]).run() }
        #expect(try await eventually { try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == total })
        recovered.cancel()
        _ = await recovered.result
        await fixture.close()
    }
}

@Suite(.freshDatabase, .tags(.database))
struct FollowerCheckpointTests {
    @Test func projectionsAtDifferentCheckpointsEachGetEveryEventOnce() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 7)
        var workload = try Workload(store: fixture.store, seed: 22)
        for index in 0..<5 { try await workload.drive(nominationID: "D\(index)", steps: 5) }
        // The nominations read model is ahead: it has the first part of the log, the event rows none.
        try await fixture.service.runner(named: "nominations").catchUp(to: try await fixture.store.headCheckpoint())
        for index in 5..<10 { try await workload.drive(nominationID: "D\(index)", steps: 5) }
        let head = try await fixture.store.headCheckpoint()

        let follower = ProjectionFollower(runners: [runner(NominationListProjection(), fixture), runner(EventRowsProjection(), fixture)])
        let running = Task { try await follower.run() }
        #expect(try await eventually {
            let nominations = try await checkpoint("nominations", fixture)
            let rows = try await checkpoint("event_rows", fixture)
            return nominations == head && rows == head
        })
        running.cancel()
        _ = await running.result
        let followed = try await fixture.snapshot()
        let total = try await fixture.count("SELECT count(*) FROM events")
        #expect(try await fixture.count("SELECT events_applied FROM laurel_projection_checkpoints WHERE name = 'nominations'") == total)
        #expect(try await fixture.count("SELECT events_applied FROM laurel_projection_checkpoints WHERE name = 'event_rows'") == total)

        // The same rows as a rebuild from the start of the log.
        try await fixture.service.runner(named: "nominations").rebuild()
        try await fixture.eventRows.rebuild()
        let rebuilt = try await fixture.snapshot()
        for table in ["projection_nominations.nominations", "projection_test_event_rows.applied"] {
            #expect(followed[table]?.isEmpty == false)
            #expect(followed[table] == rebuilt[table], "\(table) differs from a rebuild")
        }
        await fixture.close()
    }
}

@Suite(.freshDatabase, .tags(.database))
struct FollowerSessionTests {
    @Test func aFollowerWhoseSessionEndsTakesItsLocksAgainAndGoesOn() async throws {
        let fixture = try await ProjectionFixture.make()
        var workload = try Workload(store: fixture.store, seed: 23)
        try await workload.drive(nominationID: "S1", steps: 3)
        let nominations = runner(NominationListProjection(), fixture)
        let follower = ProjectionFollower(runners: [nominations, runner(EventRowsProjection(), fixture)])
        let running = Task { try await follower.run() }
        #expect(try await eventually { try await fixture.count("SELECT count(*) FROM projection_nominations.nominations") == 1 })

        // The server ends the follower's session, and with it the session's locks.
        let key = nominations.lockKey.key
        let holder = """
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND classid::bigint = $1 AND objid::bigint = $2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """
        let before = try await fixture.pool.query(holder, [key >> 32, key & 0xFFFF_FFFF])[0].decode(0, as: Int32.self)
        try await fixture.pool.query("SELECT pg_terminate_backend($1)", [before])
        try await workload.drive(nominationID: "S2", steps: 3)
        #expect(try await eventually { try await fixture.count("SELECT count(*) FROM projection_nominations.nominations") == 2 })
        let after = try await fixture.pool.query(holder, [key >> 32, key & 0xFFFF_FFFF])
        #expect(after.count == 1)
        #expect(try after.first?.decode(0, as: Int32.self) != before)
        running.cancel()
        _ = await running.result
        await fixture.close()
    }
}

/// A projection that cannot apply any batch holding an event of one nomination.
private struct RefusingProjection: Projection {
    let base: any Projection
    let nominationID: String
    var name: String { base.name }
    var schema: String { base.schema }
    var eventTypes: Set<String> { base.eventTypes }

    func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        if events.contains(where: { $0.record.stream.id == nominationID }) {
            throw ProjectionError(.undecodableEvent, "refused: an event of \(nominationID)")
        }
        return try base.statements(for: events)
    }
}

private func runner(_ projection: any Projection, _ fixture: ProjectionFixture, retryAfterFailure: Duration = .seconds(30)) -> ProjectionRunner {
    ProjectionRunner(projection: projection, configuration: fixture.configuration, store: fixture.store,
                     batchSize: fixture.batchSize, pollInterval: .milliseconds(50), retryAfterFailure: retryAfterFailure)
}

func checkpoint(_ name: String, _ fixture: ProjectionFixture) async throws -> LogCheckpoint? {
    let rows = try await fixture.pool.query(
        "SELECT transaction_id, position FROM laurel_projection_checkpoints WHERE name = $1", [name])
    return try rows.first.map { LogCheckpoint(transactionID: UInt64(try $0.decode(0, as: Int64.self)), position: try $0.decode(1)) }
}
