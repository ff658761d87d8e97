import Workflow

extension UnitScore: Decider {
    /// Nothing is scored until the unit scores itself.
    public static let initialState = UnitScore()

    /// The unit's officer scores; the head unit's officer of its cluster or bloc, or the standing
    /// office, reviews and corrects.
    public static let roles: Set<String> = [unitOfficer, standingOffice]
    static let unitOfficer = "unit_officer"
    static let standingOffice = "standing_office"

    public static func decide(
        _ command: UnitScoreCommand, _ score: UnitScore, _ context: UnitScoreContext
    ) throws(DomainError) -> [UnitScoreEvent] {
        let unitYear = command.unitYear
        let today = context.command.today
        switch command {
        case .selfScore(_, let lines):
            _ = try context.command.authorize(unitYear, roles: [unitOfficer], what: "a unit's self-score")
            let table = try published(context.table, for: unitYear.year)
            guard score.stage != .reviewed else {
                throw DomainError(.transitionNotAllowed, "\(unitYear)'s score is reviewed: only a reviewer corrects it now, with a reason")
            }
            try check(lines, on: table)
            return [.selfScored(UnitSelfScored(unit: unitYear.unit, year: unitYear.year, edition: context.table.edition,
                                               lines: lines, submittedOn: today))]
        case .review(_, let adjustments, let note):
            let reviewer = try authorizeReviewer(unitYear, context)
            let table = try published(context.table, for: unitYear.year)
            guard score.stage == .selfScored else {
                throw DomainError(.transitionNotAllowed, score.stage == .reviewed
                                  ? "\(unitYear)'s score is reviewed already: correct it, with a reason"
                                  : "\(unitYear) has not scored itself yet")
            }
            let changes = try changes(adjustments, to: score, on: table, reasonEach: true)
            return [.reviewed(UnitScoreReviewed(unit: unitYear.unit, year: unitYear.year, reviewerUnit: reviewer, changes: changes,
                                                note: note.flatMap { $0.isBlank ? nil : $0 }, reviewedOn: today))]
        case .correct(_, let adjustments, let reason):
            let reviewer = try authorizeReviewer(unitYear, context)
            let table = try published(context.table, for: unitYear.year)
            guard score.stage == .reviewed else {
                throw DomainError(.transitionNotAllowed, "\(unitYear)'s score is not reviewed: it is reviewed, not corrected")
            }
            guard !reason.isBlank else { throw DomainError(.invalidCommand, "a correction of a reviewed score needs a reason") }
            guard !adjustments.isEmpty else { throw DomainError(.invalidCommand, "the correction changes nothing") }
            let changes = try changes(adjustments, to: score, on: table, reasonEach: false)
            return [.corrected(UnitScoreCorrected(unit: unitYear.unit, year: unitYear.year, reviewerUnit: reviewer, changes: changes,
                                                  reason: reason, correctedOn: today))]
        }
    }

    private static func published(_ table: YearScoringTable, for year: Int) throws(DomainError) -> ScoringTable {
        guard let published = table.table else {
            throw DomainError(.scoringTableMissing, "no scoring table is published for \(year): the standing office publishes it first")
        }
        return published
    }

    /// The reviewer's unit, once allowed: the standing office covering the unit, or the officer
    /// of the year's head unit of the unit's cluster or bloc, the one recorded for the year or
    /// else the organisation file's (never for the head unit's own score, which the standing
    /// office reviews).
    private static func authorizeReviewer(_ unitYear: UnitYear, _ scoreContext: UnitScoreContext) throws(DomainError) -> String {
        let context = scoreContext.command
        let actor = context.actor
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only unit_officer or standing_office review scores") }
        let organization = context.configuration.organization
        guard organization.unit(code: unitYear.unit) != nil else {
            throw DomainError(.invalidCommand, "\(unitYear.unit) is not a unit of the organisation")
        }
        if acting.contains(standingOffice),
           (try? organization.requireCoverage(of: unitYear.unit, by: actor, acting: [standingOffice])) != nil {
            return actor.unit
        }
        let group = organization.emulationGroup(of: unitYear.unit)
        let head = group.map { scoreContext.recordedHead ?? $0.head }
        if acting.contains(unitOfficer), let head, head == actor.unit, head != unitYear.unit {
            return actor.unit
        }
        var reviewers = ""
        if let group, let head, head != unitYear.unit {
            reviewers = "the officer of \(head), head of \(group.code) in \(unitYear.year), or "
        }
        throw DomainError(.unitNotAllowed, "\(unitYear.unit)'s score is reviewed by \(reviewers)the standing office covering it")
    }

