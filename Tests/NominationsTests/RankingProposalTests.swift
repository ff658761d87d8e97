import Nominations
import Testing
import Workflow

/// A cluster's final ranking proposes its leading units under the scoring table's proposal rules
/// (cluster 1: Hà Nội, Hải Phòng, Quảng Ninh, Lào Cai; Hải Phòng heads it in the file): the year's
/// head unit records the proposals, and each is a nomination of the member unit linked to its place.
@Suite struct RankingProposalTests {
    static let configuration = try! shippedConfiguration()
    static let key = GroupYear(group: "cum-1", year: 2026)
    static let flagAndCertificates = [ProposalRule(title: "sector_emulation_flag", places: 1, bands: ["xuat_sac"]),
                                      ProposalRule(title: "certificate_of_merit", places: 2, bands: ["xuat_sac", "tot"])]
    static let members = ["vksnd-hanoi", "vksnd-haiphong", "vksnd-quangninh", "vksnd-laocai"]

    static func ranking(_ scores: [String: UnitScore]) -> Ranking {
        Ranking(units: members, scores: scores, table: Scoring.table)
    }

    static func proposals(_ ranking: Ranking, _ rules: [ProposalRule] = flagAndCertificates) -> [RankingProposal] {
        ranking.proposals(rules) { rankingProposalID(key, $0) }
    }

    @Test func theLeadingUnitIsProposedForTheFlagAndTheNextOnesForCertificates() {
        let ranking = Self.ranking([
            "vksnd-quangninh": RankingTests.reviewed(Scoring.lines(a1: 40, a2: 20, b1: 15, b2: 10, b3: 15)),  // 100, Xuất sắc
            "vksnd-hanoi": RankingTests.reviewed(Scoring.lines(a1: 38, a2: 20, b1: 15, b2: 10, b3: 15)),      // 98, Xuất sắc
            "vksnd-haiphong": RankingTests.reviewed(Scoring.lines()),                                          // 91, Tốt
            "vksnd-laocai": RankingTests.reviewed(Scoring.lines(a1: 20)),                                      // 75, Khá
        ])
        let proposals = Self.proposals(ranking)
        #expect(proposals.map(\.unit) == ["vksnd-quangninh", "vksnd-hanoi", "vksnd-haiphong"])
        #expect(proposals.map(\.title) == ["sector_emulation_flag", "certificate_of_merit", "certificate_of_merit"])
        #expect(proposals.map(\.rank) == [1, 2, 3])
        #expect(proposals.map(\.total) == [Points(100), Points(98), Points(91)])
        #expect(proposals.map(\.band) == ["xuat_sac", "xuat_sac", "tot"])
        #expect(proposals.map(\.nominationID) == ["XH-cum-1-2026-1", "XH-cum-1-2026-2", "XH-cum-1-2026-3"])
    }

    @Test func unitsSharingTheLastPlaceAreAllProposed() {
        // Hà Nội and Hải Phòng are equal on the total and every tie-break rule: both first.
        let ranking = Self.ranking([
            "vksnd-hanoi": RankingTests.reviewed(Scoring.lines(a1: 40, a2: 20, b1: 15, b2: 10, b3: 15)),
            "vksnd-haiphong": RankingTests.reviewed(Scoring.lines(a1: 40, a2: 20, b1: 15, b2: 10, b3: 15)),
            "vksnd-quangninh": RankingTests.reviewed(Scoring.lines(a1: 39, a2: 20, b1: 15, b2: 10, b3: 15)),
            "vksnd-laocai": RankingTests.reviewed(Scoring.lines()),
        ])
        let proposals = Self.proposals(ranking)
        #expect(proposals.map(\.unit) == ["vksnd-haiphong", "vksnd-hanoi", "vksnd-quangninh", "vksnd-laocai"])
        #expect(proposals.map(\.title) == ["sector_emulation_flag", "sector_emulation_flag", "certificate_of_merit", "certificate_of_merit"])
        #expect(proposals.map(\.rank) == [1, 1, 3, 4])
    }

