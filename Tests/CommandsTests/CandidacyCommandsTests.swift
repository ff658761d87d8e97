import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// One nomination per person, title and year, through the command handler and a real store: the
/// candidacy's stream orders submissions, racing or not, and releases it when one leaves the procedure.
/// Serialized: one test counts every event in the database.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct CandidacyCommandsTests {
    func commands(_ store: EventStore) throws -> NominationCommands {
        let (configuration, _) = try shippedConfiguration()
        return NominationCommands(handler: CommandHandler(store: store, tenant: "procuracy"), tenant: "procuracy",
                                  configuration: configuration, today: { today })
    }

    /// Runs `command` as the HTTP routes do: a submission starts its stream.
    func run(_ command: NominationCommand, by actor: Actor, on commands: NominationCommands) async throws -> String {
        let reply = try await commands.run(
            command, actor: actor,
            options: CommandOptions(startsStream: command.submission != nil, metadata: EventMetadata(actorID: actor.id)),
            initiatives: [RecognisedInitiative(year: 2025, scope: .grassroots)], visible: { _ in },
            reply: { StoredResponse(status: 200, headers: [:], body: Data(($0.state?.state ?? "").utf8)) })
        return String(decoding: reply.body, as: UTF8.self)
    }

    func eventCount(_ store: EventStore) async throws -> Int64 {
        try await store.pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int64.self)
    }

    @Test func aSecondNominationOfTheSamePersonTitleAndYearIsRefusedUntilTheFirstIsWithdrawn() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let unit = "vksnd-hanoi"
            try await advancedWorkers(["ha-1", "ha-2"], unit: unit, on: commands)
            #expect(try await run(grassrootsFighter("C-1", nominee: "ha-1", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")
            let before = try await eventCount(store)
            let refused = await #expect(throws: DomainError.self) {
                try await run(grassrootsFighter("C-2", nominee: "ha-1", unit: unit), by: People.officer(unit), on: commands)
            }
            #expect(refused?.code == .alreadyNominated)
            #expect(refused?.message.contains("C-1") == true)
            #expect(try await eventCount(store) == before, "nothing appended")
            #expect(try await commands.nomination("C-2").state == nil)

            // Another person is another candidacy.
            #expect(try await run(grassrootsFighter("C-3", nominee: "ha-2", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")

            _ = try await run(.withdraw(.init(nominationID: "C-1", reason: "Nộp nhầm hồ sơ")), by: People.officer(unit), on: commands)
            #expect(try await run(grassrootsFighter("C-2", nominee: "ha-1", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")
        }
    }

    @Test func ofSubmissionsRacingForOneCandidacyOneIsStored() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let unit = "vksnd-nghean"
            try await advancedWorkers(["na-1"], unit: unit, on: commands)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 1...6 {
                    group.addTask {
                        do {
                            _ = try await run(grassrootsFighter("R-\(index)", nominee: "na-1", unit: unit), by: People.officer(unit),
                                              on: commands)
                            return true
                        } catch let error as DomainError where error.code == .alreadyNominated {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            var stored = 0
            for index in 1...6 where try await commands.nomination("R-\(index)").state != nil { stored += 1 }
            #expect(stored == 1)
        }
    }

    @Test func adHocAwardsClaimNoCandidacy() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let unit = "vksnd-danang"
            for id in ["M-1", "M-2"] {
                #expect(try await run(certificateOfMerit(id, nominee: "dn-1", unit: unit), by: People.officer(unit), on: commands)
                        == "submitted", "each ad hoc award rewards one deed")
            }
        }
    }
}