    /// Every criterion scored once, every item one of the table's, points from zero to the
    /// item's maximum, and evidence wherever the item asks for it and points are given; every
    /// problem reported together.
    private static func check(_ lines: [ScoreLine], on table: ScoringTable) throws(DomainError) {
        var problems: [String] = []
        var seen = Set<String>()
        for line in lines {
            guard let (item, _, _) = table.item(line.item) else {
                problems.append("\(line.item): not an item of the table")
                continue
            }
            if !seen.insert(line.item).inserted { problems.append("\(line.item): scored twice") }
            problems += pointProblems(line.item, line.points, item: item)
            if line.evidence.contains(where: { !$0.isWellFormed }) {
                problems.append("\(line.item): each evidence is a document's SHA-256 or a text, not both")
            }
            if let required = item.evidence, line.points > .zero, line.evidence.isEmpty {
                problems.append("\(line.item): points on it need evidence (\(required))")
            }
        }
        for criterion in table.criteria where !seen.contains(criterion.code) {
            problems.append("\(criterion.code): not scored (every criterion is, zero included)")
        }
        guard problems.isEmpty else { throw DomainError(.invalidCommand, "the score has problems: " + problems.joined(separator: "; ")) }
    }

    private static func pointProblems(_ code: String, _ points: Points, item: ScoringItem) -> [String] {
        guard points >= .zero, points <= item.maxPoints else { return ["\(code): \(points) is not from 0 to \(item.maxPoints)"] }
        return []
    }

    /// The changes the adjustments make: items of the table, each once, within its range,
    /// each changing its points, with a reason each where `reasonEach`.
    private static func changes(
        _ adjustments: [ScoreAdjustment], to score: UnitScore, on table: ScoringTable, reasonEach: Bool
    ) throws(DomainError) -> [ScoreChange] {
        var problems: [String] = []
        var seen = Set<String>()
        var changes: [ScoreChange] = []
        for adjustment in adjustments {
            guard let (item, _, _) = table.item(adjustment.item) else {
                problems.append("\(adjustment.item): not an item of the table")
                continue
            }
            if !seen.insert(adjustment.item).inserted { problems.append("\(adjustment.item): adjusted twice") }
            problems += pointProblems(adjustment.item, adjustment.points, item: item)
            let reason = adjustment.reason.flatMap { $0.isBlank ? nil : $0 }
            if reasonEach, reason == nil { problems.append("\(adjustment.item): an adjustment needs a reason") }
            if adjustment.evidence.contains(where: { !$0.isWellFormed }) {
                problems.append("\(adjustment.item): each evidence is a document's SHA-256 or a text, not both")
            }
            let from = score.points(adjustment.item)
            if from == adjustment.points, adjustment.evidence.isEmpty {
                problems.append("\(adjustment.item): has \(from) already")
            }
            changes.append(ScoreChange(item: adjustment.item, from: from, to: adjustment.points, reason: reason,
                                       evidence: adjustment.evidence))
        }
        guard problems.isEmpty else { throw DomainError(.invalidCommand, "the adjustments have problems: " + problems.joined(separator: "; ")) }
        return changes
    }

    public static func evolve(_ score: UnitScore, _ event: UnitScoreEvent) -> UnitScore {
        var score = score
        switch event {
        case .selfScored(let scored):
            score.stage = .selfScored
            score.lines = Dictionary(scored.lines.map { ($0.item, $0) }, uniquingKeysWith: { _, last in last })
            score.edition = scored.edition
            score.submittedOn = scored.submittedOn
        case .reviewed(let reviewed):
            score.stage = .reviewed
            score.apply(reviewed.changes)
        case .corrected(let corrected):
            score.apply(corrected.changes)
        }
        return score
    }

    private mutating func apply(_ changes: [ScoreChange]) {
        for change in changes {
            lines[change.item] = ScoreLine(item: change.item, points: change.to, evidence: (lines[change.item]?.evidence ?? []) + change.evidence)
        }
    }
}
