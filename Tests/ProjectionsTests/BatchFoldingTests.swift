import EventStore
import Foundation
import Nominations
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing
import Workflow

/// A projection folds a batch in memory into one write per row and table. These logs put many
/// events on the same rows inside one batch, applied by a live runner in large batches (so the
/// later ones change rows of earlier ones), and check the result against a rebuild of one event
/// per batch (which is how every event was applied before batches were folded) and a rebuild of
/// the whole log in one batch.
@Suite(.freshDatabase, .tags(.database))
struct NominationChangedManyTimesInOneBatchTests {
    @Test func holdsStagesAndVersionsEndAsEventByEvent() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10_000)
        let script = try Script(store: fixture.store)
        let early = ScriptedNomination(id: "M1")
        try await script.run(early, [(early.submit, .officer)])
        try await fixture.catchUpAll()
        // All of this lands on M1's rows in one batch; M2 is submitted in it too.
        try await script.run(early, [
            (.placeHold(.init(nominationID: "M1", holdID: "H0", holdKind: "complaint", reference: "Đơn 1")), .office),
            (.placeHold(.init(nominationID: "M1", holdID: "H1", holdKind: "audit", reference: "Kiểm toán")), .office),
            (.liftHold(.init(nominationID: "M1", holdID: "H0", note: "Đã xác minh")), .office),
            (.liftHold(.init(nominationID: "M1", holdID: "H1", note: "Đã xác minh")), .office),
            (.returnForAmendment(.init(nominationID: "M1", reasons: ["Thiếu biên bản"])), .office),
            (.amend(.init(nominationID: "M1", achievementSummary: "Bổ sung", documents: early.documents)), .officer),
            (.resubmit(.init(nominationID: "M1")), .officer),
            (.accept(.init(nominationID: "M1")), .office),
            (.placeHold(.init(nominationID: "M1", holdID: "H1", holdKind: "inspection", reference: "Thanh tra")), .office),
        ])
        let late = ScriptedNomination(id: "M2")
        try await script.run(late, [
            (late.submit, .officer),
            (.placeHold(.init(nominationID: "M2", holdID: "H0", holdKind: "complaint", reference: "Đơn 2")), .office),
            (.liftHold(.init(nominationID: "M2", holdID: "H0", note: "Đã xác minh")), .office),
            (.returnForAmendment(.init(nominationID: "M2", reasons: ["Thiếu biên bản"])), .office),
            (.resubmit(.init(nominationID: "M2")), .officer),
            (.accept(.init(nominationID: "M2")), .office),
            (.approve(.init(nominationID: "M2", decisionNumber: "7/QĐ", decisionDate: script.today)), .head),
        ])
        try await fixture.catchUpAll()

        let rows = try await fixture.pool.query("""
            SELECT nomination_id, holds::text, state, version FROM projection_nominations.nominations ORDER BY nomination_id
            """)
        #expect(try rows.map { try $0.decode(0, as: String.self) } == ["M1", "M2"])
        #expect(try rows[0].decode(1, as: String.self) == #"{"H1": "inspection"}"#)
        #expect(try rows[1].decode(1, as: String.self) == "{}")
        #expect(try rows.map { try $0.decode(2, as: String?.self) } == [early.state, late.state])
        #expect(try rows.map { try $0.decode(3, as: Int64.self) } == [early.version, late.version])
        // Every move out of a stage is one stay, whichever batch it fell in.
        #expect(try await fixture.count("SELECT sum(stays)::int FROM projection_statistics.stage_time")
            == early.stageMoves + late.stageMoves)
        // Every event once, whichever batch it fell in.
        try await fixture.eventRows.catchUp(to: try await fixture.store.headCheckpoint())
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == early.events + late.events)
        try await expectSameRowsWhateverTheBatches(fixture)
        await fixture.close()
    }
}

