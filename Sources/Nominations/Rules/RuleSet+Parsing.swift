import Workflow

extension RuleSet {
    /// Parses one rule-set file. Each group of values must cite its `source`; a group without one is
    /// an error at the group's line, because an explanation must always be able to name the law.
    /// Titles must name a workflow kind in `workflows`, stage deadlines a state of that kind, and
    /// prerequisites a title of the same set.
    static func parse(file: String, text: String, workflows: WorkflowRegistry) throws -> RuleSet {
        let documents = try ConfigNode.parseDocuments(file: file, text: text)
        guard documents.count == 1, let document = documents.first else {
            throw ConfigError(file: file, line: nil, message: "a rule-set file holds exactly one rule set")
        }
        let root = try document.mapping()
        try root.rejectUnknownKeys([
            "version", "effective_from", "source", "notes", "council", "consultation", "eligibility",
            "stage_deadlines", "registration", "shares", "titles",
        ])
        let council = try sourced(root.required("council"), keys: [
            "quorum", "recusal", "recusal_lowers_membership", "written_opinions_of_absent",
        ])
        let consultation = try sourced(root.required("consultation"), keys: ["working_days"])
        let eligibility = try sourced(root.required("eligibility"), keys: [
            "ad_hoc_counts_toward_higher_awards", "thematic_counts_toward_higher_awards",
        ])
        var deadlines: [String: [String: Int]] = [:]
        var deadlinesSource: String?
        if let node = root.optional("stage_deadlines") {
            let mapping = try node.mapping()
            deadlinesSource = try sourceText(of: mapping)
            for entry in mapping.entries where entry.key != "source" {
                guard let definition = workflows.latest(kind: entry.key) else {
                    throw ConfigError(file: file, line: entry.keyLine, message: "unknown workflow kind '\(entry.key)'")
                }
                for state in try entry.value.mapping().entries {
                    guard definition.state(named: state.key) != nil else {
                        throw ConfigError(file: file, line: state.keyLine,
                                          message: "workflow '\(entry.key)' has no state '\(state.key)'")
                    }
                    let days = try state.value.int()
                    guard days > 0 else { throw state.value.error("a deadline must be a positive number of working days") }
                    deadlines[entry.key, default: [:]][state.key] = days
                }
            }
        }
        let registration = try root.optional("registration").map { node in
            let rule = try sourced(node, keys: ["deadline"])
            let deadline = try rule.mapping.required("deadline")
            let parts = try deadline.string().split(separator: "-").map { Int($0) }
            // A month and day such as 01-31, checked against a common year: 02-29 would have no deadline most years.
            guard parts.count == 2, let month = parts[0], let day = parts[1], LocalDate(year: 2023, month: month, day: day) != nil else {
                throw deadline.error("the registration deadline is a month and day such as 01-31")
            }
            return RegistrationRule(month: month, day: day, source: rule.source)
        }
        let shares = try root.optional("shares").map(parseShares)
        var titles: [String: TitleRule] = [:]
        let titleEntries = try root.required("titles").mapping().entries
        let titleIDs = Set(titleEntries.map(\.key))
        for entry in titleEntries {
            let title = try parseTitle(id: entry.key, node: entry.value, knownTitles: titleIDs)
            guard let definition = workflows.latest(kind: title.kind) else {
                throw try entry.value.mapping().required("kind").error("unknown workflow kind '\(title.kind)'")
            }
            for state in title.authority.sectorStages.sorted() where definition.state(named: state) == nil {
                throw try entry.value.mapping().required("authority").error("workflow '\(title.kind)' has no state '\(state)'")
            }
            if let base = title.cap?.base.title, !titleIDs.contains(base) {
                throw try entry.value.mapping().required("cap").error("the cap counts \(base) titles, which this rule set does not define")
            }
            if title.registration?.required == true, registration == nil {
                throw try entry.value.mapping().required("registration").error("registration is required but the rule set has no registration deadline")
            }
            titles[entry.key] = title
        }
        let consultationDays = try consultation.mapping.required("working_days").int()
        guard consultationDays > 0 else {
            throw try consultation.mapping.required("working_days").error("working_days must be positive")
        }
        return RuleSet(
            version: try root.required("version").string(),
            effectiveFrom: try root.required("effective_from").date(),
            source: try root.required("source").string(),
            file: file,
            council: CouncilRules(
                quorum: try share(council.mapping.required("quorum")),
                recusal: try council.mapping.required("recusal").enumValue(),
                recusalLowersMembership: try council.mapping.required("recusal_lowers_membership").bool(),
                writtenOpinionsOfAbsent: try council.mapping.required("written_opinions_of_absent").bool(),
                source: council.source
            ),
            consultation: ConsultationRule(workingDays: consultationDays, source: consultation.source),
            eligibility: GeneralEligibilityRule(
                adHocCountsTowardHigherAwards: try eligibility.mapping.required("ad_hoc_counts_toward_higher_awards").bool(),
                thematicCountsTowardHigherAwards: try eligibility.mapping.required("thematic_counts_toward_higher_awards").bool(),
                source: eligibility.source
            ),
            stageDeadlines: deadlines,
            stageDeadlinesSource: deadlinesSource,
            registration: registration,
            shares: shares,
            titles: titles
        )
    }

