import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// An import of earlier awards through the command handler and a real store: one append with
/// every person's awards, where a later submission's eligibility finds them; nothing stored for a
/// file with bad rows; nothing added by the same file again. Serialized: tests count every event.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct AwardImportCommandsTests {
    static let header = "person_id,name,unit,title,year,decision_number,decision_date\r\n"

    func commands(_ store: EventStore) throws -> NominationCommands {
        let (configuration, _) = try shippedConfiguration()
        return NominationCommands(handler: CommandHandler(store: store, tenant: "procuracy"), tenant: "procuracy",
                                  configuration: configuration, today: { today })
    }

    /// Imports `csv` as the Supreme's standing office: the status (201 recorded now, 200 recorded
    /// before) and the rows the import holds.
    func importFile(_ csv: String, on commands: NominationCommands) async throws -> (status: Int, rows: Int) {
        // The lines hold no quotes: split at commas, as the HTTP route's reader would read them.
        let rows = csv.split(separator: "\r\n").dropFirst().enumerated().map { index, line in
            AwardImportRow(row: index + 1, values: Dictionary(uniqueKeysWithValues: zip(
                AwardImportRow.columns, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))))
        }
        let reply = try await commands.importAwards(
            rows, from: Data(csv.utf8), actor: People.office, options: CommandOptions(metadata: EventMetadata(actorID: People.office.id)),
            reply: { StoredResponse(status: $0.checkpoint == nil ? 200 : 201, headers: [:],
                                    body: Data("\($0.state?.recorded.awards.count ?? 0)".utf8)) })
        return (reply.status, Int(String(decoding: reply.body, as: UTF8.self)) ?? -1)
    }

    func submitSectorFighter(_ id: String, nominee: String, on commands: NominationCommands) async throws -> String {
        let command = NominationCommand.submit(.init(
            nominationID: id, kind: "annual", title: "sector_emulation_fighter", year: 2025,
            nominee: individual(nominee, unit: "vksnd-hanoi"), achievementSummary: "Sáng kiến cấp ngành",
            documents: documents(["submission", "achievement_report", "review_minutes", "initiative_certificate"])))
        let reply = try await commands.run(
            command, actor: People.officer("vksnd-hanoi"),
            options: CommandOptions(startsStream: true, metadata: EventMetadata(actorID: "officer-vksnd-hanoi")),
            initiatives: [RecognisedInitiative(year: 2025, scope: .sector)], visible: { _ in },
            reply: { StoredResponse(status: 201, headers: [:], body: Data(($0.state?.state ?? "").utf8)) })
        return String(decoding: reply.body, as: UTF8.self)
    }

    func eventCount(_ store: EventStore) async throws -> Int64 {
        try await store.pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int64.self)
    }

    @Test func threeImportedGrassrootsTitlesLetASectorFighterBeSubmitted() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let refused = await #expect(throws: DomainError.self) { try await submitSectorFighter("I-0", nominee: "hn-71", on: commands) }
            #expect(refused?.code == .notEligible, "before the import the nominee holds no grassroots title")

            let csv = Self.header + (2023...2025).map {
                "hn-71,Nguyễn Văn An,vksnd-hanoi,grassroots_emulation_fighter,\($0),\($0 - 2000)/QĐ-VKS-HN,\($0)-12-20\r\n"
            }.joined() + "hn-72,Trần Thị Bình,vksnd-hanoi,certificate_of_commendation,2024,31/QĐ-VKS-HN,2024-06-01\r\n"
            let before = try await eventCount(store)
            #expect(try await importFile(csv, on: commands) == (201, 4))
            #expect(try await eventCount(store) == before + 3, "the import's event and one per person, in one append")
            let awards = try await commands.handler.reader.load(NomineeAwards.self, commands.streams.awards(of: "hn-71"))
            #expect(awards.state.heldTitles.map(\.year) == [2023, 2024, 2025])
            #expect(try await submitSectorFighter("I-1", nominee: "hn-71", on: commands) == "submitted")
        }
    }

    @Test func aFileWithBadRowsStoresNothingAndTheSameFileAgainAddsNothing() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let before = try await eventCount(store)
            let bad = Self.header + "hn-81,Lê Văn Cường,vksnd-hanoi,grassroots_emulation_fighter,2024,1/QĐ,2024-12-20\r\n"
                + "hn-82,Phạm Thị Dung,vksnd-hanoi,grassroots_emulation_fighter,2024,2/QĐ,2024-13-01\r\n"
                + "hn-83,Hoàng Văn Em,vksnd-nowhere,grassroots_emulation_fighter,2024,3/QĐ,2024-12-20\r\n"
            let error = await #expect(throws: DomainError.self) { try await importFile(bad, on: commands) }
            #expect(error?.code == .invalidRows)
            #expect(error?.rows.map(\.row) == [2, 3])
            #expect(try await eventCount(store) == before, "nothing stored, not even the good row")
            #expect(try await commands.handler.reader.load(NomineeAwards.self, commands.streams.awards(of: "hn-81")).version == 0)

            let good = Self.header + "hn-81,Lê Văn Cường,vksnd-hanoi,grassroots_emulation_fighter,2024,1/QĐ,2024-12-20\r\n"
            #expect(try await importFile(good, on: commands) == (201, 1))
            let imported = try await eventCount(store)
            #expect(try await importFile(good, on: commands) == (200, 1), "the first import's result")
            #expect(try await eventCount(store) == imported)
        }
    }
}
