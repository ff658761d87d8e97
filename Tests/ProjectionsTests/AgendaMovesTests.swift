import EventStore
import Foundation
import Nominations
import Postgres
import PostgresTestSupport
@testable import Projections
import Testing
import Workflow

/// A nomination moved off a session that did not decide on it leaves that session's agenda and
/// joins the one it moved to, whichever batches the moves fall in: several moves of one
/// nomination in a batch, and back onto a session it left, end as event by event.
@Suite(.freshDatabase, .tags(.database))
struct AgendaMovesTests {
    static let secretary = Actor(id: "secretary-1", roles: ["council_secretary"], unit: "vksndtc")
    static let officer = Actor(id: "officer-hn", roles: ["unit_officer"], unit: "vksnd-hanoi")
    static let office = Actor(id: "office-1", roles: ["standing_office"], unit: "vksndtc")
    static let reason = "Phiên họp hoãn"

    @Test func theOldAgendaNoLongerListsAMovedNomination() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10_000)
        var desk = try AgendaDesk(store: fixture.store)
        let first = try await desk.convene("S1", on: "2025-01-20")
        let second = try await desk.convene("S2", on: "2025-01-27")
        for id in ["A", "B"] {
            try await desk.run(.submit(desk.submission(id)), by: Self.officer, history: desk.history)
            try await desk.run(.accept(.init(nominationID: id)), by: Self.office)
            try await desk.run(.scheduleForCouncil(.init(nominationID: id, sessionID: "S1")), by: Self.secretary, session: first)
        }
        try await fixture.catchUpAll()
        #expect(try await agenda(fixture) == ["S1 A -", "S1 B -"])

        // One batch: A moves to S2 and is decided there; B leaves S1, comes back to it, moves to
        // S2 and leaves that too; C is scheduled on S1 and moved to S2.
        try await desk.run(.reschedule(.init(nominationID: "A", sessionID: "S2", reason: Self.reason)), by: Self.secretary, session: second)
        try await desk.run(desk.tally("A", on: second), by: Self.secretary, session: second)
        try await desk.run(.unschedule(.init(nominationID: "B", reason: Self.reason)), by: Self.office)
        try await desk.run(.scheduleForCouncil(.init(nominationID: "B", sessionID: "S1")), by: Self.secretary, session: first)
        try await desk.run(.reschedule(.init(nominationID: "B", sessionID: "S2", reason: Self.reason)), by: Self.secretary, session: second)
        try await desk.run(.unschedule(.init(nominationID: "B", reason: Self.reason)), by: Self.secretary)
        try await desk.run(.submit(desk.submission("C")), by: Self.officer, history: desk.history)
        try await desk.run(.accept(.init(nominationID: "C")), by: Self.office)
        try await desk.run(.scheduleForCouncil(.init(nominationID: "C", sessionID: "S1")), by: Self.secretary, session: first)
        try await desk.run(.reschedule(.init(nominationID: "C", sessionID: "S2", reason: Self.reason)), by: Self.secretary, session: second)
        try await fixture.catchUpAll()

        let tallied = second.members.count
        #expect(try await agenda(fixture) == ["S2 A \(tallied)", "S2 C -"])
        #expect(desk.nominations["B"]?.state.state == "accepted")
        let summary = try await fixture.timeline(of: "A", tenant: AgendaDesk.tenant).first { $0.type == "nomination.rescheduled" }?.summary
        #expect(summary == "Moved from session S1 to the vksndtc council session of 2025-01-27 (S2): \(Self.reason)")
        try await expectSameRowsWhateverTheBatches(fixture)
        await fixture.close()
    }

    /// Each agenda row as "session nomination in-favour" ("-" before a result), in order.
    func agenda(_ fixture: ProjectionFixture) async throws -> [String] {
        try await fixture.pool.query("""
            SELECT session_id || ' ' || nomination_id || ' ' || coalesce(in_favour::text, '-') FROM projection_council.agenda ORDER BY 1
            """).map { try $0.decode(0, as: String.self) }
    }
}