    /// The `shares` group: `front_line` (its `leadership_posts`, none blank) and `small_collective`
    /// (its `rule`), each with its source.
    private static func parseShares(_ node: ConfigNode) throws -> ShareDefinitions {
        let mapping = try node.mapping()
        try mapping.rejectUnknownKeys(["front_line", "small_collective"])
        let frontLine = try sourced(mapping.required("front_line"), keys: ["leadership_posts"])
        let postsNode = try frontLine.mapping.required("leadership_posts")
        let posts = try postsNode.stringList()
        guard !posts.isEmpty, !posts.contains(where: { $0.isBlank }) else { throw postsNode.error("leadership_posts names each post, none blank") }
        let small = try sourced(mapping.required("small_collective"), keys: ["rule"])
        return ShareDefinitions(frontLine: FrontLineDefinition(leadershipPosts: posts, source: frontLine.source),
                                smallCollective: SmallCollectiveDefinition(rule: try small.mapping.required("rule").enumValue(),
                                                                           source: small.source))
    }

    private static func parseTitle(id: String, node: ConfigNode, knownTitles: Set<String>) throws -> TitleRule {
        let title = try node.mapping()
        try title.rejectUnknownKeys(["name", "kind", "nominee", "vote", "dossier", "eligibility", "cap", "registration", "authority",
                                     "service"])
        let vote = try title.optional("vote").map { node in
            let vote = try sourced(node, keys: ["threshold", "basis", "comparison", "secret_ballot"])
            let comparison = try vote.mapping.optional("comparison")?.string() ?? "at_least"
            guard comparison == "at_least" || comparison == "more_than" else {
                throw try vote.mapping.required("comparison").error("comparison must be at_least or more_than")
            }
            return VoteRule(
                threshold: try share(vote.mapping.required("threshold")),
                basis: try vote.mapping.required("basis").enumValue(),
                strictlyMore: comparison == "more_than",
                secretBallot: try vote.mapping.optional("secret_ballot")?.bool() ?? false,
                source: vote.source
            )
        }
        let dossier = try sourced(title.required("dossier"), keys: ["required"])
        let eligibility = try title.optional("eligibility").map { node in
            let eligibility = try sourced(node, keys: ["requires", "initiative", "task_rating", "same_year"])
            let prerequisites = try (eligibility.mapping.optional("requires")?.list() ?? []).map { node in
                let prerequisite = try node.mapping()
                try prerequisite.rejectUnknownKeys(["title", "consecutive_years"])
                let titleNode = try prerequisite.required("title")
                guard knownTitles.contains(try titleNode.string()) else {
                    throw titleNode.error("unknown title '\(try titleNode.string())'")
                }
                let years = try prerequisite.required("consecutive_years").int()
                guard years > 0 else { throw node.error("consecutive_years must be positive") }
                return TitleEligibilityRule.Prerequisite(
                    title: try titleNode.string(), consecutiveYears: years)
            }
            return TitleEligibilityRule(
                prerequisites: prerequisites,
                initiative: try eligibility.mapping.optional("initiative").map { try $0.enumValue() },
                taskRating: try eligibility.mapping.optional("task_rating").map { try $0.enumValue() },
                sameYear: try (eligibility.mapping.optional("same_year")?.list() ?? []).map { node in
                    let title = try node.string()
                    guard knownTitles.contains(title), title != id else { throw node.error("unknown title '\(title)'") }
                    return title
                },
                source: eligibility.source
            )
        }
        let cap = try title.optional("cap").map { node in
            let cap = try sourced(node, keys: ["share", "share_of"])
            return CapRule(share: try share(cap.mapping.required("share")), base: try cap.mapping.required("share_of").enumValue(),
                           source: cap.source)
        }
        let registration = try title.optional("registration").map { node in
            let rule = try sourced(node, keys: ["required"])
            return TitleRegistrationRule(required: try rule.mapping.required("required").bool(), source: rule.source)
        }
        let authority = try sourced(title.required("authority"), keys: ["reviewed_by", "sector_stages", "decided_by"])
        let service = try title.optional("service").map(parseService)
        return TitleRule(
            id: id,
            name: try title.required("name").string(),
            kind: try title.required("kind").string(),
            nomineeType: try title.optional("nominee").flatMap { node in
                try node.string() == "any" ? nil : node.enumValue() as NomineeType
            },
            vote: vote,
            dossier: DossierRule(requiredDocuments: try dossier.mapping.required("required").stringList(), source: dossier.source),
            eligibility: eligibility,
            cap: cap,
            registration: registration,
            authority: AuthorityRule(
                reviewedBy: try authority.mapping.required("reviewed_by").enumValue(),
                sectorStages: Set(try authority.mapping.optional("sector_stages")?.stringList() ?? []),
                decidedBy: try authority.mapping.required("decided_by").enumValue(),
                source: authority.source
            ),
            service: service
        )
    }

