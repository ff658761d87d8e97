import Nominations
import Testing
import Workflow

/// A cluster's year (cluster 1 of the sample organisation: Hà Nội, Hải Phòng, Quảng Ninh, Lào
/// Cai; Hải Phòng heads it in the file): the head unit recorded per year by the standing office
/// and used by the scores' review of that year, the programme drawn up and the registrations
/// gathered by the year's head unit, each member signing its own commitments, the sending to the
/// standing office, and a reason for every change after it.
@Suite struct ClusterYearTests {
    static let cluster1 = GroupYear(group: "cum-1", year: 2026)
    static let hanoiOfficer = People.officer
    static let haiphongOfficer = Actor(id: "officer-hp", roles: ["unit_officer"], unit: "vksnd-haiphong")
    static let quangninhOfficer = Actor(id: "officer-qn", roles: ["unit_officer"], unit: "vksnd-quangninh")
    static let hanoiOffice = Actor(id: "office-hn", roles: ["standing_office"], unit: People.unit)
    static let programme = ClusterYearCommand.drawUpProgramme(items: ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo"],
                                                              text: "Chương trình công tác năm 2026 của Cụm thi đua số 1", reason: nil)

    /// A year as the commands left it, with the events they decided.
    struct Year {
        var key = ClusterYearTests.cluster1
        var state = ClusterYear()
        var events: [ClusterYearEvent] = []

        mutating func run(_ command: ClusterYearCommand, by actor: Actor, on date: String = "2026-03-02",
                          registrations: [String: MemberRegistration] = [:]) throws(DomainError) {
            let context = ClusterYearContext(command: CommandContext(actor: actor, today: day(date), configuration: try! shippedConfiguration()),
                                             key: key, registrations: registrations)
            for event in try ClusterYear.decide(command, state, context) {
                state = ClusterYear.evolve(state, event)
                events.append(event)
            }
        }
    }

    static func registered(_ version: Int64) -> MemberRegistration {
        MemberRegistration(version: version, registration: EmulationRegistration(collectiveTitle: "excellent_labour_collective"))
    }

    static func group() throws -> EmulationGroup { try #require(try shippedConfiguration().organization.emulationGroup(code: "cum-1")) }

    @Test func theStandingOfficeCoveringTheMembersRecordsTheHeadOfAYear() throws {
        var year = Year()
        #expect(year.state.head(in: try Self.group()) == "vksnd-haiphong", "the file's head until one is recorded")
        let officer = #expect(throws: DomainError.self) { try year.run(.recordHead(unit: People.unit, reason: nil), by: Self.haiphongOfficer) }
        #expect(officer?.code == .roleNotAllowed)
        // Hà Nội's standing office covers Hà Nội alone, not the other members.
        let provincial = #expect(throws: DomainError.self) { try year.run(.recordHead(unit: People.unit, reason: nil), by: Self.hanoiOffice) }
        #expect(provincial?.code == .unitNotAllowed)
        let outsider = #expect(throws: DomainError.self) { try year.run(.recordHead(unit: "vksnd-nghean", reason: nil), by: People.office) }
        #expect(outsider?.code == .invalidCommand)
        #expect(outsider?.message == "vksnd-nghean is not a member of cum-1: the head unit is one of its members")
        let same = #expect(throws: DomainError.self) { try year.run(.recordHead(unit: "vksnd-haiphong", reason: nil), by: People.office) }
        #expect(same?.message == "vksnd-haiphong heads cum-1 in 2026 already")
        #expect(year.events.isEmpty)

        try year.run(.recordHead(unit: People.unit, reason: nil), by: People.office)
        #expect(year.state.head(in: try Self.group()) == People.unit)
        guard case .headRecorded(let recorded)? = year.events.first, year.events.count == 1 else { Issue.record("\(year.events)"); return }
        #expect([recorded.group, recorded.unit] == ["cum-1", People.unit])
        #expect(recorded.year == 2026)
        #expect(recorded.previous == nil)
        #expect(recorded.recordedOn == day("2026-03-02"))
        try year.run(.recordHead(unit: "vksnd-quangninh", reason: nil), by: People.office)
        guard case .headRecorded(let rotated) = year.events.last else { Issue.record("no head recorded"); return }
        #expect(rotated.previous == People.unit)
        // Another year is its own stream: nothing recorded there, the file's head.
        #expect(ClusterYear.initialState.head(in: try Self.group()) == "vksnd-haiphong")
    }

    @Test func theReviewOfAYearIsByThatYearsHead() throws {
        var year = Year()
        try year.run(.recordHead(unit: People.unit, reason: nil), by: People.office)
        let quangninh = UnitYear(unit: "vksnd-quangninh", year: 2026)
        let configuration = try shippedConfiguration()
        var score = UnitScore()
        let selfScore = UnitScoreContext(command: CommandContext(actor: Self.quangninhOfficer, today: day("2026-12-10"), configuration: configuration),
                                         table: Scoring.published)
        for event in try UnitScore.decide(.selfScore(unitYear: quangninh, lines: Scoring.lines()), score, selfScore) {
            score = UnitScore.evolve(score, event)
        }
        func review(by actor: Actor, head: String?) throws(DomainError) -> [UnitScoreEvent] {
            let context = UnitScoreContext(command: CommandContext(actor: actor, today: day("2026-12-15"), configuration: configuration),
                                           table: Scoring.published, recordedHead: head)
            return try UnitScore.decide(.review(unitYear: quangninh, adjustments: [], note: nil), score, context)
        }
        // 2026's head is Hà Nội: its officer reviews, the file's head no longer does.
        let reviewed = try review(by: Self.hanoiOfficer, head: year.state.recordedHead)
        guard case .reviewed(let byHanoi) = reviewed.first else { Issue.record("no review"); return }
        #expect(byHanoi.reviewerUnit == People.unit)
        let byFile = #expect(throws: DomainError.self) { try review(by: Self.haiphongOfficer, head: year.state.recordedHead) }
        #expect(byFile?.code == .unitNotAllowed)
        #expect(byFile?.message == "vksnd-quangninh's score is reviewed by the officer of vksnd-hanoi, head of cum-1 in 2026, or "
                + "the standing office covering it")
        // A year with no head recorded falls back to the file's.
        let fallback = try review(by: Self.haiphongOfficer, head: ClusterYear.initialState.recordedHead)
        guard case .reviewed(let byHaiphong) = fallback.first else { Issue.record("no review"); return }
        #expect(byHaiphong.reviewerUnit == "vksnd-haiphong")
        #expect((#expect(throws: DomainError.self) { try review(by: Self.hanoiOfficer, head: nil) })?.code == .unitNotAllowed)
    }

