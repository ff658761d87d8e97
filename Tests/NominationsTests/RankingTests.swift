import Nominations
import Testing
import Workflow

/// Units rank by their final totals, highest first, each total in the table's band; units with the
/// same total are ordered by the table's tie-break rules in turn, and share a rank when equal on all.
@Suite struct RankingTests {
    static let configuration = try! shippedConfiguration()

    /// A score of `lines` submitted on `submitted` by the unit's officer and, unless `reviewed`
    /// is false, reviewed as scored by the standing office.
    static func reviewed(_ lines: [ScoreLine], submitted: String = "2026-12-10", reviewed: Bool = true) -> UnitScore {
        let unitYear = UnitYear(unit: People.unit, year: 2026)
        var steps: [(UnitScoreCommand, Actor, String)] = [(.selfScore(unitYear: unitYear, lines: lines), People.officer, submitted)]
        if reviewed { steps.append((.review(unitYear: unitYear, adjustments: [], note: nil), People.office, "2026-12-20")) }
        var score = UnitScore()
        for (command, actor, date) in steps {
            let context = UnitScoreContext(command: CommandContext(actor: actor, today: day(date), configuration: configuration),
                                           table: Scoring.published)
            score = try! UnitScore.decide(command, score, context).reduce(score, UnitScore.evolve)
        }
        return score
    }

    @Test func aTieIsBrokenByTheStatedRule() {
        // Hà Nội and Hải Phòng both total 91; Hà Nội has more on group A, the table's first rule.
        let scores = [
            "vksnd-hanoi": Self.reviewed(Scoring.lines(a1: 38, a2: 18, b1: 12, b2: 9, b3: 14)),
            "vksnd-haiphong": Self.reviewed(Scoring.lines(a1: 36, a2: 18, b1: 14, b2: 9, b3: 14)),
            "vksnd-quangninh": Self.reviewed(Scoring.lines(a1: 40, a2: 20, b1: 15, b2: 10, b3: 15)),
        ]
        let ranking = Ranking(units: ["vksnd-hanoi", "vksnd-haiphong", "vksnd-quangninh"], scores: scores, table: Scoring.table)
        #expect(ranking.entries.map(\.unit) == ["vksnd-quangninh", "vksnd-hanoi", "vksnd-haiphong"])
        #expect(ranking.entries.map(\.rank) == [1, 2, 3])
        #expect(ranking.entries.map(\.totals.total) == [Points(100), Points(91), Points(91)])
        #expect(ranking.entries[2].decidedBy == .groupTotal("A"))
        #expect(ranking.entries[1].decidedBy == nil)
        #expect(ranking.entries.map { $0.band?.code } == ["xuat_sac", "tot", "tot"])
    }

    @Test func laterRulesDecideWhenTheFirstAreEqual() {
        // Equal totals and group A: fewer penalty points first; then equal there too, the earlier submission.
        let scores = [
            "vksnd-hanoi": Self.reviewed(Scoring.lines(b1: 15, penalty: 1)),
            "vksnd-haiphong": Self.reviewed(Scoring.lines()),
            "vksnd-quangninh": Self.reviewed(Scoring.lines(), submitted: "2026-12-09"),
        ]
        let ranking = Ranking(units: ["vksnd-hanoi", "vksnd-haiphong", "vksnd-quangninh"], scores: scores, table: Scoring.table)
        #expect(ranking.entries.map(\.unit) == ["vksnd-quangninh", "vksnd-haiphong", "vksnd-hanoi"])
        #expect(ranking.entries.map(\.rank) == [1, 2, 3])
        #expect(ranking.entries.map(\.decidedBy) == [nil, .earlierSubmission, .fewerPenaltyPoints])
    }

    @Test func unitsEqualOnEveryRuleShareARank() {
        let scores = [
            "vksnd-hanoi": Self.reviewed(Scoring.lines(a1: 30)),
            "vksnd-haiphong": Self.reviewed(Scoring.lines(a1: 30)),
            "vksnd-quangninh": Self.reviewed(Scoring.lines(a1: 20)),
        ]
        let ranking = Ranking(units: ["vksnd-quangninh", "vksnd-hanoi", "vksnd-haiphong"], scores: scores, table: Scoring.table)
        #expect(ranking.entries.map(\.unit) == ["vksnd-haiphong", "vksnd-hanoi", "vksnd-quangninh"])
        #expect(ranking.entries.map(\.rank) == [1, 1, 3])
        #expect(ranking.entries.map(\.sharedRank) == [true, true, false])
        #expect(ranking.entries.map { $0.band?.code } == ["tot", "tot", "kha"])
    }

    @Test func onlyReviewedScoresAreRanked() {
        let selfScored = Self.reviewed(Scoring.lines(), reviewed: false)
        let ranking = Ranking(units: ["vksnd-hanoi", "vksnd-haiphong", "vksnd-laocai"],
                              scores: ["vksnd-hanoi": Self.reviewed(Scoring.lines(a1: 0, a2: 0, b1: 0, b2: 0, b3: 0, penalty: 2)),
                                       "vksnd-haiphong": selfScored],
                              table: Scoring.table)
        #expect(ranking.entries.map(\.unit) == ["vksnd-hanoi"])
        // A total below every band (penalties take it under zero) is unclassified.
        #expect(ranking.entries[0].totals.total == Points(-2))
        #expect(ranking.entries[0].band == nil)
        #expect(ranking.pending == [PendingUnit(unit: "vksnd-haiphong", stage: .selfScored), PendingUnit(unit: "vksnd-laocai", stage: .notScored)])
    }

    @Test func pointsAddUpExactly() {
        let score = UnitScore(stage: .reviewed, lines: ["A2": ScoreLine(item: "A2", points: Points(exactly: 0.1)!),
                                                        "B1": ScoreLine(item: "B1", points: Points(exactly: 0.2)!)])
        #expect(ScoreTotals(score, on: Scoring.table).total == Points(exactly: 0.3)!)
        #expect(Points(exactly: 8.125) == nil)
        #expect(Points(exactly: 2.25)?.description == "2.25")
        #expect(Points(exactly: 2.5)?.description == "2.5")
    }
}