    /// A title's `service` group: `years` (positive), `cutoff` (a month and day such as 07-26),
    /// `discipline_time_counts` and `once_per_person`.
    private static func parseService(_ node: ConfigNode) throws -> ServiceRule {
        let rule = try sourced(node, keys: ["years", "cutoff", "discipline_time_counts", "once_per_person"])
        let yearsNode = try rule.mapping.required("years")
        let years = try yearsNode.int()
        guard years > 0 else { throw yearsNode.error("years of service must be positive") }
        let cutoff = try rule.mapping.required("cutoff")
        let parts = try cutoff.string().split(separator: "-").map { Int($0) }
        // Checked against a common year: a cut-off of 02-29 would fall on no day most years.
        guard parts.count == 2, let month = parts[0], let day = parts[1], LocalDate(year: 2023, month: month, day: day) != nil else {
            throw cutoff.error("the cut-off is a month and day such as 07-26")
        }
        return ServiceRule(years: years, cutoffMonth: month, cutoffDay: day,
                           disciplineTimeCounts: try rule.mapping.required("discipline_time_counts").bool(),
                           oncePerPerson: try rule.mapping.required("once_per_person").bool(), source: rule.source)
    }

    /// A group of rule values with its mandatory `source`.
    private struct Sourced {
        let mapping: ConfigMapping
        let source: String
    }

    private static func sourced(_ node: ConfigNode, keys: Set<String>) throws -> Sourced {
        let mapping = try node.mapping()
        try mapping.rejectUnknownKeys(keys.union(["source"]))
        return Sourced(mapping: mapping, source: try sourceText(of: mapping))
    }

    private static func sourceText(of mapping: ConfigMapping) throws -> String {
        let values = mapping.entries.filter { $0.key != "source" }.map(\.key).joined(separator: ", ")
        guard let node = mapping.optional("source") else {
            throw mapping.node.error("rule value '\(values)' has no source")
        }
        let text = try node.string()
        guard !text.isBlank else { throw node.error("rule value '\(values)' has an empty source") }
        return text
    }

    private static func share(_ node: ConfigNode) throws -> Share {
        let text = try node.string()
        guard let share = Share(text) else { throw node.error("'\(text)' is not a share such as 90% or 2/3") }
        return share
    }
}
