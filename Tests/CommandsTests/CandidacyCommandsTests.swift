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
    func eventCount(_ store: EventStore) async throws -> Int64 {
        try await store.pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int64.self)
    }

    @Test func aSecondNominationOfTheSamePersonTitleAndYearIsRefusedUntilTheFirstIsWithdrawn() async throws {
        try await withStore { store in
            let commands = try nominationCommands(store)
            let unit = "vksnd-hanoi"
            try await advancedWorkers(["ha-1", "ha-2"], unit: unit, on: commands)
            #expect(try await runCommand(grassrootsFighter("C-1", nominee: "ha-1", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")
            let before = try await eventCount(store)
            let refused = await #expect(throws: DomainError.self) {
                try await runCommand(grassrootsFighter("C-2", nominee: "ha-1", unit: unit), by: People.officer(unit), on: commands)
            }
            #expect(refused?.code == .alreadyNominated)
            #expect(refused?.message.contains("C-1") == true)
            #expect(try await eventCount(store) == before, "nothing appended")
            #expect(try await commands.nomination("C-2").state == nil)

            // Another person is another candidacy.
            #expect(try await runCommand(grassrootsFighter("C-3", nominee: "ha-2", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")

            _ = try await runCommand(.withdraw(.init(nominationID: "C-1", reason: "Nộp nhầm hồ sơ")), by: People.officer(unit), on: commands)
            #expect(try await runCommand(grassrootsFighter("C-2", nominee: "ha-1", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")
        }
    }

    @Test func ofSubmissionsRacingForOneCandidacyOneIsStored() async throws {
        try await withStore { store in
            let commands = try nominationCommands(store)
            let unit = "vksnd-nghean"
            try await advancedWorkers(["na-1"], unit: unit, on: commands)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 1...6 {
                    group.addTask {
                        do {
                            _ = try await runCommand(grassrootsFighter("R-\(index)", nominee: "na-1", unit: unit), by: People.officer(unit),
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
            let commands = try nominationCommands(store)
            let unit = "vksnd-danang"
            for id in ["M-1", "M-2"] {
                #expect(try await runCommand(certificateOfMerit(id, nominee: "dn-1", unit: unit), by: People.officer(unit), on: commands)
                        == "submitted", "each ad hoc award rewards one deed")
            }
        }
    }
}
