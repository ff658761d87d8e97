import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// The conditions of the year a submission and an intake read from their own streams, through
/// the command handler and a real store: the unit's registration, the nominee's task rating, an
/// advanced worker nomination the same year, and the advanced workers a grassroots cap counts.
/// Serialized: its tests would otherwise hold their connections at once, beside every other suite's.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct AnnualConditionsCommandsTests {
    func advancedWorker(_ id: String, nominee: String, unit: String) -> NominationCommand {
        .submit(.init(nominationID: id, kind: "annual", title: "advanced_worker", year: 2025, nominee: individual(nominee, unit: unit),
                achievementSummary: "Hoàn thành tốt nhiệm vụ", documents: documents(["submission", "achievement_report", "review_minutes"])))
    }

    /// 15% of 7 advanced workers is one grassroots fighter; the unit's headcount (much larger)
    /// plays no part. Advanced workers taken in widen the base; one withdrawn narrows it again.
    @Test func theGrassrootsCapIsCountedOnTheUnitsAdvancedWorkers() async throws {
        try await withStore { store in
            let commands = try nominationCommands(store)
            let unit = "vksnd-hanoi"
            let (configuration, _) = try shippedConfiguration()
            #expect(configuration.organization.headcount(of: unit, in: 2025) == 309, "15% of the headcount would allow 46")
            let people = (1...7).map { "hn-\($0)" }
            try await advancedWorkers(people, unit: unit, on: commands)
            let quota = try await AggregateReader(store: store).load(
                TitleQuota.self, Streams(tenant: "procuracy").quota(QuotaKey(unit: unit, title: "advanced_worker", year: 2025)))
            #expect(quota.state.holders.count == 7, "each advanced worker taken in holds a place of its title's quota")

            #expect(try await runCommand(grassrootsFighter("G-1", nominee: "hn-1", unit: unit), by: People.officer(unit), on: commands) == "submitted")
            #expect(try await runCommand(grassrootsFighter("G-2", nominee: "hn-2", unit: unit), by: People.officer(unit), on: commands) == "submitted")
            #expect(try await runCommand(.accept(.init(nominationID: "G-1")), by: People.office, on: commands) == "accepted")
            let full = await #expect(throws: DomainError.self) {
                try await runCommand(.accept(.init(nominationID: "G-2")), by: People.office, on: commands)
            }
            #expect(full?.code == .capExceeded)
            #expect(full?.message.hasPrefix("2 nominations of 7 advanced workers = 28.6%") == true, "\(full?.message ?? "")")

            // Seven more advanced workers: 2 of 14 is 14.3%, within 15%.
            try await advancedWorkers((8...14).map { "hn-\($0)" }, unit: unit, on: commands)
            #expect(try await runCommand(.accept(.init(nominationID: "G-2")), by: People.office, on: commands) == "accepted")
            // One advanced worker withdrawn: the base is 13, and a third grassroots fighter no longer fits.
            _ = try await runCommand(.withdraw(.init(nominationID: "AW-hn-14", reason: "Chuyển công tác")), by: People.officer(unit), on: commands)
            #expect(try await runCommand(grassrootsFighter("G-3", nominee: "hn-3", unit: unit), by: People.officer(unit), on: commands) == "submitted")
            let again = await #expect(throws: DomainError.self) {
                try await runCommand(.accept(.init(nominationID: "G-3")), by: People.office, on: commands)
            }
            #expect(again?.message.hasPrefix("3 nominations of 13 advanced workers") == true, "\(again?.message ?? "")")
        }
    }

    @Test func aSubmissionReadsTheRegistrationAndTheRatingFromTheirStreams() async throws {
        try await withStore { store in
            let commands = try nominationCommands(store)
            let unit = "vksnd-nghean"
            let officer = People.officer(unit)
            let noReply: @Sendable (Any) throws -> StoredResponse = { _ in StoredResponse(status: 200, headers: [:], body: Data()) }
            let unrated = await #expect(throws: DomainError.self) {
                try await runCommand(advancedWorker("A-1", nominee: "na-7", unit: unit), by: officer, on: commands)
            }
            #expect(unrated?.code == .taskRatingTooLow)
            _ = try await commands.run(
                RecordTaskRatings(unitYear: UnitYear(unit: unit, year: 2025),
                                  ratings: [RatedPerson(personID: "na-7", name: "Cán bộ na-7", rating: .well)], reason: nil),
                actor: officer, options: CommandOptions(metadata: EventMetadata(actorID: officer.id)), reply: noReply)

            let unregistered = await #expect(throws: DomainError.self) {
                try await runCommand(advancedWorker("A-1", nominee: "na-7", unit: unit), by: officer, on: commands)
            }
            #expect(unregistered?.code == .notRegistered)
            #expect(unregistered?.message.contains("titles.advanced_worker.registration") == true)
            _ = try await commands.run(
                RecordRegistration(unitYear: UnitYear(unit: unit, year: 2025), collectiveTitle: nil,
                                   add: [RegistrationEntry(title: "advanced_worker", person: RegisteredPerson(id: "na-7", name: "Cán bộ na-7"))],
                                   remove: [], reason: "Bổ sung"),
                actor: People.office, options: CommandOptions(metadata: EventMetadata(actorID: People.office.id)), reply: noReply)
            #expect(try await runCommand(advancedWorker("A-1", nominee: "na-7", unit: unit), by: officer, on: commands) == "submitted")

            // The grassroots title needs registration for it too, and finds the advanced worker under way.
            let notForThisTitle = await #expect(throws: DomainError.self) {
                try await runCommand(grassrootsFighter("G-7", nominee: "na-7", unit: unit), by: officer, on: commands)
            }
            #expect(notForThisTitle?.code == .notRegistered)
            let stranger = await #expect(throws: DomainError.self) {
                try await runCommand(grassrootsFighter("G-8", nominee: "na-8", unit: unit), by: officer, on: commands)
            }
            #expect(stranger?.code == .sameYearTitleMissing, "no advanced worker nomination for na-8 in 2025")
        }
    }
}
