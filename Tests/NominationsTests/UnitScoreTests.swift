import Nominations
import Testing
import Workflow

/// A unit scores itself on the year's table, its cluster's head unit (or the standing office)
/// reviews the score and may adjust items with a reason, and a reviewed score is corrected only
/// with a reason, every change kept in the stream.
@Suite struct UnitScoreTests {
    static let hanoi = UnitYear(unit: People.unit, year: 2026)
    /// The officer of Hải Phòng, head of cluster 1, which Hà Nội is in.
    static let clusterHead = Actor(id: "officer-hp", roles: ["unit_officer"], unit: "vksnd-haiphong")

    struct Scored {
        var score = UnitScore()
        var events: [UnitScoreEvent] = []

        mutating func run(_ command: UnitScoreCommand, by actor: Actor, on date: String = "2026-12-10",
                          table: YearScoringTable = Scoring.published) throws(DomainError) {
            let context = UnitScoreContext(command: CommandContext(actor: actor, today: day(date), configuration: try! shippedConfiguration()),
                                           table: table)
            for event in try UnitScore.decide(command, score, context) {
                score = UnitScore.evolve(score, event)
                events.append(event)
            }
        }
    }

    @Test func theUnitScoresItselfOnEveryCriterion() throws {
        var scored = Scored()
        try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines(bonus: 2)), by: People.officer)
        #expect(scored.score.stage == .selfScored)
        #expect(scored.score.edition == 1)
        #expect(scored.score.submittedOn == day("2026-12-10"))
        #expect(ScoreTotals(scored.score, on: Scoring.table).total == Points(93))
        // Until the review it scores again, the new sheet replacing the old.
        try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines(a2: 19)), by: People.officer, on: "2026-12-11")
        #expect(ScoreTotals(scored.score, on: Scoring.table).total == Points(92))
        #expect(scored.score.submittedOn == day("2026-12-11"))
    }

    @Test func everyProblemOfASelfScoreIsReported() {
        var lines = Scoring.lines(a1: 41).filter { $0.item != "B3" }
        lines.append(ScoreLine(item: "TH1", points: Points(2)))
        lines.append(ScoreLine(item: "X9", points: Points(1)))
        lines.append(ScoreLine(item: "A2", points: Points(1)))
        var scored = Scored()
        let refused = #expect(throws: DomainError.self) { try scored.run(.selfScore(unitYear: Self.hanoi, lines: lines), by: People.officer) }
        #expect(refused?.code == .invalidCommand)
        for problem in ["A1: 41 is not from 0 to 40", "TH1: points on it need evidence (Quyết định công nhận sáng kiến)",
                        "X9: not an item of the table", "A2: scored twice", "B3: not scored"] {
            #expect(refused?.message.contains(problem) == true, "\(problem)")
        }
    }

    @Test func noTableNoScore() {
        var scored = Scored()
        let refused = #expect(throws: DomainError.self) {
            try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines()), by: People.officer, table: YearScoringTable())
        }
        #expect(refused?.code == .scoringTableMissing)
    }

    @Test func onlyTheUnitsOwnOfficerScoresIt() {
        var scored = Scored()
        let refused = #expect(throws: DomainError.self) {
            try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines()), by: People.otherOfficer)
        }
        #expect(refused?.code == .unitNotAllowed)
    }

    @Test func theClusterHeadReviewsWithAReasonForEachAdjustment() throws {
        var scored = Scored()
        try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines()), by: People.officer)
        let withoutReason = #expect(throws: DomainError.self) {
            try scored.run(.review(unitYear: Self.hanoi, adjustments: [ScoreAdjustment(item: "A2", points: Points(15))], note: nil),
                           by: Self.clusterHead)
        }
        #expect(withoutReason?.message.contains("A2: an adjustment needs a reason") == true)
        // Neither the unit itself nor an officer of another cluster reviews it.
        for actor in [People.officer, People.otherOfficer] {
            let refused = #expect(throws: DomainError.self) {
                try scored.run(.review(unitYear: Self.hanoi, adjustments: [], note: nil), by: actor)
            }
            #expect(refused?.code == .unitNotAllowed)
            #expect(refused?.message.contains("vksnd-haiphong, head of cum-1") == true)
        }
        try scored.run(.review(unitYear: Self.hanoi, adjustments: [
            ScoreAdjustment(item: "A2", points: Points(15), reason: "Hai kiến nghị không được chấp nhận"),
        ], note: "Đã đối chiếu báo cáo"), by: Self.clusterHead)
        #expect(scored.score.stage == .reviewed)
        #expect(scored.score.points("A2") == Points(15))
        guard case .reviewed(let reviewed) = scored.events.last else { Issue.record("no review"); return }
        #expect(reviewed.reviewerUnit == "vksnd-haiphong")
        #expect(reviewed.changes == [ScoreChange(item: "A2", from: Points(18), to: Points(15), reason: "Hai kiến nghị không được chấp nhận",
                                                 evidence: [])])
        // Reviewed, the unit no longer scores itself.
        let again = #expect(throws: DomainError.self) {
            try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines()), by: People.officer)
        }
        #expect(again?.code == .transitionNotAllowed)
    }

    @Test func theHeadUnitsOwnScoreIsReviewedByTheStandingOffice() throws {
        let haiphong = UnitYear(unit: "vksnd-haiphong", year: 2026)
        var scored = Scored()
        try scored.run(.selfScore(unitYear: haiphong, lines: Scoring.lines()), by: Self.clusterHead)
        let own = #expect(throws: DomainError.self) {
            try scored.run(.review(unitYear: haiphong, adjustments: [], note: nil), by: Self.clusterHead)
        }
        #expect(own?.code == .unitNotAllowed)
        try scored.run(.review(unitYear: haiphong, adjustments: [], note: nil), by: People.office)
        #expect(scored.score.stage == .reviewed)
    }

    @Test func aCorrectedScoreKeepsItsHistory() throws {
        var scored = Scored()
        try scored.run(.selfScore(unitYear: Self.hanoi, lines: Scoring.lines(penalty: 1)), by: People.officer, on: "2026-12-08")
        try scored.run(.review(unitYear: Self.hanoi, adjustments: [
            ScoreAdjustment(item: "B2", points: Points(8), reason: "Chậm gửi hồ sơ khen thưởng"),
        ], note: nil), by: Self.clusterHead, on: "2026-12-15")
        let withoutReason = #expect(throws: DomainError.self) {
            try scored.run(.correct(unitYear: Self.hanoi, adjustments: [ScoreAdjustment(item: "TR1", points: .zero)], reason: " "),
                           by: People.office)
        }
        #expect(withoutReason?.message.contains("needs a reason") == true)
        try scored.run(.correct(unitYear: Self.hanoi, adjustments: [
            ScoreAdjustment(item: "TR1", points: .zero, evidence: [.text("Quyết định 9/QĐ-VKS hủy quyết định kỷ luật")]),
        ], reason: "Quyết định kỷ luật đã bị hủy"), by: People.office, on: "2027-01-05")
        #expect(scored.score.points("TR1") == .zero)
        #expect(scored.score.lines["TR1"]?.evidence.count == 2)
        #expect(ScoreTotals(scored.score, on: Scoring.table).total == Points(90))
        // The stream says who changed what, when and why: the sheet, the review's change, the correction's.
        #expect(scored.events.map(\.type) == ["unit_score.self_scored", "unit_score.reviewed", "unit_score.corrected"])
        guard case .corrected(let corrected) = scored.events.last else { Issue.record("no correction"); return }
        #expect(corrected.reason == "Quyết định kỷ luật đã bị hủy")
        #expect(corrected.reviewerUnit == People.sector)
        #expect(corrected.correctedOn == day("2027-01-05"))
        #expect(corrected.changes.map { "\($0.item) \($0.from)→\($0.to)" } == ["TR1 1→0"])
        // A correction that changes nothing is refused.
        let unchanged = #expect(throws: DomainError.self) {
            try scored.run(.correct(unitYear: Self.hanoi, adjustments: [ScoreAdjustment(item: "B2", points: Points(8))], reason: "Lại"),
                           by: People.office)
        }
        #expect(unchanged?.message.contains("B2: has 8 already") == true)
    }
}
