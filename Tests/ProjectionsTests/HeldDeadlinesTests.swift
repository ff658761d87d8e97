import EventStore
import Foundation
import Nominations
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing
import Workflow

/// Nominations decided by the domain and stored, one tenant per test, so that the deadlines read
/// model can be compared with the domain's own state.
private struct Desk {
    static let officer = Actor(id: "officer-hn", roles: ["unit_officer"], unit: "vksnd-hanoi")
    static let inspector = Actor(id: "inspector-1", roles: ["inspector"], unit: "vksndtc")

    let store: EventStore
    let tenant: String
    let configuration: DomainConfiguration
    private(set) var nominations: [String: (state: Nomination, version: Int64)] = [:]

    init(store: EventStore, tenant: String) throws {
        self.store = store
        self.tenant = tenant
        configuration = try shippedConfiguration()
    }

    mutating func submit(_ id: String, on date: String) async throws {
        let history = NomineeHistory(
            titles: [2022, 2023, 2024].map { HeldTitle(title: "grassroots_emulation_fighter", year: $0, wasAdHoc: false) },
            initiatives: [RecognisedInitiative(year: 2024, scope: .sector)])
        try await run(.submit(.init(
            nominationID: id, kind: "annual", title: "sector_emulation_fighter", year: 2024,
            nominee: .individual(id: "staff-\(id)", name: "Nguyễn Văn An", unit: "vksnd-hanoi", position: "Kiểm sát viên",
                                 isFrontLine: true),
            achievementSummary: "Giải quyết 120 vụ án đúng hạn",
            documents: ["submission", "achievement_report", "review_minutes", "initiative_certificate"].map {
                DossierDocument(kind: $0, title: "Hồ sơ \($0)", sha256: String(repeating: "ab", count: 32))
            })), on: date, by: Self.officer, history: history)
    }

    mutating func place(_ holdID: String, kind: String = "complaint", on: String, _ id: String) async throws {
        try await run(.placeHold(.init(nominationID: id, holdID: holdID, holdKind: kind, reference: "Đơn 12/2025")), on: on)
    }

    mutating func lift(_ holdID: String, on: String, _ id: String) async throws {
        try await run(.liftHold(.init(nominationID: id, holdID: holdID, note: "Đã xác minh")), on: on)
    }

    /// Stores a lift as builds before holds paused deadlines wrote it: without the moved deadline.
    mutating func liftAsBefore(_ holdID: String, kind: String, on date: String, _ id: String) async throws {
        let payload = #"{"nominationID": "\#(id)", "holdID": "\#(holdID)", "holdKind": "\#(kind)", "note": "Đã xác minh", "liftedOn": "\#(date)"}"#
        let event = try StoredJSONDecoder().decode(from: Data(payload.utf8)) {
            try NominationEvent(type: "nomination.hold_lifted", payloadDecoder: $0)
        }
        try await append([event], to: id, by: Self.inspector)
    }

    private mutating func run(_ command: NominationCommand, on date: String, by actor: Actor = Desk.inspector,
                              history: NomineeHistory = NomineeHistory()) async throws {
        let context = DecisionContext(today: LocalDate(iso: date)!, actor: actor, configuration: configuration, history: history)
        let events = try Nomination.decide(command, nominations[command.nominationID]?.state, context)
        try await append(events, to: command.nominationID, by: actor)
    }

    private mutating func append(_ events: [NominationEvent], to id: String, by actor: Actor) async throws {
        var state = nominations[id]?.state
        for event in events { state = Nomination.evolve(state, event) }
        let version = nominations[id]?.version ?? 0
        let result = try await store.append(
            to: StreamName(tenant: tenant, category: "nomination", id: id), expected: version == 0 ? .noStream : .exact(version),
            events: try events.map { try newEvent($0, actor: actor) })
        nominations[id] = (state!, result.toVersion)
    }
}

