import Workflow

extension Nomination {
    /// States in which a nomination has left the procedure without the title.
    static let statesLeftWithoutTitle: Set<String> = ["rejected", "refused", "withdrawn", "revoked"]

    /// States in which a nomination holds no place of its unit's cap: before intake, and after
    /// it left the procedure without the title.
    static let statesWithoutCapPlace = statesLeftWithoutTitle.union(["draft", "submitted", "returned"])

    /// Whether the nomination holds a place of its unit's cap for its title and year.
    public var holdsCapPlace: Bool { !Self.statesWithoutCapPlace.contains(state) }

    /// The quota the nomination counts against.
    public var quotaKey: QuotaKey { QuotaKey(unit: nominee.unit, title: title, year: year) }

    /// What a decision changes in the unit's quota: a place taken when the nomination came to
    /// hold one, given back when it stopped. Only for titles some rule set caps or counts a cap on.
    public static func quotaCommand(before: Nomination?, after: Nomination?, rules: RuleBook) -> QuotaCommand? {
        guard let after, rules.countsPlacesSomewhere(after.title) else { return nil }
        return startsOrStops(\.holdsCapPlace, before: before, after: after)
            .map { $0 ? .take(nominationID: after.id) : .giveBack(nominationID: after.id) }
    }

    /// True when a decision made the nomination start holding what `holds` tells, false when it
    /// made it stop, nil when it changed nothing there.
    private static func startsOrStops(_ holds: (Nomination) -> Bool, before: Nomination?, after: Nomination) -> Bool? {
        let now = holds(after)
        return (before.map(holds) ?? false) == now ? nil : now
    }

    /// Whether the nomination holds its nominee's candidacy for its title and year: from its
    /// submission until it leaves the procedure without the title. Ad hoc awards hold none.
    public var holdsCandidacy: Bool { kind != Self.adHocKind && !Self.statesLeftWithoutTitle.contains(state) }

    /// The candidacy the nomination claims.
    public var candidacyKey: CandidacyKey { CandidacyKey(nomineeID: nominee.id, title: title, year: year) }

    /// What a decision changes in the nominee's candidacy: claimed when the nomination came to
    /// hold it (submitted, or a revoked award restored), released when it stopped.
    public static func candidacyCommand(before: Nomination?, after: Nomination?) -> CandidacyCommand? {
        guard let after else { return nil }
        return startsOrStops(\.holdsCandidacy, before: before, after: after)
            .map { $0 ? .claim(nominationID: after.id) : .release(nominationID: after.id) }
    }

    /// What a decision changes in the nominee's awards: a title granted by the agency's or the
    /// higher authority's decision, revoked, or restored.
    public static func awardsCommand(for event: NominationEvent, nomination: Nomination) -> AwardsCommand? {
        let grant = AwardsCommand.grant(NomineeAwards.Award(nominationID: nomination.id, title: nomination.title,
                                                            year: nomination.year, wasAdHoc: nomination.kind == adHocKind,
                                                            movement: nomination.movement))
        switch event {
        case .approved: return grant
        case .higherDecisionRecorded(let decided) where decided.outcome == .awarded: return grant
        case .revoked: return .revoke(nominationID: nomination.id)
        case .restored: return .restore(nominationID: nomination.id)
        default: return nil
        }
    }

    /// The kind of simplified, ad hoc awards, which may not count toward higher awards.
    public static let adHocKind = "ad_hoc"

    /// Whether a submission of `title` reads the nominee's awards: only titles with a prior-title,
    /// initiative or same-year condition in the rule set in force on `date`.
    public static func submissionReadsAwards(title: String, on date: LocalDate, rules: RuleBook) -> Bool {
        guard let eligibility = rules.ruleSet(inForceOn: date)?.title(title)?.eligibility else { return false }
        return !eligibility.prerequisites.isEmpty || eligibility.initiative != nil || !eligibility.sameYear.isEmpty
    }

    /// What a submission of `title` on `date` reads about the nominee's year, as its rules need.
    public static func submissionReads(title: String, on date: LocalDate, rules: RuleBook) -> SubmissionReads {
        let rule = rules.ruleSet(inForceOn: date)?.title(title)
        return SubmissionReads(registration: rule?.registration?.required ?? false,
                               taskRating: rule?.eligibility?.taskRating != nil,
                               sameYearTitles: rule?.eligibility?.sameYear ?? [])
    }
}

/// The streams a submission reads about the nominee's year (``NomineeYear``).
public struct SubmissionReads: Sendable, Equatable {
    /// The unit's registration for the year.
    public let registration: Bool
    /// The unit's task ratings for the year.
    public let taskRating: Bool
    /// The nominee's candidacies for these titles in the year.
    public let sameYearTitles: [String]
}

extension RuleBook {
    /// Whether any loaded rule set caps `title`: such a title's places are counted on quota
    /// streams, under every rule set, so a cap added later counts the places taken before it.
    public func capsSomewhere(_ title: String) -> Bool {
        cappedTitles.contains(title)
    }

    /// Whether a quota stream counts the places of `title`: a title some rule set caps, or one
    /// whose places are the base of another title's cap (advanced workers, for grassroots
    /// emulation fighters). Such places are taken at intake, as a capped title's are.
    public func countsPlacesSomewhere(_ title: String) -> Bool {
        placeCountedTitles.contains(title)
    }
}
