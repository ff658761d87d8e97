import Foundation
import Nominations
import Testing
import Workflow

/// The organisation shipped in `config/organization.yaml`, named as `laurel workflow check` names it.
func shippedOrganization() throws -> Organization {
    let text = try String(contentsOf: configRoot.appendingPathComponent("organization.yaml"), encoding: .utf8)
    return try Organization.load(file: "config/organization.yaml", text: text)
}

@Suite struct ShippedOrganizationTests {
    @Test func hasTheProcuracysLevels() throws {
        let organization = try shippedOrganization()
        let byLevel = Dictionary(grouping: organization.units, by: \.level)
        #expect(byLevel[.supreme]?.count == 1)
        #expect(byLevel[.high]?.count == 3)
        #expect((byLevel[.provincial]?.count ?? 0) >= 12)
        #expect(byLevel[.military]?.map(\.name) == ["Viện kiểm sát quân sự trung ương"])
        #expect((byLevel[.supremeDepartment]?.count ?? 0) >= 5)
        let supreme = try #require(byLevel[.supreme]?.first)
        for unit in organization.units where unit.level != .supreme {
            #expect(organization.ancestors(of: unit.code).last == supreme, "\(unit.code) is not under the Supreme procuracy")
        }
    }

    @Test func everyCouncilHasOneChairAStandingMemberAndARealisticSize() throws {
        let organization = try shippedOrganization()
        for council in organization.councils {
            let roles = council.seats.map(\.role)
            #expect(roles.filter { $0 == .chair }.count == 1, "\(council.code)")
            #expect(roles.filter { $0 == .standingMember }.count == 1, "\(council.code)")
            #expect((1...3).contains(roles.filter { $0 == .viceChair }.count), "\(council.code)")
            #expect((7...15).contains(council.totalMembership), "\(council.code) has \(council.totalMembership) members")
            #expect(council.members.allSatisfy { organization.unit(code: $0.unit) != nil })
        }
    }

    @Test func theSupremeAndEveryProvincialProcuracyHaveACouncil() throws {
        let organization = try shippedOrganization()
        for unit in organization.units where unit.level == .supreme || unit.level == .provincial {
            #expect(organization.council(of: unit.code)?.chair.unit == unit.code, "\(unit.code)")
        }
    }

    @Test func clusterAndBlocHeadsAreAmongTheirMembers() throws {
        let organization = try shippedOrganization()
        #expect(!organization.clusters.isEmpty && !organization.blocs.isEmpty)
        for group in organization.clusters + organization.blocs {
            #expect(group.members.contains(group.head), "\(group.code)")
        }
        for unit in organization.units where unit.level == .provincial {
            #expect(organization.emulationGroup(of: unit.code)?.kind == .cluster, "\(unit.code) emulates in no cluster")
        }
    }

    /// Departments, high-level and military procuracies have no council of their own: the Supreme
    /// council reviews their nominations; a provincial procuracy's own council reviews its nominations.
    @Test(arguments: ["vksndtc-tdkt", "vkscc-danang", "vksqs-tw", "vksndtc"])
    func nominationsWithoutAUnitCouncilGoToTheSupremeCouncil(unit: String) throws {
        let organization = try shippedOrganization()
        #expect(organization.council(for: unit)?.unit == "vksndtc")
        #expect(organization.council(for: "vksnd-nghean")?.unit == "vksnd-nghean")
        #expect(organization.council(for: "no-such-unit") == nil)
    }

