import Nominations
import Testing
import Workflow

/// A deputy signs for the head only under a recorded delegation in force on the day, and the
/// decision's event says who signed for whom.
@Suite struct DelegationTests {
    static let hanoi = People.unit
    static let deputy = Deputy(id: "deputy-hn", name: "Trần Thị Bình", position: "Phó Viện trưởng")
    static let deputyActor = Actor(id: "deputy-hn", roles: [HeadDelegations.deputyRole], unit: hanoi)

    static func grant(_ number: String = "12/QĐ-VKSND", from: String = "2025-01-02", until: String? = "2025-12-31",
                      deputy: Deputy = deputy) -> DelegationCommand {
        .grant(unit: hanoi, decision: DelegationDecision(number: number, date: day("2025-01-02"), signedBy: "Viện trưởng Lê Văn Hùng"),
               deputy: deputy, validFrom: day(from), validUntil: until.map(day))
    }

    func record(_ commands: [DelegationCommand], by actor: Actor = People.unitHead, on date: String = "2025-01-05",
                into delegations: HeadDelegations = HeadDelegations()) throws(DomainError) -> HeadDelegations {
        let context = CommandContext(actor: actor, today: day(date), configuration: try! shippedConfiguration())
        var delegations = delegations
        for command in commands {
            for event in try HeadDelegations.decide(command, delegations, context) {
                delegations = HeadDelegations.evolve(delegations, event)
            }
        }
        return delegations
    }

