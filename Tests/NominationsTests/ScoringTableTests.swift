import Nominations
import Testing
import Workflow

/// The sector's scoring table for a year: every problem of a table reported at once, published
/// by the sector's standing office, and published again after units scored only with a reason.
@Suite struct ScoringTableTests {
    func publish(_ table: ScoringTable = Scoring.table, year: Int = 2026, reason: String? = nil, by actor: Actor = People.office,
                 into state: YearScoringTable = YearScoringTable()) throws(DomainError) -> YearScoringTable {
        let context = CommandContext(actor: actor, today: day("2026-02-10"), configuration: try! shippedConfiguration())
        return try YearScoringTable.decide(.publish(PublishScoringTable(year: year, table: table, reason: reason)), state, context)
            .reduce(state, YearScoringTable.evolve)
    }

    @Test func theSampleTableHasNoProblem() {
        #expect(Scoring.table.problems() == [])
        #expect(Scoring.table.highestTotal == Points(103))
        #expect(Scoring.table.band(of: Points(95))?.code == "xuat_sac")
        #expect(Scoring.table.band(of: Points(hundredths: 9_499))?.code == "tot")
        #expect(Scoring.table.band(of: Points(-1)) == nil)
    }

    @Test func everyProblemIsReportedTogether() {
        let item = ScoringItem(code: "A1", name: "Chỉ tiêu", maxPoints: Points(10))
        let table = ScoringTable(
            groups: [CriteriaGroup(code: "A", name: "Nghiệp vụ", criteria: [item, ScoringItem(code: "A1", name: "Lặp", maxPoints: .zero)]),
                     CriteriaGroup(code: "B", name: "Trống", criteria: [])],
            bonuses: [ScoringItem(code: "A", name: "Trùng mã nhóm", maxPoints: Points(-2))], penalties: [],
            bands: [ClassificationBand(code: "tot", name: "Tốt", minimum: Points(8)),
                    ClassificationBand(code: "kha", name: "Khá", minimum: Points(5), below: Points(9)),
                    ClassificationBand(code: "tb", name: "Trung bình", minimum: Points(0), below: Points(4))],
            tieBreak: [.groupTotal("C"), .fewerPenaltyPoints, .fewerPenaltyPoints], source: "Quyết định 1/QĐ-VKSTC")
        let problems = table.problems()
        #expect(problems.contains("groups[0].criteria[1].code: 'A1' is already the code of groups[0].criteria[0]"))
        #expect(problems.contains("groups[0].criteria[1].max_points: must be positive, not 0"))
        #expect(problems.contains("groups[1].criteria: the group has no criterion"))
        #expect(problems.contains("bonuses[0].code: 'A' is already the code of groups[0]"))
        #expect(problems.contains("bonuses[0].max_points: must be positive, not -2"))
        #expect(problems.contains("bands[1] and bands[0] overlap: 'kha' runs to below 9 and 'tot' starts at 8"))
        #expect(problems.contains("bands[2] and bands[1] leave a gap: a total from 4 to below 5 falls in no band"))
        #expect(problems.contains("tie_break[0]: 'group_total:C' names no group of the table"))
        #expect(problems.contains("tie_break[2]: 'fewer_penalty_points' is stated twice"))
        #expect(problems.count == 9)
    }

    @Test func anInvalidTableIsRefusedWithItsProblems() {
        let bad = ScoringTable(groups: Scoring.table.groups, bonuses: [], penalties: [], bands: [], tieBreak: [], source: " ")
        let refused = #expect(throws: DomainError.self) { try publish(bad) }
        #expect(refused?.code == .invalidScoringTable)
        #expect(refused?.message.contains("2 problems") == true)
        #expect(refused?.message.contains("bands: the table has no classification band") == true)
    }

    @Test func onlyTheSectorsStandingOfficePublishes() {
        #expect((#expect(throws: DomainError.self) { try publish(by: People.officer) })?.code == .roleNotAllowed)
        let provincialOffice = Actor(id: "office-2", roles: ["standing_office"], unit: People.unit)
        #expect((#expect(throws: DomainError.self) { try publish(by: provincialOffice) })?.code == .unitNotAllowed)
    }