    @Test func aUnitBelowARulesBandsIsLeftForTheNextRule() {
        // No member reaches Xuất sắc: nobody is proposed for the flag, the first two get certificates.
        let ranking = Self.ranking([
            "vksnd-hanoi": RankingTests.reviewed(Scoring.lines(a1: 38)),   // 93
            "vksnd-haiphong": RankingTests.reviewed(Scoring.lines()),      // 91
            "vksnd-quangninh": RankingTests.reviewed(Scoring.lines(a1: 30)),  // 85
            "vksnd-laocai": RankingTests.reviewed(Scoring.lines(a1: 10)),  // 65, Khá
        ])
        let proposals = Self.proposals(ranking)
        #expect(proposals.map(\.unit) == ["vksnd-hanoi", "vksnd-haiphong"])
        #expect(proposals.map(\.title) == ["certificate_of_merit", "certificate_of_merit"])
        // A rule with no bands admits any, even a total below every band.
        let any = Self.proposals(ranking, [ProposalRule(title: "certificate_of_merit", places: 4)])
        #expect(any.map(\.unit) == ["vksnd-hanoi", "vksnd-haiphong", "vksnd-quangninh", "vksnd-laocai"])
    }

    @Test func aTableStatesItsProposalRulesSoundly() {
        let base = Scoring.table
        let table = ScoringTable(groups: base.groups, bonuses: base.bonuses, penalties: base.penalties, bands: base.bands,
                                 tieBreak: base.tieBreak,
                                 proposals: [ProposalRule(title: "sector_emulation_flag", places: 0, bands: ["xuat_sac", "xuat_sac"]),
                                             ProposalRule(title: "sector_emulation_flag", places: 2, bands: ["gioi"]),
                                             ProposalRule(title: " ", places: 1)],
                                 source: base.source)
        #expect(table.problems() == [
            "proposals[0].places: must be at least 1, not 0",
            "proposals[0].bands[1]: 'xuat_sac' is stated twice",
            "proposals[1].title: 'sector_emulation_flag' is proposed by an earlier rule already",
            "proposals[1].bands[0]: 'gioi' is no band of the table",
            "proposals[2].title: must name a title",
        ])
        #expect(ScoringTable(groups: base.groups, bonuses: base.bonuses, penalties: base.penalties, bands: base.bands,
                             tieBreak: base.tieBreak, proposals: Self.flagAndCertificates, source: base.source).problems().isEmpty)
    }

    // MARK: - The cluster's year records the proposals

    static let basis = ProposalBasis(rankingVersion: 9, pending: [], proposals: [
        RankingProposal(unit: "vksnd-quangninh", title: "sector_emulation_flag", rank: 1, total: Points(100), band: "xuat_sac",
                        nominationID: "XH-cum-1-2026-1"),
    ])

    @Test func theYearsHeadUnitProposesOnceFromAFinalRanking() throws {
        var year = ClusterYearTests.Year()
        let member = #expect(throws: DomainError.self) { try year.run(.propose(Self.basis), by: ClusterYearTests.hanoiOfficer, on: "2026-12-21") }
        #expect(member?.code == .unitNotAllowed)
        let office = #expect(throws: DomainError.self) { try year.run(.propose(Self.basis), by: People.office, on: "2026-12-21") }
        #expect(office?.code == .roleNotAllowed)
        let pending = ProposalBasis(rankingVersion: 9, pending: ["vksnd-laocai"], proposals: Self.basis.proposals)
        let notFinal = #expect(throws: DomainError.self) { try year.run(.propose(pending), by: ClusterYearTests.haiphongOfficer, on: "2026-12-21") }
        #expect(notFinal?.code == .transitionNotAllowed)
        #expect(notFinal?.message == "the ranking of cum-1 in 2026 is final once every member's score is reviewed: vksnd-laocai not yet")
        let none = #expect(throws: DomainError.self) {
            try year.run(.propose(ProposalBasis(rankingVersion: 9, pending: [], proposals: [])), by: ClusterYearTests.haiphongOfficer, on: "2026-12-21")
        }
        #expect(none?.code == .invalidCommand)
        #expect(year.events.isEmpty)

        try year.run(.propose(Self.basis), by: ClusterYearTests.haiphongOfficer, on: "2026-12-21")
        guard case .proposed(let made)? = year.events.last else { Issue.record("\(year.events)"); return }
        #expect(made.headUnit == "vksnd-haiphong")
        #expect(made.rankingVersion == 9)
        #expect(made.proposals == Self.basis.proposals)
        #expect(year.state.proposals?.proposedOn == day("2026-12-21"))
        #expect(!year.state.changedSinceSent, "the proposals change nothing sent at the year's start")

        let again = #expect(throws: DomainError.self) { try year.run(.propose(Self.basis), by: ClusterYearTests.haiphongOfficer, on: "2026-12-22") }
        #expect(again?.code == .transitionNotAllowed)
        #expect(year.events.count == 1)
    }

    // MARK: - Each proposal is a nomination linked to its place

    static func submit(_ submission: NominationCommand.Submit, by actor: Actor, head: String?) throws(DomainError) -> NominationSubmitted? {
        let context = DecisionContext(today: day("2026-12-21"), actor: actor, configuration: configuration, rankingHead: head)
        guard case .submitted(let submitted)? = try Nomination.decide(.submit(submission), nil, context).first else { return nil }
        return submitted
    }

    @Test func theHeadUnitSubmitsAMembersProposalLinkedToItsPlace() throws {
        let ruleSet = try #require(Self.configuration.rules.ruleSet(inForceOn: day("2026-12-21")))
        let proposal = Self.basis.proposals[0]
        let submission = try proposal.submission(from: Self.key, rankingVersion: 9, ranked: 4, table: Scoring.table, ruleSet: ruleSet,
                                                 organization: Self.configuration.organization)
        #expect(submission.kind == "annual")
        #expect(submission.nominee.type == .collective)
        #expect(submission.nominee.id == "vksnd-quangninh")
        #expect(submission.nominee.isSmallCollective == false)
        #expect(submission.achievementSummary.contains("xếp thứ 1/4"))
        #expect(submission.achievementSummary.contains("100 điểm (mức Xuất sắc)"))

        let submitted = try #require(try Self.submit(submission, by: ClusterYearTests.haiphongOfficer, head: "vksnd-haiphong"))
        #expect(submitted.ranking == RankingLink(group: "cum-1", year: 2026, rankingVersion: 9, rank: 1))
        #expect(submitted.title == "sector_emulation_flag")
        #expect(Nomination.replay([.submitted(submitted)])?.ranking?.rank == 1)

        // Another member's officer does not propose, even for itself; nor does the head without the ranking.
        let member = #expect(throws: DomainError.self) { try Self.submit(submission, by: ClusterYearTests.quangninhOfficer, head: "vksnd-haiphong") }
        #expect(member?.code == .unitNotAllowed)
        let unlinked = NominationCommand.Submit(nominationID: "N-1", kind: submission.kind, title: submission.title, year: 2026,
                                                nominee: submission.nominee, achievementSummary: submission.achievementSummary, documents: [])
        let uncovered = #expect(throws: DomainError.self) { try Self.submit(unlinked, by: ClusterYearTests.haiphongOfficer, head: "vksnd-haiphong") }
        #expect(uncovered?.code == .unitNotAllowed)
        // A unit outside the cluster is not proposed from its ranking.
        let outsider = RankingProposal(unit: "vksnd-nghean", title: "sector_emulation_flag", rank: 1, total: Points(100), band: "xuat_sac",
                                       nominationID: "XH-cum-1-2026-9")
        let outside = try outsider.submission(from: Self.key, rankingVersion: 9, ranked: 4, table: Scoring.table, ruleSet: ruleSet,
                                              organization: Self.configuration.organization)
        let notMember = #expect(throws: DomainError.self) { try Self.submit(outside, by: ClusterYearTests.haiphongOfficer, head: "vksnd-haiphong") }
        #expect(notMember?.code == .invalidCommand)
    }

    @Test func noListTakesTheIdsOfARankingsProposals() throws {
        let context = CommandContext(actor: People.officer, today: day("2026-12-21"), configuration: Self.configuration)
        func send(_ listID: String) throws(DomainError) -> [NominationListEvent] {
            try NominationList.decide(.submit(listID: listID, unit: People.unit, year: 2026,
                                              nominations: [listedNominationID(list: listID, row: 1)]), nil, context)
        }
        let squatting = #expect(throws: DomainError.self) { try send("XH-cum-1-2026") }
        #expect(squatting?.code == .invalidCommand)
        #expect(try send("L-2026-hanoi").count == 1)
    }
}
