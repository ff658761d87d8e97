@testable import EventStore
import Foundation
import Nominations
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing

/// Everything a projection test needs on its own database: the migrated schema, a pool, the
/// store and the projections.
struct ProjectionFixture {
    let configuration: PostgresConfiguration
    let pool: ConnectionPool
    let store: EventStore
    let listener: Listener
    let service: ProjectionService
    let batchSize: Int

    /// The repository's `sql/`: the migrations as the source tree has them.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sql")

    /// A connection to the test database with the migrations before `version` applied, as a
    /// deployment of an earlier build has it; ``upgrade(_:)`` applies the rest.
    static func databaseBefore(migration version: Int) async throws -> Connection {
        let connection = try await Connection.connect(try TestDatabase.configuration)
        let earlier = try Migrator(directory: migrationsDirectory).migrations.filter { $0.version < version }
        try await Migrator(migrations: earlier).migrate(connection)
        return connection
    }

    /// Applies every migration `connection`'s database lacks.
    static func upgrade(_ connection: Connection) async throws {
        try await Migrator(directory: migrationsDirectory).migrate(connection)
    }

    static func make(batchSize: Int = 500) async throws -> ProjectionFixture {
        let configuration = try TestDatabase.configuration
        let connection = try await Connection.connect(configuration)
        try await upgrade(connection)
        try await EventRowsProjection.create(on: connection)
        await connection.close()
        let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: 4))
        let listener = Listener(configuration: configuration)
        try await listener.start()
        let store = EventStore(pool: pool, listener: listener)
        let service = ProjectionService(
            configuration: configuration, pool: pool, store: store, listener: listener, batchSize: batchSize)
        return ProjectionFixture(configuration: configuration, pool: pool, store: store, listener: listener, service: service,
                                 batchSize: batchSize)
    }

    /// Rebuilds every standard projection in batches of `batchSize` events.
    func rebuildAll(batchSize: Int) async throws {
        try await ProjectionService(
            configuration: configuration, pool: pool, store: store, listener: listener, rebuildBatchSize: batchSize
        ).rebuildAll()
    }

    func close() async {
        listener.close()
        await pool.close()
    }

    /// A runner of ``EventRowsProjection``, in batches of `batchSize` events.
    var eventRows: ProjectionRunner {
        ProjectionRunner(projection: EventRowsProjection(), configuration: configuration, store: store, batchSize: batchSize)
    }

    /// Every row of every table of the standard projections and of ``EventRowsProjection``, as
    /// sorted JSON text.
    func snapshot() async throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for projection in ProjectionService.standard + [EventRowsProjection()] {
            let names = try await pool.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [projection.schema])
            for row in names {
                let table = "\(projection.schema).\(try row.decode(0, as: String.self))"
                let rows = try await pool.query("SELECT to_jsonb(t)::text FROM \(table) t ORDER BY 1")
                tables[table] = try rows.map { try $0.decode(0, as: String.self) }
            }
        }
        return tables
    }

    /// Brings every standard projection up to the end of the log as it is now.
    func catchUpAll() async throws {
        let head = try await store.headCheckpoint()
        for runner in service.runners { try await runner.catchUp(to: head) }
    }

    /// Every index and constraint of the standard projections' tables, as PostgreSQL prints
    /// them (without the schema name, which a rebuild's copy has another of until the switch).
    func schemaShape() async throws -> [String] {
        let schemas = ProjectionService.standard.map(\.schema)
        let indexes = try await pool.query("""
            SELECT tablename || ' ' || indexname || ' ' || regexp_replace(indexdef, ' ON [a-z_]+\\.', ' ON ')
            FROM pg_indexes WHERE schemaname = ANY($1) ORDER BY 1
            """, [PostgresArray(schemas)])
        let constraints = try await pool.query("""
            SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint AS c JOIN pg_namespace AS n ON n.oid = c.connamespace
            WHERE n.nspname = ANY($1) ORDER BY 1
            """, [PostgresArray(schemas)])
        return try indexes.map { try $0.decode(0, as: String.self) } + constraints.map { try $0.decode(0, as: String.self) }
    }

    /// The timeline of nomination `id`, made from its stream as the timeline route makes it.
    func timeline(of id: String, tenant: String) async throws -> [TimelineEntry] {
        try await store.readStream(StreamName(tenant: tenant, category: "nomination", id: id)).map { record in
            guard case .nomination(let event) = try ProjectedEvent(record).body else {
                throw ProjectionError(.undecodableEvent, "\(record.type) in the stream of nomination \(id)")
            }
            return TimelineEntry(record, event)
        }
    }

    func count(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await pool.query(sql, parameters)[0].decode(0, as: Int.self)
    }
}