    /// A session convened from the shipped Supreme council: its size is the total membership, and
    /// under 2024.1 the council member from the nominee's unit is recused and leaves the base.
    @Test func supremeCouncilSessionRecusesTheMemberFromTheNomineesUnit() throws {
        let organization = try shippedOrganization()
        let unit = "vkscc-hanoi"
        let council = try #require(organization.council(for: unit))
        let fromUnit = council.members(fromUnit: unit)
        #expect(fromUnit.count == 1)
        var session: CouncilSession?
        let convene = CouncilSessionCommand.convene(sessionID: "S1", council: council.unit, date: day("2025-01-20"),
                                                    present: council.members.map(\.id), chairID: nil)
        for event in try CouncilSession.decide(convene, nil, try sessionContext(People.secretary)) {
            session = CouncilSession.evolve(session, event)
        }
        let convened = try #require(session)
        #expect(convened.chairID == council.chair.id)

        let officer = Actor(id: "officer-cc1", roles: ["unit_officer"], unit: unit)
        let nominee = Nominee.individual(id: "staff-51", name: "Đặng Văn Khoa", unit: unit, position: "Kiểm sát viên cao cấp",
                                         isFrontLine: true)
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(nominee: nominee, docs: fighterDocuments + documents(["review_minutes"])),
                        by: officer, on: "2025-01-06", history: fighterHistory)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                        session: convened)
        try harness.run(.tally(inFavour: council.totalMembership - fromUnit.count), by: People.secretary, on: "2025-01-20",
                        session: convened)
        let result = try #require(harness.nomination?.councilResult)
        #expect(result.totalMembership == council.totalMembership)
        #expect(result.recusedMemberIDs == fromUnit.map(\.id))
        #expect(result.votingBase == council.totalMembership - fromUnit.count)
        #expect(result.recommended)
    }

    /// Headcount is per year: the shipped Hà Nội procuracy lists its staff by year (each holding
    /// until the next listed), a unit written with one number has it every year.
    @Test func headcountIsPerYear() throws {
        let organization = try shippedOrganization()
        #expect(organization.headcount(of: "vksnd-hanoi", in: 2023) == nil)
        #expect(organization.headcount(of: "vksnd-hanoi", in: 2024) == 305)
        #expect(organization.headcount(of: "vksnd-hanoi", in: 2025) == 309)
        #expect(organization.headcount(of: "vksnd-hanoi", in: 2027) == 312)
        let hue = try #require(organization.headcount(of: "vksnd-hue", in: 2025))
        #expect(organization.headcount(of: "vksnd-hue", in: 2017) == hue)
        #expect(organization.headcount(of: "no-such-unit", in: 2025) == nil)
    }
}

@Suite struct OrganizationValidationTests {
    static let file = "test/organization.yaml"

    /// A small valid organisation; the line numbers in the expectations below refer to it.
    static let valid = """
        units:
          - code: top
            name: Viện kiểm sát nhân dân tối cao
            name_en: Supreme People's Procuracy
            level: supreme
            headcount: 20
          - code: dept
            name: Vụ Thi đua – Khen thưởng
            name_en: Department of Emulation and Commendation
            level: supreme_department
            parent: top
            headcount: 15
          - code: prov
            name: Viện kiểm sát nhân dân tỉnh Nghệ An
            name_en: People's Procuracy of Nghệ An Province
            level: provincial
            parent: top
            headcount: 140
        clusters:
          - code: cum-1
            name: Cụm thi đua số 1
            name_en: Cluster 1
            head: prov
            members: [prov]
        councils:
          - code: hd-top
            unit: top
            name: Hội đồng Thi đua – Khen thưởng Viện kiểm sát nhân dân tối cao
            members:
              - { id: p1, name: Lê Văn Chính, unit: top, role: chair }
              - { id: p2, name: Trần Thị Thường, unit: dept, role: standing_member }
              - { id: p3, name: Phạm Văn Viên, unit: prov, role: member }
        """