@Suite(.freshDatabase, .tags(.database), .serialized)
struct HeldDeadlinesTests {
    /// Submitted on Monday 3 March 2025, due on Monday 17 March. Held from the 5th, the first is
    /// still held on the 20th; the second was already late when its hold came on the 18th; the
    /// third has no hold.
    @Test func aHeldNominationIsMarkedAndItsClockIsStopped() async throws {
        let fixture = try await ProjectionFixture.make()
        defer { Task { await fixture.close() } }
        var desk = try Desk(store: fixture.store, tenant: "held")
        for id in ["N-held", "N-late", "N-free"] { try await desk.submit(id, on: "2025-03-03") }
        try await desk.place("H1", kind: "complaint", on: "2025-03-05", "N-held")
        try await desk.place("H2", kind: "inspection", on: "2025-03-07", "N-held")
        try await desk.place("H3", on: "2025-03-18", "N-late")
        try await fixture.catchUpAll()

        let queries = ReadModelQueries(pool: fixture.pool)
        let thursday = LocalDate(iso: "2025-03-20")!
        let overdue = try await queries.deadlines(tenant: "held", today: thursday, overdueOnly: true).items
        #expect(overdue.map(\.nominationID).sorted() == ["N-free", "N-late"])
        let all = try await queries.deadlines(tenant: "held", today: thursday).items
        let held = try #require(all.first { $0.nominationID == "N-held" })
        #expect(held.dueOn == "2025-03-17")
        #expect(!held.isOverdue)
        #expect(held.onHoldSince == "2025-03-05")
        #expect(held.holdKinds == ["complaint", "inspection"])
        let late = try #require(all.first { $0.nominationID == "N-late" })
        #expect(late.isOverdue && late.onHoldSince == "2025-03-18" && late.holdKinds == ["complaint"])
        let free = try #require(all.first { $0.nominationID == "N-free" })
        #expect(free.isOverdue && free.onHoldSince == nil && free.holdKinds.isEmpty)

        // Lifted on Friday 21 March: held from the 6th to the 21st, 12 working days, so the stage
        // is now due on Wednesday 2 April.
        try await desk.lift("H1", on: "2025-03-21", "N-held")
        try await desk.lift("H2", on: "2025-03-21", "N-held")
        try await fixture.catchUpAll()
        let lifted = try #require(try await queries.deadlines(tenant: "held", today: thursday).items
            .first { $0.nominationID == "N-held" })
        #expect(lifted.dueOn == "2025-04-02")
        #expect(lifted.onHoldSince == nil && lifted.holdKinds.isEmpty)
        let summary = try await fixture.timeline(of: "N-held", tenant: "held").last?.summary
        #expect(summary == "Hold lifted (inspection); the stage is now due on 2025-04-02")
        #expect(lifted.dueOn == desk.nominations["N-held"]?.state.stageDeadline?.description)
    }

    /// However the log is cut into batches (every event its own, or the whole log in one), each
    /// row's due date and hold (and the nominations list's deadline) are the domain's, through
    /// overlapping holds lifted in any order, a pause ending and another starting, and a lift
    /// stored before holds paused deadlines.
    @Test(arguments: [1, 1_000])
    func theRowsAreTheDomainsInBatchesOfAnySize(batchSize: Int) async throws {
        let fixture = try await ProjectionFixture.make(batchSize: batchSize)
        defer { Task { await fixture.close() } }
        let tenant = "batches-\(batchSize)"
        var desk = try Desk(store: fixture.store, tenant: tenant)
        for id in ["A", "B", "C", "D"] { try await desk.submit(id, on: "2025-03-03") }
        // A: the first hold lifted before the second; the pause runs from the 5th to the 14th.
        try await desk.place("H1", on: "2025-03-05", "A")
        try await desk.place("H2", kind: "discipline", on: "2025-03-07", "A")
        try await desk.lift("H1", on: "2025-03-10", "A")
        // B: one pause ends and another starts later; later a second hold overlaps it and outlasts it.
        try await desk.place("H1", on: "2025-03-04", "B")
        try await desk.lift("H1", on: "2025-03-06", "B")
        try await desk.place("H1", kind: "inspection", on: "2025-03-11", "B")
        // C: held and lifted by a build from before holds paused deadlines, then held again.
        try await desk.place("H1", on: "2025-03-04", "C")
        try await desk.liftAsBefore("H1", kind: "complaint", on: "2025-03-06", "C")
        try await desk.place("H2", on: "2025-03-10", "C")
        try await desk.lift("H2", on: "2025-03-12", "C")
        // D: held, lifted, held again under the same id; later lifted, and another hold placed.
        try await desk.place("H1", on: "2025-03-04", "D")
        try await desk.lift("H1", on: "2025-03-05", "D")
        try await desk.place("H1", on: "2025-03-05", "D")
        try await fixture.catchUpAll()
        try await expectRowsAreTheDomains(desk, fixture)

        try await desk.lift("H2", on: "2025-03-14", "A")
        try await desk.place("H2", on: "2025-03-12", "B")
        try await desk.lift("H1", on: "2025-03-13", "B")
        try await desk.lift("H1", on: "2025-03-17", "D")
        try await desk.place("H2", kind: "discipline", on: "2025-03-18", "D")
        try await fixture.catchUpAll()
        try await expectRowsAreTheDomains(desk, fixture)

        try await fixture.rebuildAll(batchSize: batchSize)
        try await expectRowsAreTheDomains(desk, fixture)
    }

    private func expectRowsAreTheDomains(_ desk: Desk, _ fixture: ProjectionFixture) async throws {
        let rows = try await fixture.pool.query("""
            SELECT nomination_id, due_on::text, on_hold_since::text, holds::text
            FROM projection_deadlines.open_stages WHERE tenant = $1
            """, [desk.tenant])
        #expect(rows.count == desk.nominations.count)
        for row in rows {
            let id: String = try row.decode(0)
            let nomination = try #require(desk.nominations[id]?.state)
            #expect(try row.decode(1, as: String?.self) == nomination.stageDeadline?.description, "\(id)")
            #expect(try row.decode(2, as: String?.self) == nomination.pausedSince?.description, "\(id)")
            let holds = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(3, as: String.self).utf8))
            #expect(holds == Dictionary(uniqueKeysWithValues: nomination.holds.map { ($0.id, $0.kind) }), "\(id)")
        }
        let listed = try await fixture.pool.query("""
            SELECT nomination_id, stage_deadline::text FROM projection_nominations.nominations WHERE tenant = $1
            """, [desk.tenant])
        #expect(listed.count == desk.nominations.count)
        for row in listed {
            let id: String = try row.decode(0)
            #expect(try row.decode(1, as: String?.self) == desk.nominations[id]?.state.stageDeadline?.description, "\(id)")
        }
    }
}

