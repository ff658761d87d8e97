import Workflow

/// Who qualifies in a year for the commemorative medal "Vì sự nghiệp Kiểm sát": pure, from the
/// imported service records and the medals already held, against the title's ``ServiceRule``.
/// The year is an argument; the day service is counted to is the rule's cut-off in that year.
public enum CommemorativeMedal {
    /// The medal's id in the rule sets.
    public static let title = "commemorative_medal"

    /// The rule set that assesses `year`: the one in force on its cut-off day, when it has the
    /// medal's service rule (each rule set names its own cut-off); nil when none does.
    public static func ruleSet(for year: Int, in rules: RuleBook) -> RuleSet? {
        rules.ruleSets.reversed().first { ruleSet in
            guard let cutoff = ruleSet.title(title)?.service?.cutoff(in: year) else { return false }
            return rules.ruleSet(inForceOn: cutoff)?.version == ruleSet.version
        }
    }

    /// Each record assessed for `year` under `ruleSet`, in the records' order: qualifying, or not
    /// with the reason, each with its explanation.
    ///
    /// - Parameters:
    ///   - awarded: for each person holding the medal (imported, or decided in Laurel and not
    ///     revoked), the year it was for.
    /// - Throws: `configuration_missing` when the rule set has no service rule for the medal.
    public static func assess(
        _ records: [ServiceRecord], awarded: [String: Int], year: Int, ruleSet: RuleSet
    ) throws(DomainError) -> [MedalAssessment] {
        guard let title = ruleSet.title(title), let rule = title.service, let cutoff = rule.cutoff(in: year) else {
            throw DomainError(.configurationMissing, "rule set \(ruleSet.version) has no service rule for the \(title)")
        }
        return records.map { assess($0, awardedIn: awarded[$0.personID], cutoff: cutoff, rule: rule, ruleSet: ruleSet) }
    }

    /// The assessments of `assess` that qualify: the year's candidates.
    public static func candidates(
        _ records: [ServiceRecord], awarded: [String: Int], year: Int, ruleSet: RuleSet
    ) throws(DomainError) -> [MedalAssessment] {
        try assess(records, awarded: awarded, year: year, ruleSet: ruleSet).filter(\.qualifies)
    }

    private static func assess(
        _ record: ServiceRecord, awardedIn awardYear: Int?, cutoff: LocalDate, rule: ServiceRule, ruleSet: RuleSet
    ) -> MedalAssessment {
        // Service is counted over [start, until): until the day after the last day served, or the
        // cut-off, whichever is earlier; reaching the years on the cut-off itself qualifies.
        let until = min(record.sectorEnd.map { $0.adding(days: 1) } ?? cutoff, cutoff)
        let disciplineDays = rule.disciplineTimeCounts ? 0 : record.discipline.map { days(of: $0, within: record.sectorStart, until) } ?? 0
        let reached = anniversary(of: record.sectorStart, years: rule.years).adding(days: disciplineDays)
        let underDiscipline = record.discipline?.isServed(on: cutoff) == true && record.sectorEnd.map { $0 >= cutoff } ?? true
        let reason: MedalAssessment.Reason?
        if rule.oncePerPerson, awardYear != nil {
            reason = .alreadyAwarded
        } else if underDiscipline {
            reason = .underDiscipline
        } else if reached > until {
            reason = .serviceTooShort
        } else {
            reason = nil
        }
        let inputs: [Explanation.Input] = [
            .init("sector_start", "\(record.sectorStart)"),
            .init("sector_end", record.sectorEnd.map { "\($0)" } ?? "serving"),
            .init("cutoff", "\(cutoff)"),
            .init("required_years", "\(rule.years)"),
            .init("discipline_days_not_counted", "\(disciplineDays)"),
            .init("years_reached_on", "\(reached)"),
            .init("already_awarded", awardYear.map(String.init) ?? "no"),
        ]
        let counted = disciplineDays > 0 ? " (\(disciplineDays) day(s) under discipline not counted)" : ""
        let service = "in the sector from \(record.sectorStart)\(record.sectorEnd.map { " to \($0)" } ?? ""); \(rule.years) years reached on \(reached)\(counted)"
        let verdict = switch reason {
        case nil: "qualifies"
        case .serviceTooShort: until < cutoff ? "does not qualify: the service ended before the years were reached"
                                              : "does not qualify: the years are reached only after the cut-off"
        case .underDiscipline: "does not qualify: a disciplinary measure is still served on \(cutoff)"
        case .alreadyAwarded: "does not qualify: the medal is given once and was awarded for \(awardYear ?? 0)"
        }
        let explanation = Explanation(
            ruleSetVersion: ruleSet.version, rule: "titles.\(title).service", source: rule.source, inputs: inputs, satisfied: reason == nil,
            text: "\(service); the rule requires \(rule.years) years by the cut-off \(cutoff); \(verdict)")
        return MedalAssessment(record: record, qualifiesOn: reached,
                               yearsCounted: wholeYears(from: record.sectorStart, to: until.adding(days: -disciplineDays)),
                               reason: reason, explanation: explanation)
    }

    /// The whole years from `start` to `end`: a year is complete on its anniversary.
    static func wholeYears(from start: LocalDate, to end: LocalDate) -> Int {
        max(0, end.year - start.year - ((end.month, end.day) < (start.month, start.day) ? 1 : 0))
    }

    /// `date` plus `years` years: the same day and month, and for 29 February in a common year
    /// 1 March, as that year has no 29 February and the years are complete only after 28 February.
    static func anniversary(of date: LocalDate, years: Int) -> LocalDate {
        LocalDate(year: date.year + years, month: date.month, day: date.day)
            ?? LocalDate(year: date.year + years, month: 3, day: 1)!
    }

    /// The days of `period` within [start, until).
    static func days(of period: DisciplinePeriod, within start: LocalDate, _ until: LocalDate) -> Int {
        let from = max(period.from, start)
        let to = min(period.to.map { $0.adding(days: 1) } ?? until, until)
        return max(0, to.days(since: from))
    }
}
