import Nominations
import Testing
import Workflow

/// Front-line staff and small collectives, the two groups whose share of awards the sector's plan
/// asks to raise, are what the rule set's definitions make them, not what a submission ticks.
@Suite struct ShareDefinitionTests {
    static let configuration = try! shippedConfiguration()
    static let definitions = configuration.rules.ruleSet(inForceOn: day("2026-03-02"))!.shares!

    @Test(arguments: [
        ("Kiểm sát viên trung cấp", true), ("Kiểm tra viên chính", true), ("Chuyên viên", true),
        ("Phó Viện trưởng Viện kiểm sát nhân dân tỉnh Nghệ An", false), ("Viện trưởng", false),
        ("phó trưởng phòng Thực hành quyền công tố", false), ("Quyền Vụ trưởng", false), ("  Trưởng phòng 2", false),
    ])
    func aPositionIsFrontLineUnlessItIsALeadershipPost(position: String, frontLine: Bool) {
        #expect(Self.definitions.frontLine.includes(position: position) == frontLine)
    }

    @Test func aCollectiveWithinAUnitIsSmallAndAUnitIsNot() {
        let organization = Self.configuration.organization
        #expect(Self.definitions.smallCollective.includes(collective: "vksnd-hanoi-phong-2", in: organization))
        #expect(!Self.definitions.smallCollective.includes(collective: "vksnd-hanoi", in: organization))
        #expect(!Self.definitions.smallCollective.includes(collective: "vksndtc-vp", in: organization))
    }

    @Test func theSubmissionKeepsTheDefinitionsFlagsNotTheTickedOnes() throws {
        let context = DecisionContext(today: day("2026-03-02"), actor: People.officer, configuration: Self.configuration)
        func submitted(_ nominee: Nominee) throws -> Nominee? {
            let submission = NominationCommand.Submit(nominationID: "N-\(nominee.id)", kind: "ad_hoc", title: "certificate_of_commendation",
                                                      year: 2026, nominee: nominee, achievementSummary: "Phá án xuất sắc",
                                                      documents: adHocDocuments)
            guard case .submitted(let event)? = try Nomination.decide(.submit(submission), nil, context).first else { return nil }
            return event.nominee
        }
        let deputy = Nominee.individual(id: "staff-9", name: "Lê Thị Hoa", unit: People.unit, position: "Phó Viện trưởng", isFrontLine: true)
        #expect(try submitted(deputy)?.isFrontLine == false)
        let prosecutor = Nominee.individual(id: "staff-8", name: "Trần Văn Nam", unit: People.unit, position: "Kiểm sát viên sơ cấp")
        #expect(try submitted(prosecutor)?.isFrontLine == true, "no flag sent: the definition gives it")
        let unit = Nominee.collective(id: People.unit, name: "Viện kiểm sát nhân dân thành phố Hà Nội", unit: People.unit, size: 120, isSmall: true)
        #expect(try submitted(unit)?.isSmallCollective == false)
        let team = Nominee.collective(id: "vksnd-hanoi-phong-7", name: "Phòng 7", unit: People.unit, size: 9)
        #expect(try submitted(team)?.isSmallCollective == true)
    }

    @Test func aRuleSetWithoutDefinitionsNeedsTheFlags() throws {
        let rules = try configFiles("rules").map { file -> (name: String, text: String) in
            guard file.name.hasSuffix("2025.1.yaml"), let shares = file.text.range(of: "\nshares:\n") else { return file }
            return (file.name, String(file.text[..<shares.lowerBound]) + "\n")
        }
        let configuration = try DomainConfiguration.load(
            workflowFiles: configFiles("workflows"), ruleFiles: rules, calendarFiles: configFiles("calendar"),
            organizationFile: organizationFile())
        #expect(configuration.rules.ruleSet(version: "2025.1")?.shares == nil)
        let context = DecisionContext(today: day("2026-03-02"), actor: People.officer, configuration: configuration)
        let submission = NominationCommand.Submit(
            nominationID: "N-1", kind: "ad_hoc", title: "certificate_of_commendation", year: 2026,
            nominee: .individual(id: "staff-8", name: "Trần Văn Nam", unit: People.unit, position: "Kiểm sát viên"),
            achievementSummary: "Phá án xuất sắc", documents: adHocDocuments)
        let refused = #expect(throws: DomainError.self) { try Nomination.decide(.submit(submission), nil, context) }
        #expect(refused?.message == "an individual nominee needs a position and the front-line flag")
    }
}