    @Test func onlyTheYearsHeadUnitDrawsUpTheProgramme() throws {
        var year = Year()
        let office = #expect(throws: DomainError.self) { try year.run(Self.programme, by: People.office) }
        #expect(office?.code == .roleNotAllowed)
        let member = #expect(throws: DomainError.self) { try year.run(Self.programme, by: Self.hanoiOfficer) }
        #expect(member?.code == .unitNotAllowed)
        #expect(member?.message == "vksnd-haiphong, head of cum-1 this year, draws up the programme; vksnd-hanoi does not")
        let bad = #expect(throws: DomainError.self) {
            try year.run(.drawUpProgramme(items: ["Một", " ", "Một"], text: " ", reason: nil), by: Self.haiphongOfficer)
        }
        #expect(bad?.message == "the programme has problems: items[1]: must not be blank; items[2]: is stated twice; text: must not be blank")
        let empty = #expect(throws: DomainError.self) { try year.run(.drawUpProgramme(items: [], text: "Văn bản", reason: nil), by: Self.haiphongOfficer) }
        #expect(empty?.message == "the programme has problems: items: states no item")

        try year.run(Self.programme, by: Self.haiphongOfficer)
        #expect(year.state.programme?.items == ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo"])
        let same = #expect(throws: DomainError.self) { try year.run(Self.programme, by: Self.haiphongOfficer) }
        #expect(same?.message == "the programme is drawn up as it is already")
        // Once Hà Nội heads the year, Hải Phòng no longer draws it up.
        try year.run(.recordHead(unit: People.unit, reason: nil), by: People.office)
        #expect((#expect(throws: DomainError.self) {
            try year.run(.drawUpProgramme(items: ["Khác"], text: "Khác", reason: nil), by: Self.haiphongOfficer)
        })?.code == .unitNotAllowed)
        try year.run(.drawUpProgramme(items: ["Khác"], text: "Khác", reason: nil), by: Self.hanoiOfficer)
        guard case .programmeDrawnUp(let drawnUp) = year.events.last else { Issue.record("no programme"); return }
        #expect(drawnUp.headUnit == People.unit)
    }

    @Test func aMemberSignsOnlyItsOwnCommitmentsOnTheProgramme() throws {
        var year = Year()
        let sign = ClusterYearCommand.signPact(unit: People.unit, commitments: ["Hoàn thành xuất sắc chỉ tiêu"], targets: ["100% tin báo"],
                                               reason: nil)
        let early = #expect(throws: DomainError.self) { try year.run(sign, by: Self.hanoiOfficer) }
        #expect(early?.code == .transitionNotAllowed)
        try year.run(Self.programme, by: Self.haiphongOfficer)
        // Neither another member, nor the sector's officer above every member, nor the standing office signs for Hà Nội.
        let sectorOfficer = Actor(id: "officer-tc", roles: ["unit_officer"], unit: People.sector)
        for actor in [Self.haiphongOfficer, sectorOfficer] {
            let refused = #expect(throws: DomainError.self) { try year.run(sign, by: actor) }
            #expect(refused?.code == .unitNotAllowed, "\(actor.unit)")
        }
        #expect((#expect(throws: DomainError.self) { try year.run(sign, by: People.office) })?.code == .roleNotAllowed)
        let nghean = Actor(id: "officer-na", roles: ["unit_officer"], unit: "vksnd-nghean")
        let outsider = #expect(throws: DomainError.self) {
            try year.run(.signPact(unit: "vksnd-nghean", commitments: ["Một"], targets: [], reason: nil), by: nghean)
        }
        #expect(outsider?.message == "vksnd-nghean is not a member of cum-1")
        let bad = #expect(throws: DomainError.self) {
            try year.run(.signPact(unit: People.unit, commitments: [], targets: ["Một", "Một"], reason: nil), by: Self.hanoiOfficer)
        }
        #expect(bad?.message == "the commitments has problems: commitments: states no commitment; targets[1]: is stated twice")

        try year.run(sign, by: Self.hanoiOfficer)
        #expect(year.state.pact[People.unit] == PactSignature(commitments: ["Hoàn thành xuất sắc chỉ tiêu"], targets: ["100% tin báo"],
                                                              signedOn: day("2026-03-02")))
        #expect(year.state.pact["vksnd-haiphong"] == nil)
        let again = #expect(throws: DomainError.self) { try year.run(sign, by: Self.hanoiOfficer, on: "2026-03-05") }
        #expect(again?.message == "vksnd-hanoi signed these commitments already")
    }

    @Test func gatheringRecordsTheVersionsAndListsMembersWithoutARegistration() throws {
        var year = Year()
        let none = #expect(throws: DomainError.self) { try year.run(.gatherRegistrations(reason: nil), by: Self.haiphongOfficer) }
        #expect(none?.code == .notRegistered)
        #expect(none?.message.hasSuffix("vksnd-hanoi, vksnd-haiphong, vksnd-quangninh, vksnd-laocai have no registration") == true)
        // Quảng Ninh's stream has events but registers nothing (every entry removed): it has no registration.
        let registrations = ["vksnd-hanoi": Self.registered(3), "vksnd-quangninh": MemberRegistration(version: 2, registration: EmulationRegistration())]
        let member = #expect(throws: DomainError.self) {
            try year.run(.gatherRegistrations(reason: nil), by: Self.hanoiOfficer, registrations: registrations)
        }
        #expect(member?.code == .unitNotAllowed)
        try year.run(.gatherRegistrations(reason: nil), by: Self.haiphongOfficer, registrations: registrations)
        #expect(year.state.gathering == RegistrationGathering(gathered: [.init(unit: "vksnd-hanoi", version: 3)],
                                                              missing: ["vksnd-haiphong", "vksnd-quangninh", "vksnd-laocai"],
                                                              gatheredOn: day("2026-03-02")))
        let same = #expect(throws: DomainError.self) {
            try year.run(.gatherRegistrations(reason: nil), by: Self.haiphongOfficer, registrations: registrations)
        }
        #expect(same?.message == "the registrations are gathered as they are already")
        // Hải Phòng registers and Hà Nội amends its registration: gathered again at the new versions.
        var later = registrations
        later["vksnd-haiphong"] = Self.registered(1)
        later["vksnd-hanoi"] = Self.registered(4)
        try year.run(.gatherRegistrations(reason: nil), by: Self.haiphongOfficer, on: "2026-03-09", registrations: later)
        #expect(year.state.gathering?.gathered == [.init(unit: "vksnd-hanoi", version: 4), .init(unit: "vksnd-haiphong", version: 1)])
        #expect(year.state.gathering?.missing == ["vksnd-quangninh", "vksnd-laocai"])
    }

    @Test func sentWithItsProgrammeAndRegistrationsAndChangedAfterOnlyWithAReason() throws {
        var year = Year()
        let gathered = ["vksnd-hanoi": Self.registered(1)]
        let bare = #expect(throws: DomainError.self) { try year.run(.send(reason: nil), by: Self.haiphongOfficer) }
        #expect(bare?.code == .transitionNotAllowed)
        #expect(bare?.message == "cum-1 in 2026 is sent with its programme and the registrations gathered: draw up the programme and "
                + "gather the registrations first")
        try year.run(Self.programme, by: Self.haiphongOfficer)
        try year.run(.gatherRegistrations(reason: nil), by: Self.haiphongOfficer, registrations: gathered)
        try year.run(.signPact(unit: People.unit, commitments: ["Một"], targets: [], reason: nil), by: Self.hanoiOfficer)
        #expect((#expect(throws: DomainError.self) { try year.run(.send(reason: nil), by: Self.hanoiOfficer) })?.code == .unitNotAllowed)

        try year.run(.send(reason: nil), by: Self.haiphongOfficer, on: "2026-03-10")
        guard case .sent(let sent) = year.events.last else { Issue.record("not sent"); return }
        #expect(sent.unsigned == ["vksnd-haiphong", "vksnd-quangninh", "vksnd-laocai"])
        #expect(year.state.sentOn == day("2026-03-10"))
        #expect(year.state.changedSinceSent == false)
        let twice = #expect(throws: DomainError.self) { try year.run(.send(reason: "Gửi lại"), by: Self.haiphongOfficer) }
        #expect(twice?.message == "cum-1 in 2026 was sent on 2026-03-10 and nothing changed since")

        // After the sending every change needs a reason: the head, the programme, a signature, a gathering, a new sending.
        let needsReason = "the year was sent to the standing office on 2026-03-10: a change needs a reason"
        let quangninh = ClusterYearCommand.signPact(unit: "vksnd-quangninh", commitments: ["Hai"], targets: [], reason: nil)
        let changes: [(ClusterYearCommand, Actor, [String: MemberRegistration])] = [
            (.recordHead(unit: People.unit, reason: " "), People.office, [:]),
            (.drawUpProgramme(items: ["Khác"], text: "Khác", reason: nil), Self.haiphongOfficer, [:]),
            (quangninh, Self.quangninhOfficer, [:]),
            (.gatherRegistrations(reason: nil), Self.haiphongOfficer, ["vksnd-hanoi": Self.registered(2)]),
        ]
        for (command, actor, registrations) in changes {
            let refused = #expect(throws: DomainError.self) { try year.run(command, by: actor, registrations: registrations) }
            #expect(refused?.message == needsReason, "\(command)")
        }
        #expect(year.events.count == 4)
        try year.run(.signPact(unit: "vksnd-quangninh", commitments: ["Hai"], targets: [], reason: "Ký bổ sung"), by: Self.quangninhOfficer)
        #expect(year.state.changedSinceSent)
        guard case .pactSigned(let late) = year.events.last else { Issue.record("not signed"); return }
        #expect(late.reason == "Ký bổ sung")
        #expect((#expect(throws: DomainError.self) { try year.run(.send(reason: nil), by: Self.haiphongOfficer) })?.message == needsReason)
        try year.run(.send(reason: "Bổ sung giao ước của Quảng Ninh"), by: Self.haiphongOfficer, on: "2026-03-12")
        #expect(year.state.sendings == 2)
        #expect(year.state.sentOn == day("2026-03-12"))
        #expect(year.state.changedSinceSent == false)
    }

    @Test func aClusterOrBlocOfTheOrganisationForAYearNoLaterThanTheNext() throws {
        var unknown = Year(key: GroupYear(group: "cum-9", year: 2026))
        let refused = #expect(throws: DomainError.self) { try unknown.run(.recordHead(unit: People.unit, reason: nil), by: People.office) }
        #expect(refused?.message == "cum-9 is not a cluster or bloc of the organisation")
        var far = Year(key: GroupYear(group: "cum-1", year: 2028))
        let late = #expect(throws: DomainError.self) { try far.run(.recordHead(unit: People.unit, reason: nil), by: People.office) }
        #expect(late?.code == .invalidCommand)
        var next = Year(key: GroupYear(group: "cum-1", year: 2027))
        try next.run(.recordHead(unit: People.unit, reason: nil), by: People.office)
        // A bloc too: the advisory bloc's head in the file is the Office of the Supreme People's Procuracy.
        var bloc = Year(key: GroupYear(group: "khoi-tham-muu", year: 2026))
        try bloc.run(.recordHead(unit: "vksndtc-tccb", reason: nil), by: People.office)
        #expect(bloc.state.recordedHead == "vksndtc-tccb")
    }
}