@Suite(.freshDatabase, .tags(.database))
struct RebuildTests {
    @Test func aFullRebuildProducesExactlyTheRowsOfIncrementalProcessing() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 37)
        var workload = try Workload(store: fixture.store, seed: 20_251_129)
        for index in 0..<240 {
            if index % 40 == 0 { try await workload.convene("S\(index / 40)") }
            try await workload.drive(nominationID: "N\(index)", steps: 4 + index % 17)
            // Catch up now and then, so the incremental run crosses many batch boundaries
            // mid-workload, as a live runner would.
            if index % 25 == 0 {
                try await fixture.catchUpAll()
            }
        }
        try await fixture.catchUpAll()
        #expect(workload.commandsAccepted > 1_000)

        let incremental = try await fixture.snapshot()
        let shape = try await fixture.schemaShape()
        #expect(shape.contains { $0.contains("nominations_tenant_state_idx") })
        #expect(shape.contains { $0.contains("awards_pkey PRIMARY KEY (tenant, nomination_id)") })
        try await expectEveryPayloadIsReadFromTheDecodersIndex(fixture)
        #expect(try await fixture.count("SELECT count(*) FROM projection_nominations.nominations") == 240)
        #expect(try await fixture.count("SELECT count(*) FROM projection_awards.awards") > 0)
        #expect(try await fixture.count("SELECT count(*) FROM projection_council.agenda WHERE in_favour IS NOT NULL") > 0)

        // One projection on its own (in batches cut elsewhere than the live runner's), then all
        // of them together in one pass (in batches of the default size: the whole log).
        try await ProjectionRunner(
            projection: StatisticsProjection(), configuration: fixture.configuration, store: fixture.store,
            rebuildBatchSize: 101
        ).rebuild()
        let rebuiltAlone = try await fixture.snapshot()
        #expect(rebuiltAlone == incremental)
        try await fixture.service.rebuildAll()
        let rebuilt = try await fixture.snapshot()
        #expect(rebuilt.keys.sorted() == incremental.keys.sorted())
        for (table, rows) in incremental {
            #expect(rebuilt[table] == rows, "\(table) differs after the rebuild")
        }
        // The copies are made without their secondary indexes, created after the load: the
        // rebuilt tables must come out with every index and constraint the migrations made.
        #expect(try await fixture.schemaShape() == shape)
        // And with the planner's statistics where they hold rows enough, so that the live
        // follower need not stop to gather them after the switch; the others are left to it.
        let analysed = try await fixture.pool.query("""
            SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables
            WHERE schemaname = ANY($1) AND last_analyze IS NOT NULL
            """, [PostgresArray(ProjectionService.standard.map(\.schema))]).map { try $0.decode(0, as: String.self) }
        var filled: [String] = []
        for table in rebuilt.keys where ProjectionService.standard.contains(where: { table.hasPrefix($0.schema + ".") }) {
            let rows = try await fixture.count("SELECT count(*) FROM \(table)")
            if rows >= ProjectionFollower.rowsBeforeFirstAnalysis { filled.append(table) }
        }
        #expect(filled.contains("projection_nominations.nominations"))
        #expect(Set(analysed) == Set(filled))
        await fixture.close()
    }

}

/// Every payload Laurel stores is read from StoredJSONDecoder's index, none left to JSONDecoder
/// (that would be correct, but three times slower).
private func expectEveryPayloadIsReadFromTheDecodersIndex(_ fixture: ProjectionFixture) async throws {
    var leftToJSONDecoder = Set<String>()
    var checkpoint = LogCheckpoint.start
    while true {
        let page = try await fixture.store.readAll(after: checkpoint, limit: 1_000)
        guard let last = page.last else { break }
        checkpoint = last.checkpoint
        for record in page {
            let type = record.type
            let indexed: Bool = type.hasPrefix("council.")
                ? StoredJSONDecoder.decodeIndexed(record.payload, { try CouncilSessionEvent(type: type, payloadDecoder: $0) }) != nil
                : StoredJSONDecoder.decodeIndexed(record.payload, { try NominationEvent(type: type, payloadDecoder: $0) }) != nil
            if !indexed { leftToJSONDecoder.insert(type) }
        }
    }
    #expect(leftToJSONDecoder.isEmpty, "payloads of \(leftToJSONDecoder.sorted()) need JSONDecoder")
}

