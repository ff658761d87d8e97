extension ScoringTable {
    /// Every problem of the table, each naming where it is (`groups[1].criteria[0].max_points`),
    /// so the standing office corrects them all at once; empty for a table fit to publish.
    public func problems() -> [String] {
        var problems: [String] = []
        var codes: [String: String] = [:]
        func claim(_ code: String, at path: String) {
            if code.isBlank {
                problems.append("\(path).code: must not be blank")
            } else if let first = codes[code] {
                problems.append("\(path).code: '\(code)' is already the code of \(first)")
            } else {
                codes[code] = path
            }
        }
        func check(_ item: ScoringItem, at path: String) {
            claim(item.code, at: path)
            if item.name.isBlank { problems.append("\(path).name: must not be blank") }
            if item.maxPoints <= .zero { problems.append("\(path).max_points: must be positive, not \(item.maxPoints)") }
            if let evidence = item.evidence, evidence.isBlank { problems.append("\(path).evidence: must say what evidence, or be left out") }
        }
        if source.isBlank { problems.append("source: must cite the document the table comes from") }
        if groups.isEmpty { problems.append("groups: the table has no group of criteria") }
        for (index, group) in groups.enumerated() {
            let path = "groups[\(index)]"
            claim(group.code, at: path)
            if group.name.isBlank { problems.append("\(path).name: must not be blank") }
            if group.criteria.isEmpty { problems.append("\(path).criteria: the group has no criterion") }
            for (criterion, item) in group.criteria.enumerated() { check(item, at: "\(path).criteria[\(criterion)]") }
        }
        for (index, item) in bonuses.enumerated() { check(item, at: "bonuses[\(index)]") }
        for (index, item) in penalties.enumerated() { check(item, at: "penalties[\(index)]") }
        problems += bandProblems()
        problems += tieBreakProblems()
        problems += proposalProblems()
        return problems
    }

    /// Proposal rules each naming a title once, with at least one place, and bands of the table.
    /// Whether the title exists is the rule set's to say when the proposals are made.
    private func proposalProblems() -> [String] {
        var problems: [String] = []
        var titles = Set<String>()
        let codes = Set(bands.map(\.code))
        for (index, rule) in proposals.enumerated() {
            let path = "proposals[\(index)]"
            if rule.title.isBlank {
                problems.append("\(path).title: must name a title")
            } else if !titles.insert(rule.title).inserted {
                problems.append("\(path).title: '\(rule.title)' is proposed by an earlier rule already")
            }
            if rule.places < 1 { problems.append("\(path).places: must be at least 1, not \(rule.places)") }
            var seen = Set<String>()
            for (position, band) in rule.bands.enumerated() {
                if !codes.contains(band) {
                    problems.append("\(path).bands[\(position)]: '\(band)' is no band of the table")
                } else if !seen.insert(band).inserted {
                    problems.append("\(path).bands[\(position)]: '\(band)' is stated twice")
                }
            }
        }
        return problems
    }

    /// Bands with distinct codes, each a non-empty range, none overlapping another, none
    /// leaving a gap below the next (a total there would fall in no band), every one reachable.
    private func bandProblems() -> [String] {
        var problems: [String] = []
        if bands.isEmpty { problems.append("bands: the table has no classification band") }
        var codes = Set<String>()
        for (index, band) in bands.enumerated() {
            let path = "bands[\(index)]"
            if band.code.isBlank || !codes.insert(band.code).inserted {
                problems.append("\(path).code: '\(band.code)' must be a code no other band has")
            }
            if band.name.isBlank { problems.append("\(path).name: must not be blank") }
            if let below = band.below, below <= band.minimum {
                problems.append("\(path): its range from \(band.minimum) to below \(below) is empty")
            }
            if band.minimum > highestTotal {
                problems.append("\(path).minimum: \(band.minimum) is above the highest total the table gives, \(highestTotal)")
            }
        }
        // Empty ranges are reported above; the others are compared in the order of their minima.
        let ordered = bands.indices.filter { index in bands[index].below.map { $0 > bands[index].minimum } ?? true }
            .sorted { bands[$0].minimum < bands[$1].minimum }
        for (lower, upper) in zip(ordered, ordered.dropFirst()) {
            let low = bands[lower], high = bands[upper]
            guard let top = low.below else {
                problems.append("bands[\(lower)] and bands[\(upper)] overlap: '\(low.code)' has no upper bound and '\(high.code)' starts at \(high.minimum)")
                continue
            }
            if top > high.minimum {
                problems.append("bands[\(lower)] and bands[\(upper)] overlap: '\(low.code)' runs to below \(top) and '\(high.code)' starts at \(high.minimum)")
            } else if top < high.minimum {
                problems.append("bands[\(lower)] and bands[\(upper)] leave a gap: a total from \(top) to below \(high.minimum) falls in no band")
            }
        }
        return problems
    }

    /// Rules that name groups of the table, each stated once.
    private func tieBreakProblems() -> [String] {
        var problems: [String] = []
        var seen = Set<TieBreakRule>()
        for (index, rule) in tieBreak.enumerated() {
            if !seen.insert(rule).inserted { problems.append("tie_break[\(index)]: '\(rule)' is stated twice") }
            if case .groupTotal(let code) = rule, !groups.contains(where: { $0.code == code }) {
                problems.append("tie_break[\(index)]: '\(rule)' names no group of the table")
            }
        }
        return problems
    }
}
