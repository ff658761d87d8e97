import Workflow

extension AwardImportRow {
    /// The awards `rows` record, every row checked: the person's id and name, a unit of the
    /// organisation, a title of the rule sets (for persons), a year from 1945 to this one, the
    /// decision's number and a date from the award's year to today, and no person holding the same
    /// title and year twice in the file.
    ///
    /// - Throws: `invalid_rows` listing every problem of every row.
    static func check(_ rows: [AwardImportRow], configuration: DomainConfiguration, today: LocalDate) throws(DomainError)
        -> [ImportedAward] {
        var problems: [RowProblem] = []
        var awards: [ImportedAward] = []
        var seen: [String: Int] = [:]
        for row in rows {
            let before = problems.count
            let award = row.award(configuration: configuration, today: today) { field, reason in
                problems.append(RowProblem(row: row.row, field: field, reason: reason))
            }
            guard let award, problems.count == before else { continue }
            if let first = seen[award.awardID] {
                problems.append(RowProblem(row: row.row, field: "", reason: "repeats row \(first): the same person, title and year"))
                continue
            }
            seen[award.awardID] = row.row
            awards.append(award)
        }
        guard problems.isEmpty else {
            let count = Set(problems.map(\.row)).count
            throw DomainError(.invalidRows, "\(count) row(s) of the file are invalid; nothing was imported", rows: problems)
        }
        return awards
    }

    /// The award this row records, reporting each field's problem to `fail`; nil if any.
    private func award(configuration: DomainConfiguration, today: LocalDate, fail: (String, String) -> Void) -> ImportedAward? {
        let personID = required("person_id", personID, fail).flatMap { id -> String? in
            guard id.count <= 64, id.unicodeScalars.allSatisfy(Self.identifierScalars.contains) else {
                fail("person_id", "may contain only letters, digits, '.', '_', '-' and '/', at most 64 characters")
                return nil
            }
            return id
        }
        let name = required("name", name, fail).flatMap { text(("name", $0), maxLength: 200, fail) }
        let unit = required("unit", unit, fail).flatMap { code -> String? in
            guard configuration.organization.unit(code: code) != nil else {
                fail("unit", "\(code) is not a unit of the organisation")
                return nil
            }
            return code
        }
        let year = required("year", year, fail).flatMap { text -> Int? in
            guard let year = Int(text), (1945...today.year).contains(year) else {
                fail("year", "must be a year from 1945 to \(today.year), not \(text)")
                return nil
            }
            return year
        }
        let number = required("decision_number", decisionNumber, fail).flatMap { text(("decision_number", $0), maxLength: 100, fail) }
        let date = required("decision_date", decisionDate, fail).flatMap { text -> LocalDate? in
            guard let date = LocalDate(iso: text) else {
                fail("decision_date", "must be a date written YYYY-MM-DD, not \(text)")
                return nil
            }
            guard date <= today else {
                fail("decision_date", "\(date) is after today (\(today))")
                return nil
            }
            if let year, date.year < year {
                fail("decision_date", "\(date) is before the award's year \(year)")
                return nil
            }
            return date
        }
        let title = required("title", title, fail).flatMap { written -> TitleRule? in
            guard let rule = Self.title(written, decidedOn: date, rules: configuration.rules) else {
                fail("title", "\(written) is not a title of any rule set")
                return nil
            }
            guard rule.nomineeType != .collective else {
                fail("title", "\(rule.id) is a title for collectives; an import records awards of persons")
                return nil
            }
            return rule
        }
        guard let personID, let name, let unit, let title, let year, let number, let date else { return nil }
        return ImportedAward(personID: personID, name: name, unit: unit, title: title.id, titleName: title.name, kind: title.kind,
                             year: year, decisionNumber: number, decisionDate: date, row: row)
    }

    /// The title written `written` (its id, or its name as a rule set writes it): as the rule set in
    /// force on the decision's date has it, else as the newest rule set that has it (an award older
    /// than every rule set).
    private static func title(_ written: String, decidedOn date: LocalDate?, rules: RuleBook) -> TitleRule? {
        let newestFirst = rules.ruleSets.sorted { $0.effectiveFrom > $1.effectiveFrom }
        let candidates = (date.flatMap(rules.ruleSet(inForceOn:)).map { [$0] } ?? []) + newestFirst
        return candidates.lazy.compactMap { ruleSet in
            ruleSet.title(written) ?? ruleSet.titles.values.first { $0.name == written }
        }.first
    }

    private func required(_ field: String, _ value: String, _ fail: (String, String) -> Void) -> String? {
        if value.isEmpty { fail(field, "is required") }
        return value.isEmpty ? nil : value
    }

    /// Free text: no control characters (PostgreSQL's `jsonb` refuses U+0000), at most `maxLength` characters.
    private func text(_ field: (name: String, value: String), maxLength: Int, _ fail: (String, String) -> Void) -> String? {
        guard field.value.count <= maxLength else {
            fail(field.name, "must be at most \(maxLength) characters")
            return nil
        }
        guard !field.value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            fail(field.name, "must not contain control characters")
            return nil
        }
        return field.value
    }

    /// What a person's id may hold, as a nominee's id may: it names the person's awards stream.
    private static let identifierScalars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/".unicodeScalars)
}