@Suite(.freshDatabase, .tags(.database))
struct AwardsCreatedAndRevokedInOneBatchTests {
    @Test func revocationsBeforeAndAfterAnAwardInTheBatchEndAsEventByEvent() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10_000)
        let script = try Script(store: fixture.store)
        let nominations = ["R1", "R2", "R3"].map { ScriptedNomination(id: $0) }
        for index in nominations.indices {
            let id = nominations[index].id
            try await script.run(nominations[index], [
                (nominations[index].submit, .officer), (.accept(.init(nominationID: id)), .office),
            ])
        }
        // R2's award is in the registry before the batch that revokes it.
        try await script.run(nominations[1], [(.approve(.init(nominationID: "R2", decisionNumber: "2/QĐ", decisionDate: script.today)), .head)])
        try await fixture.catchUpAll()

        try await script.run(nominations[0], [
            (.approve(.init(nominationID: "R1", decisionNumber: "1/QĐ", decisionDate: script.today)), .head),
            (.revoke(.init(nominationID: "R1", ground: .standardNotMet, legalBasis: "Điều 93", decisionNumber: "11/QĐ")), .head),
        ])
        try await script.run(nominations[1], [
            (.revoke(.init(nominationID: "R2", ground: .standardNotMet, legalBasis: "Điều 93", decisionNumber: "21/QĐ")), .head),
            (.restore(.init(nominationID: "R2", reason: "Được minh oan", decisionNumber: "22/QĐ")), .head),
            (.revoke(.init(nominationID: "R2", ground: .standardNotMet, legalBasis: "Điều 93", decisionNumber: "23/QĐ")), .head),
        ])
        try await script.run(nominations[2], [
            (.forward(.init(nominationID: "R3", authority: "Thủ tướng Chính phủ", submissionNumber: "3/TTr")), .head),
            (.recordHigherDecision(.init(nominationID: "R3", authority: "Thủ tướng Chính phủ", outcome: .awarded,
                                   decisionNumber: "31/QĐ-TTg", decisionDate: script.today)), .office),
            (.revoke(.init(nominationID: "R3", ground: .standardNotMet, legalBasis: "Điều 93", decisionNumber: "32/QĐ")), .head),
            (.restore(.init(nominationID: "R3", reason: "Được minh oan", decisionNumber: "33/QĐ")), .head),
        ])
        try await fixture.catchUpAll()

        let awards = try await fixture.pool.query("""
            SELECT nomination_id, decision_number, revoked, revocation_decision FROM projection_awards.awards ORDER BY 1
            """)
        #expect(try awards.map { try $0.decode(0, as: String.self) } == ["R1", "R2", "R3"])
        #expect(try awards.map { try $0.decode(1, as: String.self) } == ["1/QĐ", "2/QĐ", "31/QĐ-TTg"])
        #expect(try awards.map { try $0.decode(2, as: Bool.self) } == nominations.map { $0.state == "revoked" })
        #expect(try awards.map { try $0.decode(3, as: String?.self) } == ["11/QĐ", "23/QĐ", nil])
        try await expectSameRowsWhateverTheBatches(fixture)
        await fixture.close()
    }
}

@Suite(.freshDatabase, .tags(.database))
struct StatisticsBucketHitManyTimesTests {
    @Test func countersAndStageTimesSumEveryEventOfTheBatch() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10_000)
        let script = try Script(store: fixture.store)
        // The same unit, year, kind and title: one row of each statistics table takes them all.
        let nominations = (0..<24).map { ScriptedNomination(id: "S\($0)", isFrontLine: $0 % 3 == 0) }
        for index in nominations.indices where index < 8 {
            try await script.run(nominations[index], [(nominations[index].submit, .officer)])
        }
        try await fixture.catchUpAll()
        for index in nominations.indices {
            let id = nominations[index].id
            if index >= 8 { try await script.run(nominations[index], [(nominations[index].submit, .officer)]) }
            try await script.run(nominations[index], [(.accept(.init(nominationID: id)), .office)])
            if index % 2 == 0 {
                try await script.run(nominations[index], [(.approve(.init(nominationID: id, decisionNumber: "\(index)/QĐ", decisionDate: script.today)), .head)])
            } else {
                try await script.run(nominations[index], [(.withdraw(.init(nominationID: id, reason: "Rút hồ sơ")), .officer)])
            }
        }
        try await fixture.catchUpAll()

        let outcome = try await fixture.pool.query("""
            SELECT submitted, approved, withdrawn, approved_front_line FROM projection_statistics.outcomes
            """)
        #expect(outcome.count == 1)
        let approved = nominations.filter { $0.state == "approved" }
        #expect(try outcome[0].decode(0, as: Int.self) == nominations.count)
        #expect(try outcome[0].decode(1, as: Int.self) == approved.count)
        #expect(try outcome[0].decode(2, as: Int.self) == nominations.filter { $0.state == "withdrawn" }.count)
        #expect(try outcome[0].decode(3, as: Int.self) == approved.filter(\.isFrontLine).count)
        #expect(try await fixture.count("SELECT sum(stays)::int FROM projection_statistics.stage_time")
            == nominations.reduce(0) { $0 + $1.stageMoves })
        try await expectSameRowsWhateverTheBatches(fixture)
        await fixture.close()
    }
}

/// Rebuilds every read model one event per batch, then the whole log in one batch, and expects
/// both to leave exactly the rows the live runners left.
func expectSameRowsWhateverTheBatches(_ fixture: ProjectionFixture) async throws {
    let live = try await fixture.snapshot()
    for batchSize in [1, 10_000] {
        try await fixture.rebuildAll(batchSize: batchSize)
        let rebuilt = try await fixture.snapshot()
        for (table, rows) in live {
            #expect(rebuilt[table] == rows, "\(table) differs after a rebuild in batches of \(batchSize)")
        }
    }
}