@Suite(.freshDatabase, .tags(.database))
struct CrashRecoveryTests {
    @Test func aBatchThatFailsLeavesNothingAppliedAndResumingCountsEachEventOnce() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10)
        var workload = try Workload(store: fixture.store, seed: 7)
        for index in 0..<12 { try await workload.drive(nominationID: "K\(index)", steps: 6) }
        let total = try await fixture.count("SELECT count(*) FROM events WHERE event_type LIKE 'nomination.%'")

        // The runner dies in the middle of the batch holding the 25th event.
        let failing = ProjectionRunner(
            projection: FailingProjection(base: EventRowsProjection(), failAt: 25),
            configuration: fixture.configuration, store: fixture.store, batchSize: 10)
        let head = try await fixture.store.headCheckpoint()
        let crash = await #expect(throws: ProjectionError.self) { try await failing.catchUp(to: head) }
        #expect(crash?.message == "simulated crash")
        // Only whole batches before it were kept: with batches of ten, 15 to 24 events (fewer
        // per batch when the log's fence held some back), and the checkpoint says the same.
        let applied = try await fixture.count(
            "SELECT events_applied FROM laurel_projection_checkpoints WHERE name = 'event_rows'")
        #expect((15...24).contains(applied))
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == applied)

        // A new runner resumes from the checkpoint; the table's primary key would refuse an
        // event applied twice, and the count shows none was skipped.
        try await fixture.eventRows.catchUp(to: head)
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == total)
        await fixture.close()
    }
}

/// On a database of its own: the crash test above also writes the event rows.
@Suite(.freshDatabase, .tags(.database))
struct LiveFailureTests {
    /// A live runner that meets a batch it cannot apply keeps running (the service with it),
    /// tries again later, and goes on once the batch applies.
    @Test func aLiveRunnerThatCannotApplyABatchRetriesInsteadOfEnding() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10)
        var workload = try Workload(store: fixture.store, seed: 11)
        for index in 0..<6 { try await workload.drive(nominationID: "R\(index)", steps: 6) }
        let total = try await fixture.count("SELECT count(*) FROM events WHERE event_type LIKE 'nomination.%'")
        let failing = ProjectionRunner(
            projection: FailingProjection(base: EventRowsProjection(), failAt: 15),
            configuration: fixture.configuration, store: fixture.store, batchSize: 10,
            retryAfterFailure: .milliseconds(300))
        let running = Task { try await failing.run() }
        #expect(try await eventually { try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == total })
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == total)
        running.cancel()
        // It was still running (not ended by the failure) until cancelled, and ends cleanly.
        await #expect(throws: Never.self) { try await running.value }
        await fixture.close()
    }

}

@Suite(.freshDatabase, .tags(.database))
struct StandbyTests {
    @Test func oneRunnerIsActiveAndAnotherTakesOverWhenItStops() async throws {
        let fixture = try await ProjectionFixture.make()
        var workload = try Workload(store: fixture.store, seed: 99)
        try await workload.drive(nominationID: "A1", steps: 3)
        let first = ProjectionRunner(projection: NominationListProjection(), configuration: fixture.configuration,
                                     store: fixture.store, pollInterval: .milliseconds(50))
        let second = ProjectionRunner(projection: NominationListProjection(), configuration: fixture.configuration,
                                      store: fixture.store, pollInterval: .milliseconds(50))
        let firstTask = Task { try await first.run() }
        #expect(try await eventually { try await fixture.count("SELECT count(*) FROM projection_nominations.nominations") == 1 })
        let secondTask = Task { try await second.run() }
        let lock = first.lockKey.key
        // The second runner waits on the lock: one holder, one waiter.
        #expect(try await eventually {
            try await fixture.count("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = $1 AND objid::bigint = $2 AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, [lock >> 32, lock & 0xFFFF_FFFF]) == 1
        })
        firstTask.cancel()
        _ = await firstTask.result
        try await workload.drive(nominationID: "A2", steps: 3)
        // Only the second runner is left to apply it.
        #expect(try await eventually { try await fixture.count("SELECT count(*) FROM projection_nominations.nominations") == 2 })
        secondTask.cancel()
        _ = await secondTask.result
        await fixture.close()
    }

}