    @Test func republishingAfterAUnitScoredNeedsAReason() throws {
        let first = try publish()
        #expect(first.edition == 1)
        // Before any unit scored, a new edition needs no reason.
        let second = try publish(Scoring.table(source: "Quyết định 2/QĐ-VKSTC"), into: first)
        #expect(second.edition == 2)
        let context = CommandContext(actor: People.office, today: day("2026-02-10"), configuration: try shippedConfiguration())
        let scored = try YearScoringTable.decide(.noteScored(unit: People.unit), second, context).reduce(second, YearScoringTable.evolve)
        #expect(try YearScoringTable.decide(.noteScored(unit: People.unit), scored, context).isEmpty)
        let refused = #expect(throws: DomainError.self) { try publish(Scoring.table(source: "Quyết định 3/QĐ-VKSTC"), into: scored) }
        #expect(refused?.code == .invalidCommand)
        #expect(refused?.message.contains("needs a reason") == true)
        let third = try publish(Scoring.table(source: "Quyết định 3/QĐ-VKSTC"), reason: "Sửa tiêu chí A2 theo Công văn 15", into: scored)
        #expect(third.edition == 3)
        #expect(third.scoredUnits == [People.unit])
    }
}

/// A sample table: two groups of criteria worth 100 points, a bonus and a penalty, five bands
/// and the tie-break "group A's total, then fewer penalty points, then the earlier submission".
enum Scoring {
    static let table = table(source: "Quyết định 1/QĐ-VKSTC ngày 05/02/2026")

    static func table(source: String) -> ScoringTable {
        ScoringTable(
            groups: [
                CriteriaGroup(code: "A", name: "Thực hiện công tác chuyên môn, nghiệp vụ", criteria: [
                    ScoringItem(code: "A1", name: "Chỉ tiêu nghiệp vụ theo Nghị quyết của Quốc hội", maxPoints: Points(40),
                                evidence: "Báo cáo thống kê nghiệp vụ"),
                    ScoringItem(code: "A2", name: "Chất lượng kháng nghị, kiến nghị", maxPoints: Points(20)),
                ]),
                CriteriaGroup(code: "B", name: "Xây dựng ngành, xây dựng đơn vị", criteria: [
                    ScoringItem(code: "B1", name: "Công tác tổ chức cán bộ", maxPoints: Points(15)),
                    ScoringItem(code: "B2", name: "Công tác thi đua, khen thưởng", maxPoints: Points(10)),
                    ScoringItem(code: "B3", name: "Chế độ thông tin, báo cáo", maxPoints: Points(15)),
                ]),
            ],
            bonuses: [ScoringItem(code: "TH1", name: "Sáng kiến được công nhận cấp ngành", maxPoints: Points(3),
                                  evidence: "Quyết định công nhận sáng kiến")],
            penalties: [ScoringItem(code: "TR1", name: "Cán bộ bị xử lý kỷ luật", maxPoints: Points(5), evidence: "Quyết định kỷ luật")],
            bands: [
                ClassificationBand(code: "xuat_sac", name: "Xuất sắc", minimum: Points(95)),
                ClassificationBand(code: "tot", name: "Tốt", minimum: Points(80), below: Points(95)),
                ClassificationBand(code: "kha", name: "Khá", minimum: Points(65), below: Points(80)),
                ClassificationBand(code: "trung_binh", name: "Trung bình", minimum: Points(50), below: Points(65)),
                ClassificationBand(code: "chua_dat", name: "Chưa đạt", minimum: .zero, below: Points(50)),
            ],
            tieBreak: [.groupTotal("A"), .fewerPenaltyPoints, .earlierSubmission], source: source)
    }

    static let published = YearScoringTable(year: 2026, table: table, edition: 1, publishedOn: day("2026-02-05"))

    /// Lines giving `a1`…`b3` on the criteria (evidence on A1), and the bonus and penalty when given.
    static func lines(a1: Double = 36, a2: Double = 18, b1: Double = 14, b2: Double = 9, b3: Double = 14,
                      bonus: Double? = nil, penalty: Double? = nil) -> [ScoreLine] {
        var lines = [
            ScoreLine(item: "A1", points: Points(exactly: a1)!, evidence: [.text("Báo cáo số 12/BC-VKS ngày 05/12/2026")]),
            ScoreLine(item: "A2", points: Points(exactly: a2)!), ScoreLine(item: "B1", points: Points(exactly: b1)!),
            ScoreLine(item: "B2", points: Points(exactly: b2)!), ScoreLine(item: "B3", points: Points(exactly: b3)!),
        ]
        if let bonus { lines.append(ScoreLine(item: "TH1", points: Points(exactly: bonus)!, evidence: [.document(String(repeating: "ab", count: 32))])) }
        if let penalty { lines.append(ScoreLine(item: "TR1", points: Points(exactly: penalty)!, evidence: [.text("Quyết định 3/QĐ-VKS")])) }
        return lines
    }
}