/// A deployment upgraded to this release: its deadlines read model was filled by a build that
/// did not look at holds, and the migration has it filled again from the log.
@Suite(.freshDatabase, .tags(.database))
struct DeadlinesUpgradeTests {
    @Test func theMigrationFillsTheHoldsOfAnExistingReadModelFromTheLog() async throws {
        let configuration = try TestDatabase.configuration
        let connection = try await ProjectionFixture.databaseBefore(migration: 28)
        let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: 4))
        let listener = Listener(configuration: configuration)
        try await listener.start()
        let store = EventStore(pool: pool, listener: listener)
        var desk = try Desk(store: store, tenant: "upgraded")
        try await desk.submit("N1", on: "2025-03-03")
        try await desk.place("H1", on: "2025-03-05", "N1")
        // The row and checkpoint the earlier build left: the submission's stage, no hold.
        try await pool.query("""
            INSERT INTO projection_deadlines.open_stages (tenant, nomination_id, kind, unit, nominee_name, state, entered_on, due_on)
            VALUES ('upgraded', 'N1', 'annual', 'vksnd-hanoi', 'Nguyễn Văn An', 'submitted', '2025-03-03', '2025-03-17')
            """)
        let head = try await store.headCheckpoint()
        try await pool.query("""
            INSERT INTO laurel_projection_checkpoints (name, transaction_id, position, events_applied) VALUES ('deadlines', $1, $2, 2)
            """, [Int64(head.transactionID), head.position])

        try await ProjectionFixture.upgrade(connection)
        await connection.close()
        let service = ProjectionService(configuration: configuration, pool: pool, store: store, listener: listener)
        try await service.runner(named: "deadlines").catchUp(to: head)
        let stages = try await ReadModelQueries(pool: pool).deadlines(tenant: "upgraded", today: LocalDate(iso: "2025-03-20")!).items
        #expect(stages.map(\.nominationID) == ["N1"])
        #expect(stages.first?.onHoldSince == "2025-03-05")
        #expect(stages.first?.holdKinds == ["complaint"])
        #expect(stages.first?.isOverdue == false)
        listener.close()
        await pool.close()
    }
}