    /// A Hà Nội grassroots title reviewed by the Hà Nội council, ready for its head's decision.
    func reviewedGrassrootsTitle() throws -> Harness {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06", history: fighterHistory)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        let session = try convenedSession(total: 10, date: "2025-01-20", council: Self.hanoi)
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                        session: session)
        try harness.run(.tally(inFavour: 10), by: People.secretary, on: "2025-01-20", session: session)
        return harness
    }

    static let approval = NominationCommand.approve(.init(nominationID: "N1", decisionNumber: "5/QĐ", decisionDate: day("2025-01-21")))

    @Test func aDelegationIsInForceForItsPeriodUntilEnded() throws {
        var delegations = try record([Self.grant(from: "2025-01-10", until: "2025-06-30")])
        #expect(delegations.inForce(for: "deputy-hn", on: day("2025-01-09")) == nil, "not yet")
        #expect(delegations.inForce(for: "deputy-hn", on: day("2025-01-10"))?.decision.number == "12/QĐ-VKSND")
        #expect(delegations.inForce(for: "deputy-hn", on: day("2025-06-30")) != nil, "the last day counts")
        #expect(delegations.inForce(for: "deputy-hn", on: day("2025-07-01")) == nil, "over")
        #expect(delegations.inForce(for: "someone-else", on: day("2025-03-01")) == nil)
        delegations = try record([.end(unit: Self.hanoi, number: "12/QĐ-VKSND", endedOn: day("2025-03-01"), reason: "Điều động")],
                                 on: "2025-02-20", into: delegations)
        #expect(delegations.inForce(for: "deputy-hn", on: day("2025-02-28")) != nil)
        #expect(delegations.inForce(for: "deputy-hn", on: day("2025-03-01")) == nil, "ended from that day")
    }

    @Test func aDelegationIsRecordedByItsOwnHeadOrACoveringStandingOffice() throws {
        let otherHead = Actor(id: "head-na", roles: ["head_of_agency"], unit: "vksnd-nghean")
        let byOtherHead = #expect(throws: DomainError.self) { try record([Self.grant()], by: otherHead) }
        #expect(byOtherHead?.code == .authorityNotAllowed)
        let bySectorHead = #expect(throws: DomainError.self) { try record([Self.grant()], by: People.head) }
        #expect(bySectorHead?.code == .authorityNotAllowed, "the Prosecutor General does not lend a province head's signature")
        let byDeputy = #expect(throws: DomainError.self) { try record([Self.grant()], by: Self.deputyActor) }
        #expect(byDeputy?.code == .roleNotAllowed)
        let byOtherOffice = #expect(throws: DomainError.self) {
            try record([Self.grant()], by: Actor(id: "office-na", roles: ["standing_office"], unit: "vksnd-nghean"))
        }
        #expect(byOtherOffice?.code == .unitNotAllowed)
        #expect(try record([Self.grant()], by: People.office).grants.count == 1, "the Supreme's standing office covers Hà Nội")
    }

    @Test func aDelegationCitesItsDecisionOnceAndAPeriodThatHoldsTogether() throws {
        let recorded = try record([Self.grant()])
        let twice = #expect(throws: DomainError.self) { try record([Self.grant(deputy: Deputy(id: "d2", name: "B", position: "P"))], into: recorded) }
        #expect(twice?.code == .alreadyExists)
        let before = #expect(throws: DomainError.self) { try record([Self.grant(from: "2025-01-01")]) }
        #expect(before?.message.contains("before it was signed") == true)
        let backwards = #expect(throws: DomainError.self) { try record([Self.grant(from: "2025-03-01", until: "2025-02-01")]) }
        #expect(backwards?.code == .invalidCommand)
        let future = #expect(throws: DomainError.self) { try record([Self.grant()], on: "2025-01-01") }
        #expect(future?.message.contains("after today") == true)
        let pastEnd = #expect(throws: DomainError.self) {
            try record([.end(unit: Self.hanoi, number: "12/QĐ-VKSND", endedOn: day("2025-01-04"), reason: "x")], on: "2025-01-05", into: recorded)
        }
        #expect(pastEnd?.message.contains("can end today") == true, "what the deputy signed stays signed")
    }

    /// A head numbers decisions from 1 again every year: the number of a delegation of one year may
    /// name another's the next. An ending names the year when both are still in force, and ends
    /// only the one it names.
    @Test func aNumberOfLastYearNamesThisYearsDelegationToo() throws {
        let lastYear = try record([Self.grant(from: "2025-01-10", until: nil)], on: "2025-01-05")
        let nextDeputy = Deputy(id: "deputy-2", name: "Nguyễn Văn Cường", position: "Phó Viện trưởng")
        let thisYear = DelegationCommand.grant(
            unit: Self.hanoi, decision: DelegationDecision(number: "12/QĐ-VKSND", date: day("2026-01-02"), signedBy: "Viện trưởng Lê Văn Hùng"),
            deputy: nextDeputy, validFrom: day("2026-01-05"), validUntil: nil)
        var both = try record([thisYear], on: "2026-01-03", into: lastYear)
        #expect(both.grants.map(\.decision.date.year) == [2025, 2026])
        let again = #expect(throws: DomainError.self) { try record([thisYear], on: "2026-01-03", into: both) }
        #expect(again?.code == .alreadyExists)
        #expect(again?.message.contains("12/QĐ-VKSND of 2026 is already recorded") == true)

        func end(year: Int?, on date: String) -> DelegationCommand {
            .end(unit: Self.hanoi, number: "12/QĐ-VKSND", year: year, endedOn: day(date), reason: "Nghỉ hưu")
        }
        let unnamed = #expect(throws: DomainError.self) { try record([end(year: nil, on: "2026-03-01")], on: "2026-02-20", into: both) }
        #expect(unnamed?.message.contains("delegations of 2025, 2026 are recorded under decision 12/QĐ-VKSND") == true)
        let unknown = #expect(throws: DomainError.self) { try record([end(year: 2024, on: "2026-03-01")], on: "2026-02-20", into: both) }
        #expect(unknown?.message.contains("under decision 12/QĐ-VKSND of 2024") == true)

        both = try record([end(year: 2025, on: "2026-03-01")], on: "2026-02-20", into: both)
        #expect(both.endings[0]?.endedOn == day("2026-03-01"), "last year's delegation ends")
        #expect(both.endings[1] == nil, "this year's is left as it was")
        #expect(both.inForce(for: "deputy-hn", on: day("2026-03-01")) == nil)
        #expect(both.inForce(for: "deputy-2", on: day("2026-03-01"))?.decision.date == day("2026-01-02"))
        // One still in force: the number alone names it, and the event records its year.
        let events = try HeadDelegations.decide(end(year: nil, on: "2026-04-01"), both,
                                                CommandContext(actor: People.unitHead, today: day("2026-03-02"),
                                                               configuration: try shippedConfiguration()))
        guard case .ended(let ended) = try #require(events.first) else { Issue.record("not an ending"); return }
        #expect(ended.year == 2026)
        both = events.reduce(both, HeadDelegations.evolve)
        #expect(both.endings[1]?.endedOn == day("2026-04-01"))
        #expect(both.endings[0]?.endedOn == day("2026-03-01"), "the earlier ending stands")
    }

    /// A delegation whose period is over is not in doubt: the number alone names this year's.
    @Test func anEndingByNumberAloneEndsTheDelegationThatHasNotLapsed() throws {
        let lastYear = try record([Self.grant(from: "2025-01-10", until: "2025-12-31")], on: "2025-01-05")
        let thisYear = DelegationCommand.grant(
            unit: Self.hanoi, decision: DelegationDecision(number: "12/QĐ-VKSND", date: day("2026-01-02"), signedBy: "Viện trưởng Lê Văn Hùng"),
            deputy: Self.deputy, validFrom: day("2026-01-05"), validUntil: nil)
        let ended = try record([thisYear, .end(unit: Self.hanoi, number: "12/QĐ-VKSND", endedOn: day("2026-03-01"), reason: "Nghỉ hưu")],
                               on: "2026-02-20", into: lastYear)
        #expect(ended.endings[1]?.year == 2026)
        #expect(ended.endings[0] == nil)
    }

    /// An ending recorded before endings named their year ends the one delegation under its number
    /// not yet ended, as it did when it was recorded.
    @Test func anEndingWithoutAYearEndsTheDelegationStillInForceUnderItsNumber() throws {
        let granted = try record([Self.grant(from: "2025-01-10", until: nil)], on: "2025-01-05")
        let old = HeadDelegations.evolve(granted, .ended(DelegationEnded(unit: Self.hanoi, number: "12/QĐ-VKSND", year: nil,
                                                                          endedOn: day("2025-06-01"), reason: "Điều động")))
        #expect(old.endings[0]?.endedOn == day("2025-06-01"))
        #expect(old.inForce(for: "deputy-hn", on: day("2025-06-01")) == nil)
    }

    /// The failing case of the issue: a deputy with no delegation is not the head.
    @Test func aDeputyWithoutADelegationMayNotApprove() throws {
        var harness = try reviewedGrassrootsTitle()
        let error = #expect(throws: DomainError.self) { try harness.run(Self.approval, by: Self.deputyActor, on: "2025-01-21") }
        #expect(error?.code == .roleNotAllowed)
        let ended = try record([Self.grant(), .end(unit: Self.hanoi, number: "12/QĐ-VKSND", endedOn: day("2025-01-10"), reason: "Nghỉ")])
        #expect(ended.inForce(for: Self.deputy.id, on: day("2025-01-21")) == nil)
        #expect(harness.events.count == 4)
    }

    @Test func aDeputyUnderADelegationApprovesAndTheEventSaysForWhom() throws {
        var harness = try reviewedGrassrootsTitle()
        let delegation = try record([Self.grant()]).inForce(for: Self.deputy.id, on: day("2025-01-21"))
        let events = try harness.run(Self.approval, by: Self.deputyActor, on: "2025-01-21", delegation: delegation)
        guard case .approved(let approved) = events.first else { Issue.record("not approved: \(events)"); return }
        #expect(approved.signedOnBehalf == SignedOnBehalf(deputy: Self.deputy, forHeadOf: Self.hanoi, delegation: "12/QĐ-VKSND"))
        #expect(harness.state == "approved")
    }

    @Test func theHeadsOwnDecisionCarriesNoDeputy() throws {
        var harness = try reviewedGrassrootsTitle()
        let events = try harness.run(Self.approval, by: People.unitHead, on: "2025-01-21")
        guard case .approved(let approved) = events.first else { Issue.record("not approved: \(events)"); return }
        #expect(approved.signedOnBehalf == nil)
    }

    /// A delegation lends the head's signature for what the head decides, nothing more: a Hà Nội
    /// deputy does not decide a sector title (the Prosecutor General's), nor use a delegation of
    /// another deputy or another unit.
    @Test func aDelegationLendsOnlyItsOwnHeadsAuthority() throws {
        var sectorTitle = Harness(configuration: try shippedConfiguration())
        try sectorTitle.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
        try sectorTitle.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        let session = try convenedSession(total: 10, date: "2025-01-20")
        try sectorTitle.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                            session: session)
        try sectorTitle.run(.tally(inFavour: 10), by: People.secretary, on: "2025-01-20", session: session)
        let delegation = try record([Self.grant()]).inForce(for: Self.deputy.id, on: day("2025-01-21"))
        let notTheirs = #expect(throws: DomainError.self) {
            try sectorTitle.run(Self.approval, by: Self.deputyActor, on: "2025-01-21", delegation: delegation)
        }
        #expect(notTheirs?.code == .authorityNotAllowed)

        var grassroots = try reviewedGrassrootsTitle()
        let impostor = Actor(id: "deputy-other", roles: [HeadDelegations.deputyRole], unit: Self.hanoi)
        let borrowed = #expect(throws: DomainError.self) {
            try grassroots.run(Self.approval, by: impostor, on: "2025-01-21", delegation: delegation)
        }
        #expect(borrowed?.code == .roleNotAllowed, "a delegation names one deputy")
    }
}