/// Appends the events the domain decides for given commands, in the order given.
private struct Script {
    let store: EventStore
    let configuration: DomainConfiguration
    let today = LocalDate(year: 2025, month: 3, day: 3)!

    init(store: EventStore) throws {
        self.store = store
        configuration = try shippedConfiguration()
    }

    enum Role {
        case officer, office, head

        var actor: Actor {
            switch self {
            case .officer: Actor(id: "officer-hn", roles: ["unit_officer"], unit: "vksnd-hanoi")
            case .office: Actor(id: "office-1", roles: ["standing_office"], unit: "vksndtc")
            case .head: Actor(id: "head-1", roles: ["head_of_agency"], unit: "vksndtc")
            }
        }
    }

    func run(_ nomination: ScriptedNomination, _ steps: [(NominationCommand, Role)]) async throws {
        for (command, role) in steps {
            let context = DecisionContext(today: today, actor: role.actor, configuration: configuration)
            let events = try Nomination.decide(command, nomination.current, context)
            let expected: ExpectedVersion = nomination.version == 0 ? .noStream : .exact(nomination.version)
            var newEvents: [NewEvent] = []
            for event in events {
                nomination.record(event)
                newEvents.append(NewEvent(
                    id: UUID(), type: event.type, schemaVersion: event.schemaVersion,
                    payload: try JSONEncoder().encode(event.payload),
                    metadata: EventMetadata(actorID: role.actor.id, actorRoles: role.actor.roles.sorted())))
            }
            let stream = StreamName(tenant: Workload.tenant, category: "nomination", id: nomination.id)
            _ = try await store.append(to: stream, expected: expected, events: newEvents)
        }
    }
}

/// An ad hoc nomination driven by a script, with what its events add up to.
private final class ScriptedNomination {
    let id: String
    /// Whether the nominee holds no leadership post, so the rule set counts them as front-line staff.
    let isFrontLine: Bool
    private(set) var current: Nomination?
    private(set) var version: Int64 = 0
    private(set) var events = 0
    /// Events that moved it from one stage to another after its submission.
    private(set) var stageMoves = 0

    init(id: String, isFrontLine: Bool = true) {
        self.id = id
        self.isFrontLine = isFrontLine
    }

    var state: String? { current?.state }

    let documents = ["submission", "achievement_summary"].map {
        DossierDocument(kind: $0, title: $0, sha256: String(repeating: "ab", count: 32))
    }

    var submit: NominationCommand {
        .submit(.init(nominationID: id, kind: "ad_hoc", title: "certificate_of_merit", year: 2025,
                nominee: Nominee.individual(id: "staff-\(id)", name: "Nguyễn Văn An", unit: "vksnd-hanoi",
                                            position: isFrontLine ? "Kiểm sát viên" : "Phó Trưởng phòng"),
                achievementSummary: "Phá án xuất sắc", documents: documents))
    }

    func record(_ event: NominationEvent) {
        current = Nomination.evolve(current, event)
        version += 1
        events += 1
        if case .submitted = event { return }
        if event.stage != nil { stageMoves += 1 }
    }
}

@Suite(.freshDatabase, .tags(.database))
struct PreparedBatchTests {
    @Test func aBatchPreparedBeforeItsCheckpointMovedIsRefusedAndWritesNothing() async throws {
        let fixture = try await ProjectionFixture.make()
        var workload = try Workload(store: fixture.store, seed: 5)
        for index in 0..<4 { try await workload.drive(nominationID: "P\(index)", steps: 3) }
        let eventRows = [EventRowsProjection() as any Projection]
        let events = try await fixture.store.readAll(after: .start, limit: 1_000)
        let stale = try PreparedBatch(events, after: .start, for: eventRows)
        #expect(stale.count == events.count)

        // Something else applies the log first, as a second rebuild or runner would.
        try await fixture.eventRows.catchUp(to: try await fixture.store.headCheckpoint())
        let applied = try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied")
        let connection = try await Connection.connect(fixture.configuration)
        let error = await #expect(throws: ProjectionError.self) {
            try await connection.transaction { transaction in
                try ProjectionRebuild.write(stale, to: ["projection_test_event_rows"], checkpointName: "event_rows", in: transaction)
            }
        }
        await connection.close()
        #expect(error?.code == .checkpointMoved)
        #expect(try await fixture.count("SELECT count(*) FROM projection_test_event_rows.applied") == applied)
        #expect(try await fixture.count(
            "SELECT events_applied FROM laurel_projection_checkpoints WHERE name = 'event_rows'") == applied)
        await fixture.close()
    }
}
