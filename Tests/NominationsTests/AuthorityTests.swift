import Nominations
import Testing
import Workflow

/// Who may decide what: every role acts on the units its unit covers, the council due for each
/// stage reviews, and the head the title's authority rule names decides.
@Suite struct AuthorityTests {
    static let nghean = "vksnd-nghean"

    /// A Nghệ An grassroots fighter through intake and the Nghệ An council, ready for approval.
    func reviewedGrassrootsTitle(unit: String = nghean) throws -> Harness {
        var harness = Harness(configuration: try shippedConfiguration())
        let nominee = Nominee.individual(id: "staff-na-1", name: "Hồ Thị Lan", unit: unit, position: "Kiểm sát viên", isFrontLine: true)
        try harness.run(.submitFighter(nominee: nominee, title: "grassroots_emulation_fighter"), by: People.officer.with(role: "unit_officer", unit: unit),
                        on: "2025-01-06", history: fighterHistory)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        let session = try convenedSession(total: 10, date: "2025-01-20", council: unit)
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                        session: session)
        try harness.run(.tally(inFavour: 10), by: People.secretary, on: "2025-01-20", session: session)
        #expect(harness.state == "council_reviewed")
        return harness
    }

    static let approval = NominationCommand.approve(.init(nominationID: "N1", decisionNumber: "5/QĐ", decisionDate: day("2025-01-21")))

    /// The head of Hà Nội acting on a Nghệ An nomination: Hà Nội does not cover Nghệ An.
    @Test func aHeadOfAnotherProvinceMayNotApprove() throws {
        var harness = try reviewedGrassrootsTitle()
        let error = #expect(throws: DomainError.self) {
            try harness.run(Self.approval, by: People.unitHead, on: "2025-01-21")
        }
        #expect(error?.code == .unitNotAllowed)
        #expect(error?.message == "head_of_agency of vksnd-hanoi may not act on vksnd-nghean: vksnd-hanoi does not cover it")
        #expect(harness.events.count == 4, "nothing decided")
    }

    /// The Prosecutor General covers every unit, but a grassroots title is the province head's to decide.
    @Test func theSectorHeadDoesNotDecideAProvincesGrassrootsTitle() throws {
        var harness = try reviewedGrassrootsTitle()
        let error = #expect(throws: DomainError.self) { try harness.run(Self.approval, by: People.head, on: "2025-01-21") }
        #expect(error?.code == .authorityNotAllowed)
        #expect(error?.message.contains("the head of vksnd-nghean does") == true)
        let head = Actor(id: "head-na", roles: ["head_of_agency"], unit: Self.nghean)
        try harness.run(Self.approval, by: head, on: "2025-01-21")
        #expect(harness.state == "approved")
    }

    /// The Prime Minister decides national emulation fighter: the agency's head forwards, never approves.
    @Test func aTitleDecidedOutsideTheAgencyIsNotApprovedWithinIt() throws {
        var harness = try votedNationalFighter()
        let error = #expect(throws: DomainError.self) { try harness.run(Self.approval, by: People.head, on: "2025-01-21") }
        #expect(error?.code == .authorityNotAllowed)
        #expect(error?.message.hasPrefix("Chiến sĩ thi đua toàn quốc is decided by the Prime Minister") == true)
        try harness.run(.forward(.init(nominationID: "N1", authority: "Thủ tướng Chính phủ", submissionNumber: "9/TTr-VKSTC")),
                        by: People.head, on: "2025-01-21")
        #expect(harness.state == "forwarded")
    }

    /// The standing office of Hà Nội does not take in a Nghệ An dossier.
    @Test func aStandingOfficeActsOnlyOnTheUnitsItCovers() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let nominee = Nominee.individual(id: "staff-na-2", name: "Lê Văn Hải", unit: Self.nghean, position: "Kiểm sát viên", isFrontLine: true)
        try harness.run(.submit(.init(nominationID: "N1", kind: "ad_hoc", title: "certificate_of_commendation", year: 2025, nominee: nominee,
                                      achievementSummary: "Phá án xuất sắc", documents: adHocDocuments)),
                        by: People.officer.with(role: "unit_officer", unit: Self.nghean), on: "2025-01-06")
        let hanoiOffice = People.office.with(role: "standing_office", unit: People.unit)
        let error = #expect(throws: DomainError.self) { try harness.run(.accept(.init(nominationID: "N1")), by: hanoiOffice, on: "2025-01-07") }
        #expect(error?.code == .unitNotAllowed)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office.with(role: "standing_office", unit: Self.nghean), on: "2025-01-07")
        #expect(harness.state == "accepted")
    }

    /// A Hà Nội grassroots title goes to the Hà Nội council, not to Nghệ An's nor to the Supreme's.
    @Test func aNominationIsScheduledOnlyOnTheCouncilDueForItsStage() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06", history: fighterHistory)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        for council in [Self.nghean, People.sector] {
            let session = try convenedSession(date: "2025-01-20", council: council)
            let error = #expect(throws: DomainError.self) {
                try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                                session: session)
            }
            #expect(error?.code == .councilNotDue)
            #expect(error?.message == "N1 of vksnd-hanoi is reviewed at stage 'scheduled' by the council of vksnd-hanoi, "
                    + "not by the council of \(council) (session S1)")
        }
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                        session: try convenedSession(date: "2025-01-20", council: People.unit))
        #expect(harness.state == "scheduled")
    }

    /// The second review of a Labour Hero proposal is the Supreme council's: the provincial
    /// council that reviewed it first cannot take it again.
    @Test func aLabourHerosSecondReviewIsTheSupremeCouncils() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submit(.init(nominationID: "N1", kind: "labour_hero", title: "labour_hero", year: 2024, nominee: People.prosecutor,
                                      achievementSummary: "Thành tích đặc biệt xuất sắc", documents: heroDocuments)),
                        by: People.officer, on: "2025-02-03")
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-02-04")
        let provincial = try convenedSession(id: "P1", date: "2025-02-10", council: People.unit)
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "P1")), by: People.secretary, on: "2025-02-05",
                        session: provincial)
        try harness.run(.tally(session: "P1", inFavour: 11), by: People.secretary, on: "2025-02-10", session: provincial)
        // The Prosecutor General does not forward from the province: its head does.
        let forward = NominationCommand.forward(.init(nominationID: "N1", authority: "VKSND tối cao", submissionNumber: "20/TTr-VKS"))
        let early = #expect(throws: DomainError.self) { try harness.run(forward, by: People.head, on: "2025-02-11") }
        #expect(early?.code == .authorityNotAllowed)
        try harness.run(forward, by: People.unitHead, on: "2025-02-11")
        #expect(harness.state == "at_supreme")

        let again = try convenedSession(id: "P2", date: "2025-03-10", council: People.unit)
        let error = #expect(throws: DomainError.self) {
            try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "P2")), by: People.secretary, on: "2025-02-12",
                            session: again)
        }
        #expect(error?.code == .councilNotDue)
        #expect(error?.message.contains("at stage 'supreme_scheduled' by the council of vksndtc") == true)
    }
}