@Suite(.freshDatabase, .tags(.database))
struct ReadYourWritesTests {
    @Test func aQueryWaitsForItsPositionAndTimesOutClearly() async throws {
        let fixture = try await ProjectionFixture.make()
        let running = Task { try await fixture.service.run() }
        var workload = try Workload(store: fixture.store, seed: 3)
        try await workload.drive(nominationID: "W1", steps: 1)
        let appended = try await fixture.store.append(
            to: StreamName(tenant: Workload.tenant, category: "nomination", id: "W1"), expected: .exact(1),
            events: [NewEvent(id: UUID(), type: NominationAmended.type, schemaVersion: 1,
                              payload: Data(#"{"nominationID":"W1","achievementSummary":"Sửa","documents":[],"amendedOn":"2025-01-07"}"#.utf8),
                              metadata: EventMetadata(actorID: "officer-hn", actorRoles: ["unit_officer"]))])
        // Generous: a long transaction elsewhere on the server holds the log's fence back.
        try await fixture.service.waitUntil("nominations", reaches: appended.checkpoint, timeout: .seconds(60))
        let row = try await NominationListQuery(pool: fixture.pool).find(tenant: Workload.tenant, nominationID: "W1")
        #expect(row?.version == 2)

        // With the runners stopped, a real event's checkpoint is never reached: a clear timeout.
        running.cancel()
        _ = await running.result
        let unseen = try await fixture.store.append(
            to: StreamName(tenant: Workload.tenant, category: "nomination", id: "W1"), expected: .exact(2),
            events: [NewEvent(id: UUID(), type: NominationAmended.type, schemaVersion: 1,
                              payload: Data(#"{"nominationID":"W1","achievementSummary":"Sửa lại","documents":[],"amendedOn":"2025-01-08"}"#.utf8),
                              metadata: EventMetadata(actorID: "officer-hn", actorRoles: ["unit_officer"]))])
        let started = ContinuousClock.now
        let error = await #expect(throws: ProjectionError.self) {
            try await fixture.service.waitUntil("nominations", reaches: unseen.checkpoint, timeout: .milliseconds(300))
        }
        #expect(error?.code == .notCaughtUp)
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(300) && waited < .seconds(3))

        // A checkpoint where the log has no event is refused at once rather than waited for.
        let never = LogCheckpoint(transactionID: unseen.checkpoint.transactionID + 1_000_000, position: unseen.checkpoint.position + 1)
        let refusal = await #expect(throws: ProjectionError.self) {
            try await fixture.service.waitUntil("nominations", reaches: never, timeout: .seconds(30))
        }
        #expect(refusal?.code == .unknownCheckpoint)
        await fixture.close()
    }

}

@Suite(.freshDatabase, .tags(.database))
struct NominationListTests {
    @Test func theNominationListFindsNamesWithoutDiacritics() async throws {
        let fixture = try await ProjectionFixture.make()
        var workload = try Workload(store: fixture.store, seed: 11)
        for index in 0..<15 { try await workload.drive(nominationID: "L\(index)", steps: 2) }
        try await fixture.service.runner(named: "nominations").catchUp(to: try await fixture.store.headCheckpoint())
        let query = NominationListQuery(pool: fixture.pool)
        let all = try await query.list(tenant: Workload.tenant, limit: 100).items
        let plain = try await query.list(tenant: Workload.tenant, filter: NominationFilter(nomineeName: "duc tho"), limit: 100).items
        #expect(plain.map(\.nominationID) == all.filter { $0.nomineeName == "Lê Đức Thọ" }.map(\.nominationID))

        // Stable pages: walking pages of four yields every row once, in order.
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await query.list(tenant: Workload.tenant, after: cursor, limit: 4)
            seen += page.items.map(\.nominationID)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == all.map(\.nominationID))
        #expect(seen.count == (try await fixture.count(
            "SELECT count(*) FROM events WHERE event_type = 'nomination.submitted'")))
        #expect(seen.count > 4)
        await fixture.close()
    }
}

/// Wraps a projection and throws in the batch holding its `failAt`-th event, like a process dying
/// mid-batch.
struct FailingProjection: Projection {
    let base: any Projection
    let failAt: Int
    let counter = Counter()
    var name: String { base.name }
    var schema: String { base.schema }
    var eventTypes: Set<String> { base.eventTypes }

    func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        let seen = counter.add(events.count)
        if (seen - events.count + 1...seen).contains(failAt) { throw ProjectionError(.undecodableEvent, "simulated crash") }
        return try base.statements(for: events)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add(_ count: Int) -> Int { lock.withLock { value += count; return value } }
    }
}
