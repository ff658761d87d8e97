extension MovementDetails {
    /// Every problem of the details, each naming its field (`goals[1]`), so the standing office
    /// corrects them all at once; empty for a movement fit to launch. `organization` says which
    /// units may launch one.
    public func problems(in organization: Organization) -> [String] {
        var problems: [String] = []
        if name.isBlank { problems.append("name: must not be blank") }
        if organization.unit(code: authority) == nil { problems.append("authority: '\(authority)' is not a unit of the organisation") }
        if decision.isBlank { problems.append("decision: must cite the document that launches the movement") }
        if to < from { problems.append("to: the period ends on \(to), before it starts on \(from)") }
        problems += listProblems(goals, field: "goals", what: "goal")
        problems += listProblems(criteria, field: "criteria", what: "criterion")
        if let anniversary, anniversary.isBlank { problems.append("anniversary: must name the anniversary, or be left out") }
        return problems
    }

    /// A non-empty list of distinct, non-blank lines.
    private func listProblems(_ lines: [String], field: String, what: String) -> [String] {
        var problems: [String] = []
        if lines.isEmpty { problems.append("\(field): the movement states no \(what)") }
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            if line.isBlank {
                problems.append("\(field)[\(index)]: must not be blank")
            } else if !seen.insert(line).inserted {
                problems.append("\(field)[\(index)]: is stated twice")
            }
        }
        return problems
    }
}
