import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Synchronization
import Testing
import Workflow

/// Year-end lists through the command handler and a real store: every row stored in one append
/// or none, each refused row named; the standing office takes rows in or returns them in one command.
/// Serialized: the tests count every event in the database.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct NominationListCommandsTests {
    static let unit = "vksnd-hanoi"

    func commands(_ store: EventStore) throws -> NominationCommands {
        let (configuration, _) = try shippedConfiguration()
        return NominationCommands(handler: CommandHandler(store: store, tenant: "procuracy"), tenant: "procuracy",
                                  configuration: configuration, today: { today })
    }

    func options(_ actor: Actor, key: String? = nil) -> CommandOptions {
        CommandOptions(idempotency: key.map { IdempotencyKey(key: $0, method: "PUT", path: "/lists", ifMatch: nil, body: Data()) },
                       metadata: EventMetadata(actorID: actor.id))
    }

    /// A list's rows: advanced workers of Hà Nội, one person each (registered and rated by `registered`).
    func rows(_ listID: String, people: [String]) -> [NominationCommands.ListRow] {
        people.enumerated().map { index, person in
            guard case .submit(let submit) = advancedWorker(listedNominationID(list: listID, row: index + 1), nominee: person,
                                                            unit: Self.unit) else { fatalError() }
            return NominationCommands.ListRow(submission: submit, initiatives: [])
        }
    }

    /// `rows` of people registered for the year and rated, as an advanced worker needs.
    func registered(_ listID: String, on commands: NominationCommands, people: [String]) async throws -> [NominationCommands.ListRow] {
        try await registerAndRate(Array(Set(people)), unit: Self.unit, on: commands)
        return rows(listID, people: people)
    }

    func submit(_ listID: String, _ rows: [NominationCommands.ListRow], on commands: NominationCommands, key: String? = nil)
        async throws -> [String] {
        let reply = try await commands.submitList(listID, unit: Self.unit, year: 2025, rows: rows, actor: People.officer(Self.unit),
                                                  options: options(People.officer(Self.unit), key: key)) { _, _, outcomes in
            StoredResponse(status: 201, headers: [:], body: Data(outcomes.map { $0.state?.state ?? "-" }.joined(separator: ",").utf8))
        }
        return String(decoding: reply.body, as: UTF8.self).split(separator: ",").map(String.init)
    }

    func eventCount(_ store: EventStore) async throws -> Int64 {
        try await store.pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int64.self)
    }

    @Test func everyRowOfAListIsSubmittedInOneAppend() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let rows = try await registered("L-forty", on: commands, people: (1...40).map { "forty-\($0)" })
            let before = try await eventCount(store)
            let states = try await submit("L-forty", rows, on: commands)
            #expect(states == Array(repeating: "submitted", count: 40))
            // Each row's submission and candidacy, and the list.
            #expect(try await eventCount(store) == before + 81)
            let list = try #require(try await commands.nominationList("L-forty").state)
            #expect(list.nominations.count == 40)
            #expect(list.row(of: "L-forty-17") == 17)
            #expect(try await commands.nomination("L-forty-40").state?.nominee.id == "forty-40")
        }
    }

    @Test func aListWithBadRowsStoresNothingAndNamesEachOne() async throws {
        try await withStore { store in
            let commands = try commands(store)
            _ = try await submit("L-earlier", try await registered("L-earlier", on: commands, people: ["taken-1"]), on: commands)
            try await registerAndRate(["bad-1", "bad-3", "bad-4"], unit: Self.unit, on: commands)
            let before = try await eventCount(store)
            var rows = rows("L-bad", people: ["bad-1", "taken-1", "bad-3", "bad-4", "bad-3"])
            // Row 4 names a unit Hà Nội does not cover.
            let foreign = rows[3].submission
            rows[3] = NominationCommands.ListRow(
                submission: .init(nominationID: foreign.nominationID, kind: "annual", title: foreign.title, year: 2025,
                                  nominee: individual("bad-4", unit: "vksnd-nghean"), achievementSummary: foreign.achievementSummary,
                                  documents: foreign.documents),
                initiatives: rows[3].initiatives)
            let refused = await #expect(throws: BatchRefused.self) { try await submit("L-bad", rows, on: commands) }
            let refusals = try #require(refused?.refusals)
            #expect(refusals.map(\.index) == [1, 3, 4])
            #expect(refusals.map(\.error.code) == [.alreadyNominated, .unitNotAllowed, .alreadyNominated])
            // The duplicate within the list names the row before it.
            #expect(refusals[2].error.message.contains("L-bad-3"))
            #expect(try await eventCount(store) == before, "nothing stored")
            #expect(try await commands.nominationList("L-bad").state == nil)
            #expect(try await commands.nomination("L-bad-1").state == nil)
        }
    }

    @Test func aListSentAgainUnderItsKeyIsAnsweredAsBeforeAndStoresNothing() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let rows = try await registered("L-again", on: commands, people: ["again-1", "again-2"])
            let first = try await submit("L-again", rows, on: commands, key: "list:L-again")
            let before = try await eventCount(store)
            let second = try await submit("L-again", rows, on: commands, key: "list:L-again")
            #expect(second == first)
            #expect(try await eventCount(store) == before)
            // Without the key, the list exists.
            let refused = await #expect(throws: DomainError.self) { try await submit("L-again", rows, on: commands) }
            #expect(refused?.code == .alreadyExists)
        }
    }

    @Test func theStandingOfficeReturnsChosenRowsAndTakesTheRestIn() async throws {
        try await withStore { store in
            let commands = try commands(store)
            _ = try await submit("L-intake", try await registered("L-intake", on: commands, people: (1...6).map { "intake-\($0)" }), on: commands)
            let returned = [NominationCommands.ReturnedRow(nominationID: "L-intake-2", reasons: ["Thiếu sáng kiến"])]
            let afterReturn = try await act("L-intake", takeIn: nil, returning: returned, on: commands)
            #expect(afterReturn.states == ["returned"])
            #expect(afterReturn.list.returned == ["L-intake-2"])

            // A withdrawn row, named, refuses the take-in, naming it; nothing is stored.
            _ = try await commands.run(.withdraw(.init(nominationID: "L-intake-5", reason: "Chuyển công tác")),
                                       actor: People.officer(Self.unit), options: options(People.officer(Self.unit)),
                                       visible: { _ in }, reply: { _ in StoredResponse(status: 200, headers: [:], body: Data()) })
            let before = try await eventCount(store)
            let refused = await #expect(throws: BatchRefused.self) {
                try await act("L-intake", takeIn: ["L-intake-1", "L-intake-5"], returning: [], on: commands)
            }
            #expect(refused?.refusals.map(\.index) == [1])
            #expect(try await eventCount(store) == before)

            // The whole list: every row waiting for intake, the withdrawn and the returned ones left out.
            let takenIn = try await act("L-intake", takeIn: nil, returning: [], on: commands)
            #expect(takenIn.states == Array(repeating: "accepted", count: 4))
            #expect(takenIn.list.takenIn == ["L-intake-1", "L-intake-3", "L-intake-4", "L-intake-6"])
            #expect(try await commands.nomination("L-intake-2").state?.state == "returned")
        }
    }

    /// Two instances of the service, each with the nominations it kept: a row the other withdrew
    /// after this one submitted the list is left out of the take-in, whose rows this one first
    /// chose on what it kept (then the batch meets the moved stream and they are chosen again).
    @Test func aRowAnotherInstanceWithdrewIsLeftOutOfTheWholeTakeIn() async throws {
        try await withStore { store in
            let first = try commands(store)
            let second = try commands(store)
            _ = try await submit("L-two", try await registered("L-two", on: first, people: (1...4).map { "two-\($0)" }), on: first)
            #expect(first.kept.state(of: first.streams.nomination("L-two-3"))?.state?.state == "submitted")
            _ = try await second.run(.withdraw(.init(nominationID: "L-two-3", reason: "Chuyển công tác")),
                                     actor: People.officer(Self.unit), options: options(People.officer(Self.unit)),
                                     visible: { _ in }, reply: { _ in StoredResponse(status: 200, headers: [:], body: Data()) })

            let takenIn = try await act("L-two", takeIn: nil, returning: [], on: first)
            #expect(takenIn.states == ["accepted", "accepted", "accepted"])
            #expect(takenIn.list.takenIn == ["L-two-1", "L-two-2", "L-two-4"])
            #expect(try await first.nomination("L-two-3").state?.state == "withdrawn")
        }
    }

    /// A batch decides on the nominations this instance kept without reading them; refused on a
    /// kept state another instance has moved past (rows it took in), it is decided again on
    /// fresh reads.
    @Test func anAgendaRefusedOnStatesKeptBeforeAnotherInstanceTookTheListInIsDecidedOnFreshReads() async throws {
        try await withStore { store in
            let first = try commands(store)
            let second = try commands(store)
            _ = try await submit("L-agenda", try await registered("L-agenda", on: first, people: ["agenda-1", "agenda-2"]), on: first)
            _ = try await act("L-agenda", takeIn: nil, returning: [], on: second)
            #expect(first.kept.state(of: first.streams.nomination("L-agenda-1"))?.state?.state == "submitted")

            let secretary = try await convene("S-agenda", on: first)
            let before = try await eventCount(store)
            _ = try await first.scheduleAgenda(["L-agenda-1", "L-agenda-2"], sessionID: "S-agenda", actor: secretary,
                                               options: options(secretary), visible: { _ in }) { _ in
                StoredResponse(status: 200, headers: [:], body: Data())
            }
            #expect(try await eventCount(store) == before + 2)
            for id in ["L-agenda-1", "L-agenda-2"] {
                #expect(try await first.nomination(id).state?.councilSessionID == "S-agenda")
                #expect(first.kept.state(of: first.streams.nomination(id))?.state?.councilSessionID == "S-agenda")
            }
        }
    }

    /// A batch refused on fresh reads (a row another instance withdrew) forgets what this
    /// instance kept of its rows, as a failed single command forgets its stream: the next command
    /// on them reads what the other instance stored.
    @Test func anAgendaRefusedOnFreshReadsForgetsTheStatesItsRowsHadKept() async throws {
        try await withStore { store in
            let first = try commands(store)
            let second = try commands(store)
            _ = try await submit("L-forget", try await registered("L-forget", on: first, people: ["forget-1", "forget-2"]), on: first)
            _ = try await act("L-forget", takeIn: nil, returning: [], on: first)
            _ = try await second.run(.withdraw(.init(nominationID: "L-forget-2", reason: "Nghỉ hưu")),
                                     actor: People.officer(Self.unit), options: options(People.officer(Self.unit)),
                                     visible: { _ in }, reply: { _ in StoredResponse(status: 200, headers: [:], body: Data()) })
            for id in ["L-forget-1", "L-forget-2"] {
                #expect(first.kept.state(of: first.streams.nomination(id))?.state?.state == "accepted")
            }

            let secretary = try await convene("S-forget", on: first)
            let before = try await eventCount(store)
            let refused = await #expect(throws: BatchRefused.self) {
                _ = try await first.scheduleAgenda(["L-forget-1", "L-forget-2"], sessionID: "S-forget", actor: secretary,
                                                   options: options(secretary), visible: { _ in }) { _ in
                    StoredResponse(status: 200, headers: [:], body: Data())
                }
            }
            #expect(refused?.refusals.map(\.stream.id) == ["L-forget-2"])
            #expect(try await eventCount(store) == before)
            for id in ["L-forget-1", "L-forget-2"] {
                #expect(first.kept.state(of: first.streams.nomination(id)) == nil)
            }
            #expect(try await first.nomination("L-forget-2").state?.state == "withdrawn")
        }
    }

    @Test func onlyTheStandingOfficeCoveringTheUnitActsOnItsList() async throws {
        try await withStore { store in
            let commands = try commands(store)
            _ = try await submit("L-scope", try await registered("L-scope", on: commands, people: ["scope-1"]), on: commands)
            let nghean = Actor(id: "office-na", roles: ["standing_office"], unit: "vksnd-nghean")
            let refused = await #expect(throws: DomainError.self) {
                try await commands.actOnList("L-scope", takeIn: nil, returning: [], actor: nghean, options: options(nghean)) { _, _, _ in
                    StoredResponse(status: 200, headers: [:], body: Data())
                }
            }
            #expect(refused?.code == .unitNotAllowed)
            let missing = await #expect(throws: DomainError.self) { try await act("L-none", takeIn: nil, returning: [], on: commands) }
            #expect(missing?.code == .listNotFound)
        }
    }

    /// Convenes session `sessionID` of the unit's council, all nine members present; returns its secretary.
    func convene(_ sessionID: String, on commands: NominationCommands) async throws -> Actor {
        let secretary = Actor(id: "secretary-hn", roles: ["council_secretary"], unit: Self.unit)
        let members = (15...23).map { String(format: "cb-%05d", $0) }
        _ = try await commands.run(.convene(sessionID: sessionID, council: Self.unit, date: today, present: members, chairID: nil),
                                   actor: secretary, options: CommandOptions(startsStream: true, metadata: EventMetadata(actorID: "s"))) { _ in
            StoredResponse(status: 201, headers: [:], body: Data())
        }
        return secretary
    }

    func act(_ listID: String, takeIn: [String]?, returning: [NominationCommands.ReturnedRow], on commands: NominationCommands)
        async throws -> (list: NominationList, states: [String]) {
        let result = Mutex<NominationList?>(nil)
        let reply = try await commands.actOnList(listID, takeIn: takeIn, returning: returning, actor: People.office,
                                                 options: options(People.office)) { list, _, outcomes in
            result.withLock { $0 = list }
            return StoredResponse(status: 200, headers: [:], body: Data(outcomes.map { $0.state?.state ?? "-" }.joined(separator: ",").utf8))
        }
        let list = try #require(result.withLock { $0 })
        return (list, String(decoding: reply.body, as: UTF8.self).split(separator: ",").map(String.init))
    }
}