/// Sessions of the Supreme council and sector-title nominations, decided by the domain and stored.
private struct AgendaDesk {
    static let tenant = "moves"

    let store: EventStore
    let configuration: DomainConfiguration
    let today = LocalDate(iso: "2025-01-20")!
    let history = NomineeHistory(
        titles: [2022, 2023, 2024].map { HeldTitle(title: "grassroots_emulation_fighter", year: $0, wasAdHoc: false) },
        initiatives: [RecognisedInitiative(year: 2024, scope: .sector)])
    private(set) var nominations: [String: (state: Nomination, version: Int64)] = [:]

    init(store: EventStore) throws {
        self.store = store
        configuration = try shippedConfiguration()
    }

    /// Convenes a sitting of the Supreme council, every member present.
    func convene(_ id: String, on date: String) async throws -> CouncilSession {
        let members = configuration.organization.council(of: "vksndtc")?.members ?? []
        let command = CouncilSessionCommand.convene(sessionID: id, council: "vksndtc", date: LocalDate(iso: date)!,
                                                    present: members.map(\.id), chairID: nil)
        let events = try CouncilSession.decide(command, nil, CouncilSessionContext(actor: AgendaMovesTests.secretary,
                                                                                   configuration: configuration))
        _ = try await store.append(
            to: StreamName(tenant: Self.tenant, category: "council", id: id), expected: .noStream,
            events: try events.map {
                NewEvent(type: $0.type, schemaVersion: $0.schemaVersion, payload: try JSONEncoder().encode($0.payload),
                         metadata: EventMetadata(actorID: AgendaMovesTests.secretary.id, actorRoles: ["council_secretary"]))
            })
        return try #require(events.reduce(nil, CouncilSession.evolve))
    }

    func submission(_ id: String) -> NominationCommand.Submit {
        .init(nominationID: id, kind: "annual", title: "sector_emulation_fighter", year: 2024,
              nominee: .individual(id: "staff-\(id)", name: "Nguyễn Văn \(id)", unit: "vksnd-hanoi", position: "Kiểm sát viên",
                                   isFrontLine: true),
              achievementSummary: "Giải quyết 120 vụ án đúng hạn",
              documents: ["submission", "achievement_report", "review_minutes", "initiative_certificate"].map {
                  DossierDocument(kind: $0, title: "Hồ sơ \($0)", sha256: String(repeating: "ab", count: 32))
              })
    }

    /// Every member of `session` in favour.
    func tally(_ id: String, on session: CouncilSession) -> NominationCommand {
        .recordCouncilResult(.init(nominationID: id, sessionID: session.id, inFavour: session.members.count, against: 0, abstaining: 0))
    }

    mutating func run(_ command: NominationCommand, by actor: Actor, history: NomineeHistory = NomineeHistory(),
                      session: CouncilSession? = nil) async throws {
        let id = command.nominationID
        let context = DecisionContext(today: today, actor: actor, configuration: configuration, history: history,
                                      capUsage: CapUsage(base: 100, alreadyAccepted: 0), session: session)
        let events = try Nomination.decide(command, nominations[id]?.state, context)
        let version = nominations[id]?.version ?? 0
        let result = try await store.append(
            to: StreamName(tenant: Self.tenant, category: "nomination", id: id), expected: version == 0 ? .noStream : .exact(version),
            events: try events.map {
                NewEvent(type: $0.type, schemaVersion: $0.schemaVersion, payload: try JSONEncoder().encode($0.payload),
                         metadata: EventMetadata(actorID: actor.id, actorRoles: actor.roles.sorted(), reason: command.reason))
            })
        var state = nominations[id]?.state
        for event in events { state = Nomination.evolve(state, event) }
        nominations[id] = (try #require(state), result.toVersion)
    }
}
