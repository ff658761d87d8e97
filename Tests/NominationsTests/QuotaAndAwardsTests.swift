import Nominations
import Testing
import Workflow

/// The quota of a unit's places for a title and year, and a nominee's awards: aggregates of
/// their own, changed by what the decisions on nominations do.
@Suite struct TitleQuotaTests {
    func after(_ commands: [QuotaCommand], from quota: TitleQuota = TitleQuota.initialState) throws -> (TitleQuota, [[QuotaEvent]]) {
        var quota = quota
        var emitted: [[QuotaEvent]] = []
        for command in commands {
            let events = try TitleQuota.decide(command, quota, ())
            quota = events.reduce(quota, TitleQuota.evolve)
            emitted.append(events)
        }
        return (quota, emitted)
    }

    @Test func placesAreTakenOnceAndGivenBackOnce() throws {
        let (quota, emitted) = try after([
            .open(holders: ["N-old"]), .take(nominationID: "N1"), .take(nominationID: "N1"), .take(nominationID: "N2"),
            .giveBack(nominationID: "N1"), .giveBack(nominationID: "N1"), .giveBack(nominationID: "N-never"),
        ])
        #expect(quota.holders == ["N-old", "N2"])
        #expect(emitted.map(\.count) == [1, 1, 0, 1, 1, 0, 0])
        #expect(quota.placesTaken(besides: "N2") == 1)
        #expect(quota.placesTaken(besides: "N3") == 2)
    }
}

@Suite struct NomineeAwardsTests {
    static let grassroots2023 = NomineeAwards.Award(nominationID: "N1", title: "grassroots_emulation_fighter", year: 2023, wasAdHoc: false)
    static let grassroots2022 = NomineeAwards.Award(nominationID: "N0", title: "grassroots_emulation_fighter", year: 2022, wasAdHoc: false)
    static let merit = NomineeAwards.Award(nominationID: "N2", title: "certificate_of_merit", year: 2023, wasAdHoc: true)

    @Test func heldTitlesLeaveOutRevokedAwardsUntilRestored() throws {
        var awards = NomineeAwards.initialState
        var counts: [Int] = []
        for command: AwardsCommand in [
            .open([Self.grassroots2023]), .grant(Self.merit), .grant(Self.merit), .grant(Self.grassroots2022),
            .revoke(nominationID: "N1"), .revoke(nominationID: "N1"), .revoke(nominationID: "N-none"),
        ] {
            let events = try NomineeAwards.decide(command, awards, ())
            awards = events.reduce(awards, NomineeAwards.evolve)
            counts.append(events.count)
        }
        #expect(counts == [1, 1, 0, 1, 1, 0, 0])
        #expect(awards.heldTitles == [HeldTitle(title: "grassroots_emulation_fighter", year: 2022, wasAdHoc: false),
                                      HeldTitle(title: "certificate_of_merit", year: 2023, wasAdHoc: true)])
        let restored = try NomineeAwards.decide(.restore(nominationID: "N1"), awards, ()).reduce(awards, NomineeAwards.evolve)
        #expect(restored.heldTitles.map(\.year) == [2022, 2023, 2023])
    }

    /// A grant is appended without reading the awards (the nomination's stream lets it happen
    /// once), so deciding it on the initial state must give what deciding it on any other gives.
    @Test func aGrantIsDecidedAlikeWhateverTheAwardsHold() throws {
        let held = NomineeAwards(awards: [Self.grassroots2023, Self.grassroots2022])
        #expect(try NomineeAwards.decide(.grant(Self.merit), .initialState, ()) == NomineeAwards.decide(.grant(Self.merit), held, ()))
        #expect(!AwardsCommand.grant(Self.merit).readsAwards)
        #expect(AwardsCommand.revoke(nominationID: "N1").readsAwards)
        #expect(AwardsCommand.restore(nominationID: "N1").readsAwards)
        // Revoking needs the awards: on the initial state it would change nothing.
        #expect(try NomineeAwards.decide(.revoke(nominationID: "N1"), .initialState, ()).isEmpty)
        #expect(try NomineeAwards.decide(.revoke(nominationID: "N1"), held, ()).count == 1)
    }
}

/// What a nomination's decisions change in the quota and the awards.
@Suite struct NominationEffectsTests {
    @Test func aCappedTitlesPlaceIsTakenAtIntakeAndGivenBackWhenTheNominationLeaves() throws {
        let configuration = try shippedConfiguration()
        let rules = configuration.rules
        var harness = Harness(configuration: configuration)
        func change(_ command: NominationCommand, by actor: Actor) throws -> QuotaCommand? {
            let before = harness.nomination
            try harness.run(command, by: actor, on: "2025-01-07", history: fighterHistory)
            return Nomination.quotaCommand(before: before, after: harness.nomination, rules: rules)
        }
        #expect(rules.capsSomewhere("grassroots_emulation_fighter"))
        #expect(try change(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer) == nil)
        #expect(try change(.accept(.init(nominationID: "N1")), by: People.office) == .take(nominationID: "N1"))
        #expect(try change(.withdraw(.init(nominationID: "N1", reason: "Chuyển công tác")), by: People.officer)
                == .giveBack(nominationID: "N1"))
    }

    @Test func anUncappedTitleHasNoQuota() throws {
        let configuration = try shippedConfiguration()
        #expect(!configuration.rules.capsSomewhere("certificate_of_merit"))
        var harness = Harness(configuration: configuration)
        try harness.run(.submit(.init(nominationID: "N1", kind: "ad_hoc", title: "certificate_of_merit", year: 2024,
                                      nominee: People.prosecutor, achievementSummary: "Phá án", documents: adHocDocuments)),
                        by: People.officer, on: "2025-01-06")
        let before = harness.nomination
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        #expect(Nomination.quotaCommand(before: before, after: harness.nomination, rules: configuration.rules) == nil)
    }

    @Test func approvalGrantsTheAwardRevocationRevokesItAndRestorationRestoresIt() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submit(.init(nominationID: "N1", kind: "ad_hoc", title: "certificate_of_merit", year: 2024,
                                      nominee: People.prosecutor, achievementSummary: "Phá án", documents: adHocDocuments)),
                        by: People.officer, on: "2025-01-06")
        func awards(_ command: NominationCommand, by actor: Actor) throws -> [AwardsCommand] {
            try harness.run(command, by: actor, on: "2025-01-07").compactMap { event in
                harness.nomination.flatMap { Nomination.awardsCommand(for: event, nomination: $0) }
            }
        }
        #expect(try awards(.accept(.init(nominationID: "N1")), by: People.office).isEmpty)
        #expect(try awards(.approve(.init(nominationID: "N1", decisionNumber: "1/QĐ", decisionDate: day("2025-01-07"))), by: People.head)
                == [.grant(NomineeAwards.Award(nominationID: "N1", title: "certificate_of_merit", year: 2024, wasAdHoc: true))])
        #expect(try awards(.revoke(.init(nominationID: "N1", ground: .standardNotMet, legalBasis: "Điều 93", decisionNumber: "2/QĐ")),
                           by: People.head) == [.revoke(nominationID: "N1")])
        #expect(try awards(.restore(.init(nominationID: "N1", reason: "Kết luận lại", decisionNumber: "3/QĐ")), by: People.head)
                == [.restore(nominationID: "N1")])
    }
}
