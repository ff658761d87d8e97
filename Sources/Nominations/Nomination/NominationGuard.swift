import Workflow

/// The guards the domain registers with the workflow engine, by the names workflow files use.
///
/// Each guard either returns an explanation of why it passed (kept in the event) or throws a
/// `DomainError` whose message explains why not.
public enum NominationGuard {
    /// Every guard name a workflow file may use.
    public static let names: Set<String> = [
        eligible, registered, dossierComplete, withinCap, councilRecommended, consultationPeriodElapsed,
    ]

    /// The nominee meets the title's conditions (prior titles, initiative, individual or collective).
    public static let eligible = "eligible"
    /// The nominee is registered for the title and year, where the title requires registration.
    public static let registered = "registered"
    /// The dossier has every document kind the title's checklist requires.
    public static let dossierComplete = "dossier_complete"
    /// The unit's cap for the title (a share of its headcount or of its advanced workers) is not exceeded.
    public static let withinCap = "within_cap"
    /// The latest council vote reached the title's threshold.
    public static let councilRecommended = "council_recommended"
    /// The public consultation period has ended.
    public static let consultationPeriodElapsed = "consultation_period_elapsed"

    /// What a guard looks at: the nomination's facts (before submission, the submitted ones).
    struct Subject {
        let ruleSet: RuleSet
        let title: TitleRule
        let nominee: Nominee
        let year: Int
        let documents: [DossierDocument]
        let nomination: Nomination?
        let context: DecisionContext
    }

    static func check(_ name: String, _ subject: Subject) throws(DomainError) -> Explanation {
        switch name {
        case eligible: return try checkEligibility(subject)
        case registered: return try checkRegistration(subject)
        case dossierComplete: return try checkDossier(subject)
        case withinCap: return try checkCap(subject)
        case councilRecommended: return try checkCouncil(subject)
        case consultationPeriodElapsed: return try checkConsultation(subject)
        default: throw DomainError(.configurationMissing, "the workflow uses guard '\(name)', which the domain does not define")
        }
    }

    private static func checkEligibility(_ subject: Subject) throws(DomainError) -> Explanation {
        let title = subject.title
        let ruleSet = subject.ruleSet
        if let type = title.nomineeType, type != subject.nominee.type {
            throw DomainError(.notEligible, "\(title.name) is awarded to \(type.rawValue)s only")
        }
        guard let rule = title.eligibility else {
            return Explanation(ruleSetVersion: ruleSet.version, rule: "titles.\(title.id).eligibility", source: ruleSet.source,
                               inputs: [], satisfied: true, text: "\(title.name) has no prior-title or initiative condition")
        }
        let countsAdHoc = ruleSet.eligibility.adHocCountsTowardHigherAwards
        let countsThematic = ruleSet.eligibility.thematicCountsTowardHigherAwards
        var sentences: [String] = []
        var satisfied = true
        var inputs: [Explanation.Input] = [
            .init("year", "\(subject.year)"), .init("ad_hoc_counts", "\(countsAdHoc)"),
            .init("thematic_counts", "\(countsThematic)"),
        ]
        let notCounted = [countsAdHoc ? nil : "ad hoc", countsThematic ? nil : "thematic"].compactMap { $0 }
        for prerequisite in rule.prerequisites {
            let years = Set(subject.context.history.titles
                .filter { $0.title == prerequisite.title && (countsAdHoc || !$0.wasAdHoc) && (countsThematic || !$0.wasThematic) }
                .map(\.year))
            let run = [subject.year, subject.year - 1].contains { last in
                (0..<prerequisite.consecutiveYears).allSatisfy { years.contains(last - $0) }
            }
            satisfied = satisfied && run
            let held = years.sorted().map(String.init).joined(separator: ", ")
            inputs.append(.init("\(prerequisite.title)_years", held))
            sentences.append("\(prerequisite.title) held in \(held.isEmpty ? "no year" : held)"
                + (notCounted.isEmpty ? "" : " (\(notCounted.joined(separator: " and ")) awards not counted, \(ruleSet.eligibility.source))")
                + "; \(prerequisite.consecutiveYears) consecutive years ending \(subject.year - 1) or \(subject.year) required: "
                + (run ? "met" : "not met"))
        }
        if let scope = rule.initiative {
            let window = max(rule.prerequisites.map(\.consecutiveYears).max() ?? 1, 1)
            let found = subject.context.history.initiatives.contains {
                $0.scope >= scope && $0.year <= subject.year && $0.year > subject.year - window
            }
            satisfied = satisfied && found
            inputs.append(.init("initiative_required", scope.rawValue))
            sentences.append("a recognised initiative of \(scope.rawValue) effect in \(subject.year - window + 1)–\(subject.year): "
                + (found ? "found" : "not found"))
        }
        if let minimum = rule.taskRating {
            try requireTaskRating(minimum, subject, sentences: &sentences, inputs: &inputs)
        }
        for title in rule.sameYear {
            try requireSameYear(title, subject, sentences: &sentences, inputs: &inputs)
        }
        let text = sentences.joined(separator: "; ") + "; \(satisfied ? "eligible" : "not eligible")"
        guard satisfied else { throw DomainError(.notEligible, text) }
        return Explanation(ruleSetVersion: ruleSet.version, rule: "titles.\(title.id).eligibility", source: rule.source,
                           inputs: inputs, satisfied: true, text: text)
    }