    func problems(_ replacements: [(String, String)]) -> [String] {
        var text = Self.valid
        for (original, replacement) in replacements {
            let changed = text.replacingFirst(original, with: replacement)
            #expect(changed != text, "fragment not found: \(original)")
            text = changed
        }
        do {
            _ = try Organization.load(file: Self.file, text: text)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func loadsAValidFile() throws {
        let organization = try Organization.load(file: Self.file, text: Self.valid)
        #expect(organization.units.map(\.code) == ["top", "dept", "prov"])
        #expect(organization.ancestors(of: "prov").map(\.code) == ["top"])
        #expect(organization.ancestors(of: "top").isEmpty)
        #expect(organization.headcount(of: "prov", in: 2025) == 140)
        #expect(organization.council(for: "dept")?.code == "hd-top")
        #expect(organization.council(of: "dept") == nil)
        #expect(organization.council(code: "hd-top")?.standingMember.name == "Trần Thị Thường")
        #expect(organization.emulationGroup(of: "prov")?.code == "cum-1")
        #expect(organization.emulationGroup(of: "dept") == nil)
    }

    @Test(arguments: [
        ("clusters:\n", "  - { code: dept, name: Vụ khác, name_en: Other, level: high, parent: top, headcount: 5 }\nclusters:\n",
         "test/organization.yaml:19: unit code 'dept' is already used at line 7"),
        ("    parent: top\n    headcount: 140", "    parent: tpo\n    headcount: 140", "test/organization.yaml:17: unknown unit 'tpo'"),
        ("members: [prov]", "members: [prov, nowhere]", "test/organization.yaml:24: unknown unit 'nowhere'"),
        ("head: prov", "head: provv", "test/organization.yaml:23: unknown unit 'provv'"),
        ("head: prov", "head: dept", "test/organization.yaml:23: the head unit 'dept' is not among the members of cluster 'cum-1'"),
        ("    unit: top\n", "    unit: tops\n", "test/organization.yaml:27: unknown unit 'tops'"),
        ("unit: prov, role: member", "unit: province, role: member", "test/organization.yaml:32: unknown unit 'province'"),
        ("Phạm Văn Viên, unit: prov,", "Phạm Văn Viên,",
         "test/organization.yaml:32: council member p3 (Phạm Văn Viên) belongs to no unit"),
        ("role: chair }", "role: vice_chair }", "test/organization.yaml:26: council 'hd-top' has no chair"),
        ("role: member }", "role: chair }",
         "test/organization.yaml:32: council 'hd-top' already has a chair at line 30; a council has exactly one"),
        ("role: standing_member }", "role: member }", "test/organization.yaml:26: council 'hd-top' has no standing member"),
        ("{ id: p3,", "{ id: p1,", "test/organization.yaml:32: p1 (Phạm Văn Viên) is already on council 'hd-top' at line 30"),
        ("    headcount: 15\n", "    headcount: 15\n    head_count: 15\n", "test/organization.yaml:13: unknown key 'head_count'"),
        ("{ id: p2,", "{ ids: p2, id: p2,", "test/organization.yaml:31: unknown key 'ids'"),
        ("headcount: 140", "headcount: 0", "test/organization.yaml:18: headcount must be a positive number of staff"),
        ("headcount: 140", "headcount: { 2025: 140, soon: 3 }", "test/organization.yaml:18: a headcount is listed by year, such as 2026: 147"),
        ("headcount: 140", "headcount: { 2025: 0 }", "test/organization.yaml:18: headcount must be a positive number of staff"),
        ("headcount: 140", "headcount: many", "test/organization.yaml:18: expected a whole number"),
        ("    parent: top\n    headcount: 15", "    parent: dept\n    headcount: 15", "test/organization.yaml:11: parents form a cycle: dept → dept"),
        ("level: provincial", "level: province",
         "test/organization.yaml:16: 'province' is not one of supreme, supreme_department, high, provincial, military"),
        ("role: member }", "role: secretary }",
         "test/organization.yaml:32: 'secretary' is not one of chair, vice_chair, standing_member, member"),
        ("councils:\n", "blocs:\n  - { code: khoi-1, name: Khối 1, name_en: Bloc 1, head: prov, members: [prov] }\ncouncils:\n",
         "test/organization.yaml:26: unit 'prov' is already in cluster 'cum-1' at line 24"),
        ("councils:\n", """
            councils:
              - code: hd-top
                unit: prov
                name: Hội đồng Thi đua – Khen thưởng Viện kiểm sát nhân dân tỉnh Nghệ An
                members: [{ id: q1, name: Hồ Văn Nghĩa, unit: prov, role: chair }, { id: q2, name: Lý Thị Thu, unit: prov, role: standing_member }]

            """, "test/organization.yaml:30: council code 'hd-top' is already used at line 26"),
        ("- { id: p3,", "- oops\n      - { id: p3,", "test/organization.yaml:32: expected a mapping of keys to values"),
        ("units:", "colour: blue\nunits:", "test/organization.yaml:1: unknown key 'colour'"),
    ])
    func reportsEachProblemAtItsLine(original: String, replacement: String, expected: String) {
        let reported = problems([(original, replacement)])
        #expect(reported == [expected])
    }

    /// Only the first unit of a cycle of parents reports it.
    @Test func reportsACycleOfParentsOnce() {
        #expect(problems([
            ("    parent: top\n    headcount: 15", "    parent: prov\n    headcount: 15"),
            ("    parent: top\n    headcount: 140", "    parent: dept\n    headcount: 140"),
        ]) == ["test/organization.yaml:11: parents form a cycle: dept → prov → dept"])
    }

    @Test func reportsEveryProblemTogether() {
        #expect(problems([
            ("    headcount: 20\n", "    headcount: 20\n    colour: blue\n"),
            ("headcount: 140", "headcount: -3"),
            ("members: [prov]", "members: [prov, nowhere]"),
            ("Phạm Văn Viên, unit: prov,", "Phạm Văn Viên,"),
            ("role: standing_member }", "role: chair }"),
        ]) == [
            "test/organization.yaml:7: unknown key 'colour'",
            "test/organization.yaml:19: headcount must be a positive number of staff",
            "test/organization.yaml:25: unknown unit 'nowhere'",
            "test/organization.yaml:32: council 'hd-top' already has a chair at line 31; a council has exactly one",
            "test/organization.yaml:33: council member p3 (Phạm Văn Viên) belongs to no unit",
        ])
    }

    @Test func reportsInvalidYAMLWithItsLine() {
        let reported = problems([("    members: [prov]", "    members: [prov")])
        #expect(reported.count == 1)
        #expect(reported.first?.hasPrefix("test/organization.yaml:") == true && reported.first?.contains("invalid YAML") == true,
                "got \(reported)")
    }
}
