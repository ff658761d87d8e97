import Workflow

/// The ranking of units on a year's scoring table (xếp hạng thi đua), within a cluster or bloc or
/// sector-wide: a pure function of the units' final scores and the table.
///
/// Only reviewed scores are final and ranked; the others are listed apart with their stage.
/// Units rank by total, highest first; units with the same total are ordered by the table's
/// tie-break rules in turn, and those equal on every rule share a rank (1, 1, 3).
public struct Ranking: Sendable, Equatable {
    public let entries: [RankedUnit]
    /// Units not ranked because their score is not final, in the order given.
    public let pending: [PendingUnit]

    /// Ranks `units` on `table` from their `scores` (a unit missing there has not scored).
    public init(units: [String], scores: [String: UnitScore], table: ScoringTable) {
        var candidates: [(unit: String, score: UnitScore, totals: ScoreTotals)] = []
        var pending: [PendingUnit] = []
        for unit in units {
            let score = scores[unit] ?? UnitScore()
            if score.stage == .reviewed {
                candidates.append((unit, score, ScoreTotals(score, on: table)))
            } else {
                pending.append(PendingUnit(unit: unit, stage: score.stage))
            }
        }
        func order(_ a: (unit: String, score: UnitScore, totals: ScoreTotals),
                   _ b: (unit: String, score: UnitScore, totals: ScoreTotals)) -> (ComparisonResult, TieBreakRule?) {
            if a.totals.total != b.totals.total { return (a.totals.total > b.totals.total ? .before : .after, nil) }
            for rule in table.tieBreak {
                let result = Self.compare(rule, a.score, a.totals, b.score, b.totals)
                if result != .same { return (result, rule) }
            }
            return (.same, nil)
        }
        // Units equal on everything keep the order of their codes: a shared rank lists them alike.
        let sorted = candidates.sorted { a, b in
            let (result, _) = order(a, b)
            return result == .same ? a.unit < b.unit : result == .before
        }
        var entries: [RankedUnit] = []
        for (index, candidate) in sorted.enumerated() {
            var rank = index + 1
            var decidedBy: TieBreakRule?
            if index > 0 {
                let (result, rule) = order(sorted[index - 1], candidate)
                if result == .same { rank = entries[index - 1].rank }
                decidedBy = rule
            }
            entries.append(RankedUnit(unit: candidate.unit, rank: rank, totals: candidate.totals, band: table.band(of: candidate.totals.total),
                                      decidedBy: decidedBy, submittedOn: candidate.score.submittedOn))
        }
        // A rank is shared when a neighbour has it too.
        self.entries = entries.map { entry in
            var entry = entry
            entry.sharedRank = entries.filter { $0.rank == entry.rank }.count > 1
            return entry
        }
        self.pending = pending
    }

    enum ComparisonResult { case before, same, after }

    /// How `rule` orders two units with the same total.
    private static func compare(_ rule: TieBreakRule, _ a: UnitScore, _ aTotals: ScoreTotals,
                                _ b: UnitScore, _ bTotals: ScoreTotals) -> ComparisonResult {
        func higherFirst(_ x: Points, _ y: Points) -> ComparisonResult { x == y ? .same : x > y ? .before : .after }
        switch rule {
        case .groupTotal(let group): return higherFirst(aTotals.groups[group] ?? .zero, bTotals.groups[group] ?? .zero)
        case .fewerPenaltyPoints: return higherFirst(bTotals.penalty, aTotals.penalty)
        case .moreBonusPoints: return higherFirst(aTotals.bonus, bTotals.bonus)
        case .earlierSubmission:
            guard let x = a.submittedOn, let y = b.submittedOn, x != y else { return .same }
            return x < y ? .before : .after
        }
    }
}

/// A unit's place in a ranking.
public struct RankedUnit: Sendable, Equatable {
    public let unit: String
    /// 1 for the first; units equal on the total and every tie-break rule have the same rank.
    public let rank: Int
    public let totals: ScoreTotals
    /// The band the total falls in; nil below every band.
    public let band: ClassificationBand?
    /// The tie-break rule that set the unit after the one above it, both having the same total;
    /// nil when the totals differ, or nothing did (a shared rank).
    public let decidedBy: TieBreakRule?
    public let submittedOn: LocalDate?
    /// Whether another unit has the same rank.
    public internal(set) var sharedRank = false
}

/// A unit left out of a ranking, with how far its score has come.
public struct PendingUnit: Sendable, Equatable {
    public let unit: String
    public let stage: UnitScore.Stage

    public init(unit: String, stage: UnitScore.Stage) {
        self.unit = unit
        self.stage = stage
    }
}