    /// The nominee's task rating of the year, as the unit recorded it, is at least `minimum`.
    private static func requireTaskRating(
        _ minimum: TaskRating, _ subject: Subject, sentences: inout [String], inputs: inout [Explanation.Input]
    ) throws(DomainError) {
        let rating = subject.context.nomineeYear.taskRating
        let sentence = "task rating for \(subject.year): \(rating?.rawValue ?? "none recorded"); \(minimum.rawValue) or better required"
        guard let rating, rating >= minimum else {
            throw DomainError(.taskRatingTooLow, "\(sentence) (titles.\(subject.title.id).eligibility.task_rating, rule set "
                              + "\(subject.ruleSet.version): \(subject.title.eligibility?.source ?? subject.ruleSet.source))")
        }
        sentences.append(sentence + ": met")
        inputs.append(.init("task_rating", rating.rawValue))
    }

    /// The nominee holds `title` for the same year, or a nomination for it is under way: its
    /// candidacy names a nomination, or the nominee's awards hold it (an award recorded there
    /// without a nomination of Laurel's, such as one imported, has no candidacy).
    private static func requireSameYear(
        _ title: String, _ subject: Subject, sentences: inout [String], inputs: inout [Explanation.Input]
    ) throws(DomainError) {
        let held = subject.context.nomineeYear.candidacies.contains(title)
            || subject.context.history.titles.contains { $0.title == title && $0.year == subject.year }
        let sentence = "\(title) for \(subject.year), awarded or under way: \(held ? "found" : "not found")"
        guard held else {
            throw DomainError(.sameYearTitleMissing, "\(sentence) (titles.\(subject.title.id).eligibility.same_year, rule set "
                              + "\(subject.ruleSet.version): \(subject.title.eligibility?.source ?? subject.ruleSet.source)); "
                              + "submit the \(title) nomination first, in the same list")
        }
        sentences.append(sentence)
        inputs.append(.init("\(title)_\(subject.year)", "under way or awarded"))
    }

    private static func checkRegistration(_ subject: Subject) throws(DomainError) -> Explanation {
        let title = subject.title
        let rule = "titles.\(title.id).registration"
        guard let requirement = title.registration, requirement.required else {
            return Explanation(ruleSetVersion: subject.ruleSet.version, rule: rule, source: title.registration?.source ?? subject.ruleSet.source,
                               inputs: [], satisfied: true, text: "\(title.name) does not require registration")
        }
        // A year whose own rule set kept no registration (no deadline, as under 2017.1) cannot
        // have one: its titles are considered without it, even when submitted under a later set.
        let yearRules = LocalDate(year: subject.year, month: 1, day: 1).flatMap(subject.context.configuration.rules.ruleSet(inForceOn:))
        guard let yearRules, yearRules.registration != nil else {
            return Explanation(ruleSetVersion: subject.ruleSet.version, rule: rule, source: requirement.source,
                               inputs: [.init("year", "\(subject.year)")], satisfied: true,
                               text: "registrations were not kept for \(subject.year) (its rule set sets no registration deadline)")
        }
        let nominee = subject.nominee
        let registration = subject.context.nomineeYear.registration
        let registered = switch nominee.type {
        case .individual: registration?.isRegistered(nominee.id, for: title.id) ?? false
        case .collective: registration?.collectiveTitle == title.id
        }
        let text = "\(nominee.type == .individual ? nominee.id : nominee.unit) registered for \(title.id) in \(subject.year) "
            + "by \(nominee.unit): \(registered ? "yes" : "no")"
        guard registered else {
            throw DomainError(.notRegistered, "\(text); \(rule) of rule set \(subject.ruleSet.version) requires it "
                              + "(\(requirement.source))")
        }
        return Explanation(ruleSetVersion: subject.ruleSet.version, rule: rule, source: requirement.source,
                           inputs: [.init("unit", nominee.unit), .init("year", "\(subject.year)")], satisfied: true, text: text)
    }

