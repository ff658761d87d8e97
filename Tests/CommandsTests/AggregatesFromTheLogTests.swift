import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// A log recorded before quotas, nominees' awards and candidacies had streams of their own: only nominations'
/// streams, as the service wrote them then. Built once, the new streams count what that log held.
@Suite(.freshDatabase, .tags(.database))
struct AggregatesFromTheLogTests {
    /// Decides `command` and appends its events to the nomination's stream alone, as before.
    func recordAsBefore(_ command: NominationCommand, by actor: Actor, placesTaken: Int = 0, store: EventStore,
                        configuration: DomainConfiguration) async throws {
        let stream = Streams(tenant: "procuracy").nomination(command.nominationID)
        let loaded = try await AggregateReader(store: store).load(Nomination.self, stream)
        let context = DecisionContext(
            today: today, actor: actor, configuration: configuration,
            history: NomineeHistory(initiatives: [RecognisedInitiative(year: 2025, scope: .grassroots)]),
            nomineeYear: command.submission.map { submission in
                // Registered and an advanced worker under way, which an older log did not read.
                NomineeYear(registration: EmulationRegistration(individuals: [
                    submission.title: [RegisteredPerson(id: submission.nominee.id, name: submission.nominee.name)]]),
                            candidacies: [TitleRule.advancedWorker])
            } ?? NomineeYear(),
            capUsage: CapUsage(base: 38, alreadyAccepted: placesTaken))
        let events = try Nomination.decide(command, loaded.state, context).map {
            NewEvent(type: $0.type, schemaVersion: $0.schemaVersion, payload: try StoredJSONEncoder.encode($0.storedPayload),
                     metadata: EventMetadata(actorID: actor.id))
        }
        try await store.append(to: stream, expected: loaded.version == 0 ? .noStream : .exact(loaded.version), events: events)
    }

    @Test func theStreamsBuiltFromAnOlderLogCountWhatItHeld() async throws {
        let (configuration, _) = try shippedConfiguration()
        try await withStore { store in
            let unit = "vksndtc-an-ninh"
            // Six grassroots fighters submitted, four taken in, one of those withdrawn: three places held.
            for index in 1...6 {
                try await recordAsBefore(grassrootsFighter("L-\(index)", nominee: "an-ninh-\(index)", unit: unit),
                                         by: People.officer(unit), store: store, configuration: configuration)
            }
            for index in 1...4 {
                try await recordAsBefore(.accept(.init(nominationID: "L-\(index)")), by: People.office, placesTaken: index - 1,
                                         store: store, configuration: configuration)
            }
            try await recordAsBefore(.withdraw(.init(nominationID: "L-4", reason: "Chuyển công tác")), by: People.officer(unit),
                                     store: store, configuration: configuration)
            // One nominee with two certificates of merit, one of them revoked.
            for id in ["L-award-1", "L-award-2"] {
                try await recordAsBefore(certificateOfMerit(id, nominee: "veteran", unit: unit), by: People.officer(unit),
                                         store: store, configuration: configuration)
                try await recordAsBefore(.accept(.init(nominationID: id)), by: People.office, store: store, configuration: configuration)
                try await recordAsBefore(.approve(.init(nominationID: id, decisionNumber: "\(id)/QĐ", decisionDate: today)), by: People.head,
                                         store: store, configuration: configuration)
            }
            try await recordAsBefore(.revoke(.init(nominationID: "L-award-2", ground: .standardNotMet, legalBasis: "Điều 93",
                                             decisionNumber: "9/QĐ")),
                                     by: People.head, store: store, configuration: configuration)

            let backfill = AggregatesFromTheLog(store: store, rules: configuration.rules)
            let built = try #require(try await backfill.buildIfNeeded())
            #expect(built.nominations == 8)
            #expect(built.quotas == 1)
            #expect(built.nominees == 1)
            #expect(built.candidacies == 5, "the five live annual nominations; the withdrawn one and ad hoc awards hold none")
            #expect(try await backfill.buildIfNeeded() == nil, "built once")

            let streams = Streams(tenant: "procuracy")
            let reader = AggregateReader(store: store)
            let quota = try await reader.load(TitleQuota.self, streams.quota(QuotaKey(unit: unit, title: "grassroots_emulation_fighter",
                                                                                       year: 2025)))
            #expect(quota.state.holders == ["L-1", "L-2", "L-3"])
            let awards = try await reader.load(NomineeAwards.self, streams.awards(of: "veteran"))
            #expect(awards.state.heldTitles == [HeldTitle(title: "certificate_of_merit", year: 2026, wasAdHoc: true)])

            // The handler counts on from there: two places remain for the two waiting and one new.
            let commands = NominationCommands(handler: CommandHandler(store: store, tenant: "procuracy"), tenant: "procuracy",
                                              configuration: configuration, today: { today })
            func run(_ command: NominationCommand, by actor: Actor) async throws -> String? {
                let reply = try await commands.run(
                    command, actor: actor, options: CommandOptions(metadata: EventMetadata(actorID: actor.id)),
                    initiatives: [RecognisedInitiative(year: 2025, scope: .grassroots)], visible: { _ in },
                    reply: { StoredResponse(status: 200, headers: [:], body: Data(($0.state?.state ?? "").utf8)) })
                return String(decoding: reply.body, as: UTF8.self)
            }
            // The cap is 15% of the unit's advanced workers: 34 of them give five places.
            try await advancedWorkers((1...34).map { "an-ninh-\($0)" }, unit: unit, on: commands)
            _ = try await run(grassrootsFighter("L-7", nominee: "an-ninh-7", unit: unit), by: People.officer(unit))
            #expect(try await run(.accept(.init(nominationID: "L-5")), by: People.office) == "accepted")
            #expect(try await run(.accept(.init(nominationID: "L-6")), by: People.office) == "accepted")
            let refused = await #expect(throws: DomainError.self) { try await run(.accept(.init(nominationID: "L-7")), by: People.office) }
            #expect(refused?.code == .capExceeded)
            let again = await #expect(throws: DomainError.self) {
                try await run(grassrootsFighter("L-8", nominee: "an-ninh-1", unit: unit), by: People.officer(unit))
            }
            #expect(again?.code == .alreadyNominated, "the candidacy built from the log holds L-1")
            #expect(try await run(grassrootsFighter("L-9", nominee: "an-ninh-4", unit: unit), by: People.officer(unit)) == "submitted",
                    "L-4 was withdrawn")
        }
    }
}
