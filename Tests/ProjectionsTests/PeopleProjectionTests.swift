import EventStore
import Foundation
import Nominations
import PostgresTestSupport
@testable import Projections
import Testing
import Workflow

/// The people read model and the registry from imported awards and nominations, in one batch and
/// event by event: a person's units in the order seen, a transfer kept, imported titles marked
/// imported, the first import of an award standing, collectives left out.
@Suite(.freshDatabase, .tags(.database))
struct PeopleProjectionTests {
    static let today = LocalDate(year: 2025, month: 3, day: 3)!

    /// Appends `person`'s awards as imported from the file `sha`.
    func importAwards(_ awards: [ImportedAward], person: String, sha: String, to store: EventStore) async throws {
        let event = AwardsEvent.imported(AwardsImported(fileSHA256: sha, awards: awards))
        _ = try await store.append(to: StreamName(tenant: Workload.tenant, category: "awards", id: person), expected: .any, events: [
            NewEvent(id: UUID(), type: event.type, schemaVersion: event.schemaVersion,
                     payload: try JSONEncoder().encode(AwardsImported(fileSHA256: sha, awards: awards)),
                     metadata: EventMetadata(actorID: "office-1", actorRoles: ["standing_office"])),
        ])
    }

    /// Submits, takes in and approves a certificate of merit for `nominee`.
    func approve(_ id: String, nominee: Nominee, on store: EventStore) async throws {
        let configuration = try shippedConfiguration()
        let officer = Actor(id: "officer", roles: ["unit_officer"], unit: nominee.unit)
        let office = Actor(id: "office-1", roles: ["standing_office"], unit: "vksndtc")
        let head = Actor(id: "head-1", roles: ["head_of_agency"], unit: "vksndtc")
        let documents = ["submission", "achievement_summary"].map {
            DossierDocument(kind: $0, title: $0, sha256: String(repeating: "ab", count: 32))
        }
        var nomination: Nomination?
        var events: [NewEvent] = []
        for (command, actor) in [
            (NominationCommand.submit(.init(nominationID: id, kind: "ad_hoc", title: "certificate_of_merit", year: 2025,
                                            nominee: nominee, achievementSummary: "Phá án", documents: documents)), officer),
            (.accept(.init(nominationID: id)), office),
            (.approve(.init(nominationID: id, decisionNumber: "9/QĐ-VKSTC", decisionDate: Self.today)), head),
        ] {
            for event in try Nomination.decide(command, nomination, DecisionContext(today: Self.today, actor: actor,
                                                                                    configuration: configuration)) {
                nomination = Nomination.evolve(nomination, event)
                events.append(try newEvent(event, actor: actor))
            }
        }
        _ = try await store.append(to: StreamName(tenant: Workload.tenant, category: "nomination", id: id), expected: .noStream,
                                   events: events)
    }

    static func award(_ person: String, unit: String, year: Int, decision: String) -> ImportedAward {
        ImportedAward(personID: person, name: "Nguyễn Văn An", unit: unit, title: "grassroots_emulation_fighter",
                      titleName: "Chiến sĩ thi đua cơ sở", kind: "annual", year: year, decisionNumber: decision,
                      decisionDate: LocalDate(year: year, month: 12, day: 20)!, row: 2)
    }

    @Test func aTransferredPersonsImportedAndDecidedTitlesEndAsEventByEvent() async throws {
        let fixture = try await ProjectionFixture.make(batchSize: 10_000)
        let store = fixture.store
        try await importAwards([Self.award("pp-1", unit: "vksnd-nghean", year: 2022, decision: "51/QĐ"),
                                Self.award("pp-1", unit: "vksnd-nghean", year: 2023, decision: "47/QĐ")],
                               person: "pp-1", sha: "first", to: store)
        try await approve("PP-N1", nominee: .individual(id: "pp-1", name: "Nguyễn Văn An", unit: "vksnd-hanoi",
                                                        position: "Kiểm sát viên", isFrontLine: true), on: store)
        try await importAwards([Self.award("pp-1", unit: "vksnd-nghean", year: 2023, decision: "47b/QĐ")],
                               person: "pp-1", sha: "second", to: store)
        try await approve("PP-N2", nominee: .collective(id: "team-9", name: "Phòng 9", unit: "vksnd-hanoi", size: 9, isSmall: true),
                          on: store)
        try await fixture.catchUpAll()

        let people = try await fixture.pool.query("SELECT person_id, name_search, to_jsonb(units)::text FROM projection_people.people")
        #expect(try people.map { try $0.decode(0, as: String.self) } == ["pp-1"], "a collective is not a person")
        #expect(try people.first?.decode(1, as: String.self) == "nguyen van an")
        #expect(try people.first?.decode(2, as: String.self) == #"["vksnd-nghean", "vksnd-hanoi"]"#)
        let titles = try await fixture.pool.query("""
            SELECT year, unit, imported, state, decision_number, coalesce(import_sha256, '-') FROM projection_people.person_titles
            ORDER BY year
            """)
        #expect(try titles.map {
            "\(try $0.decode(0, as: Int.self)) \(try $0.decode(1, as: String.self)) \(try $0.decode(2, as: Bool.self)) "
                + "\(try $0.decode(3, as: String.self)) \(try $0.decode(4, as: String.self)) \(try $0.decode(5, as: String.self))"
        } == ["2022 vksnd-nghean true imported 51/QĐ first", "2023 vksnd-nghean true imported 47/QĐ first",
              "2025 vksnd-hanoi false approved 9/QĐ-VKSTC -"])
        let registry = try await fixture.pool.query("""
            SELECT nomination_id, imported, decision_number FROM projection_awards.awards WHERE nominee_id = 'pp-1' ORDER BY year
            """)
        #expect(try registry.map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: Bool.self)) \(try $0.decode(2, as: String.self))" }
                == ["imported-pp-1-2022-grassroots_emulation_fighter true 51/QĐ", "imported-pp-1-2023-grassroots_emulation_fighter true 47/QĐ",
                    "PP-N1 false 9/QĐ-VKSTC"])
        try await expectSameRowsWhateverTheBatches(fixture)
        await fixture.close()
    }
}