/// Revocation and restoration by the authority that decided (Law 06/2022/QH15 art. 93): the
/// agency's head for its own titles, the recording of the higher authority's decision for
/// titles decided outside the agency.
@Suite struct RevocationAuthorityTests {
    /// A national emulation fighter forwarded and awarded by the Prime Minister.
    func awardedNationalFighter() throws -> Harness {
        var harness = try votedNationalFighter()
        try harness.run(.forward(.init(nominationID: "N1", authority: "Thủ tướng Chính phủ", submissionNumber: "9/TTr-VKSTC")),
                        by: People.head, on: "2025-01-21")
        try harness.run(.recordHigherDecision(.init(nominationID: "N1", authority: "Thủ tướng Chính phủ", outcome: .awarded,
                                                    decisionNumber: "300/QĐ-TTg", decisionDate: day("2025-03-01"))),
                        by: People.office, on: "2025-03-05")
        return harness
    }

    static func revoke(authority: String?) -> NominationCommand {
        .revoke(.init(nominationID: "N1", ground: .forgedDocuments, legalBasis: "Điều 93 Luật 06/2022/QH15", decisionNumber: "77/QĐ-TTg",
                      authority: authority))
    }

    /// The failing case of the issue: the agency's head revoked a title the Prime Minister decided.
    @Test func theHeadDoesNotRevokeATitleDecidedOutsideTheAgency() throws {
        var harness = try awardedNationalFighter()
        let awarded = harness.state
        let error = #expect(throws: DomainError.self) { try harness.run(Self.revoke(authority: nil), by: People.head, on: "2025-06-02") }
        #expect(error?.code == .authorityNotAllowed)
        #expect(error?.message.contains("decided by the Prime Minister") == true)
        #expect(harness.state == awarded)
        let events = try harness.run(Self.revoke(authority: "Thủ tướng Chính phủ"), by: People.head, on: "2025-06-02")
        guard case .revoked(let revoked) = events.first else { Issue.record("not revoked: \(events)"); return }
        #expect(revoked.authority == "Thủ tướng Chính phủ")
        let restore = NominationCommand.restore(.init(nominationID: "N1", reason: "Kết luận lại", decisionNumber: "80/QĐ-TTg"))
        let unnamed = #expect(throws: DomainError.self) { try harness.run(restore, by: People.head, on: "2025-07-01") }
        #expect(unnamed?.code == .authorityNotAllowed)
        try harness.run(.restore(.init(nominationID: "N1", reason: "Kết luận lại", decisionNumber: "80/QĐ-TTg", authority: "Thủ tướng Chính phủ")),
                        by: People.head, on: "2025-07-01")
        #expect(harness.state == awarded)
    }

    /// A title the agency's head decided is revoked by that head's own decision, naming no other authority.
    @Test func aTitleDecidedWithinTheAgencyIsRevokedByItsHead() throws {
        var harness = try DelegationTests().reviewedGrassrootsTitle()
        try harness.run(DelegationTests.approval, by: People.unitHead, on: "2025-01-21")
        let recorded = #expect(throws: DomainError.self) {
            try harness.run(Self.revoke(authority: "Thủ tướng Chính phủ"), by: People.unitHead, on: "2025-06-02")
        }
        #expect(recorded?.code == .invalidCommand)
        let sectorHead = #expect(throws: DomainError.self) { try harness.run(Self.revoke(authority: nil), by: People.head, on: "2025-06-02") }
        #expect(sectorHead?.code == .authorityNotAllowed, "the province's head decided it")
        try harness.run(Self.revoke(authority: nil), by: People.unitHead, on: "2025-06-02")
        #expect(harness.state == "revoked")
    }
}