    private static func checkDossier(_ subject: Subject) throws(DomainError) -> Explanation {
        let rule = subject.title.dossier
        let present = Set(subject.documents.map(\.kind))
        let missing = rule.requiredDocuments.filter { !present.contains($0) }
        let text = "required: \(rule.requiredDocuments.joined(separator: ", ")); "
            + (missing.isEmpty ? "all present" : "missing: \(missing.joined(separator: ", "))")
        guard missing.isEmpty else { throw DomainError(.dossierIncomplete, text) }
        return Explanation(ruleSetVersion: subject.ruleSet.version, rule: "titles.\(subject.title.id).dossier", source: rule.source,
                           inputs: [.init("documents", present.sorted().joined(separator: ", "))], satisfied: true, text: text)
    }

    private static func checkCap(_ subject: Subject) throws(DomainError) -> Explanation {
        let version = subject.ruleSet.version
        guard let cap = subject.title.cap else {
            return Explanation(ruleSetVersion: version, rule: "titles.\(subject.title.id).cap", source: subject.ruleSet.source,
                               inputs: [], satisfied: true, text: "\(subject.title.name) has no cap")
        }
        guard let usage = subject.context.capUsage else {
            throw DomainError(.configurationMissing, "the unit's \(cap.base.words) and accepted count are needed to check the cap")
        }
        let count = usage.alreadyAccepted + 1
        let within = cap.share.allows(count, of: usage.base)
        let text = "\(count) nominations of \(usage.base) \(cap.base.words) = \(percentage(count, of: usage.base)); "
            + "the cap is \(cap.share) of \(cap.base.words) (titles.\(subject.title.id).cap: \(cap.source)); "
            + (within ? "within the cap" : "cap exceeded")
        guard within else { throw DomainError(.capExceeded, text) }
        return Explanation(ruleSetVersion: version, rule: "titles.\(subject.title.id).cap", source: cap.source,
                           inputs: [.init("count", "\(count)"), .init(cap.base.rawValue, "\(usage.base)"),
                                    .init("cap", "\(cap.share)")],
                           satisfied: true, text: text)
    }

    private static func checkCouncil(_ subject: Subject) throws(DomainError) -> Explanation {
        guard let result = subject.nomination?.councilResult else {
            throw DomainError(.thresholdNotReached, "no council result is recorded")
        }
        guard result.recommended else { throw DomainError(.thresholdNotReached, result.threshold.text) }
        return result.threshold
    }

    private static func checkConsultation(_ subject: Subject) throws(DomainError) -> Explanation {
        guard let consultation = subject.nomination?.consultation else {
            throw DomainError(.consultationNotFinished, "the public consultation has not been opened")
        }
        let rule = subject.ruleSet.consultation
        let today = subject.context.today
        let finished = today > consultation.closesOn
        let text = "opened \(consultation.opensOn); \(rule.workingDays) working days end on \(consultation.closesOn); "
            + "today \(today) is \(finished ? "after the period" : "within the period")"
        guard finished else { throw DomainError(.consultationNotFinished, text) }
        return Explanation(ruleSetVersion: subject.ruleSet.version, rule: "consultation", source: rule.source,
                           inputs: [.init("opens_on", "\(consultation.opensOn)"), .init("closes_on", "\(consultation.closesOn)"),
                                    .init("today", "\(today)"), .init("working_days", "\(rule.workingDays)")],
                           satisfied: true, text: text)
    }
}
