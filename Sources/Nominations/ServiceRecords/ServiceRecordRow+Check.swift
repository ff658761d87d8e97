import Workflow

extension ServiceRecordRow {
    /// The records `rows` hold, every row checked: the person's id and name, a unit of the
    /// organisation, a first day in the sector from 1945 to today, a last day (if any) from the
    /// first to today, a disciplinary measure (if any) starting within the service and ending
    /// after it starts, and no person twice in the file.
    ///
    /// - Throws: `invalid_rows` listing every problem of every row.
    static func check(_ rows: [ServiceRecordRow], organization: Organization, today: LocalDate) throws(DomainError) -> [ServiceRecord] {
        var problems: [RowProblem] = []
        var records: [ServiceRecord] = []
        var seen: [String: Int] = [:]
        for row in rows {
            let before = problems.count
            let record = row.record(organization: organization, today: today) { field, reason in
                problems.append(RowProblem(row: row.row, field: field, reason: reason))
            }
            guard let record, problems.count == before else { continue }
            if let first = seen[record.personID] {
                problems.append(RowProblem(row: row.row, field: "person_id", reason: "repeats row \(first): one record per person"))
                continue
            }
            seen[record.personID] = row.row
            records.append(record)
        }
        guard problems.isEmpty else {
            let count = Set(problems.map(\.row)).count
            throw DomainError(.invalidRows, "\(count) row(s) of the file are invalid; nothing was imported", rows: problems)
        }
        return records
    }

    /// The record this row holds, reporting each field's problem to `fail`; nil if any.
    private func record(organization: Organization, today: LocalDate, fail: (String, String) -> Void) -> ServiceRecord? {
        let personID = required("person_id", personID, fail).flatMap { id -> String? in
            guard id.count <= 64, id.unicodeScalars.allSatisfy(Self.identifierScalars.contains) else {
                fail("person_id", "may contain only letters, digits, '.', '_', '-' and '/', at most 64 characters")
                return nil
            }
            return id
        }
        let name = required("name", name, fail).flatMap { text("name", $0, fail) }
        let position = text("position", position, fail)
        // Spreadsheets write booleans in capitals (TRUE) as often as not.
        let frontLine: Bool? = switch isFrontLine.lowercased() {
        case "", "false": false
        case "true": true
        default: nil
        }
        if frontLine == nil { fail("is_front_line", "must be true, false or empty, not \(isFrontLine)") }
        let unit = required("unit", unit, fail).flatMap { code -> String? in
            guard organization.unit(code: code) != nil else {
                fail("unit", "\(code) is not a unit of the organisation")
                return nil
            }
            return code
        }
        let earliest = LocalDate(year: 1945, month: 1, day: 1)!
        let start = required("sector_start", sectorStart, fail).flatMap { date("sector_start", $0, from: earliest, to: today, fail) }
        let end = sectorEnd.isEmpty ? nil : date("sector_end", sectorEnd, from: start ?? earliest, to: today, fail)
        var discipline: DisciplinePeriod?
        if disciplineFrom.isEmpty {
            if !disciplineTo.isEmpty { fail("discipline_from", "is required with discipline_to") }
        } else if let from = date("discipline_from", disciplineFrom, from: start ?? earliest, to: end ?? today, fail) {
            let to = disciplineTo.isEmpty ? nil : date("discipline_to", disciplineTo, from: from, to: nil, fail)
            if disciplineTo.isEmpty || to != nil { discipline = DisciplinePeriod(from: from, to: to) }
        }
        guard let personID, let name, let position, let frontLine, let unit, let start, sectorEnd.isEmpty || end != nil,
              disciplineFrom.isEmpty || discipline != nil else { return nil }
        return ServiceRecord(personID: personID, name: name, unit: unit, position: position, isFrontLine: frontLine,
                             sectorStart: start, sectorEnd: end, discipline: discipline, row: row)
    }

    /// `text` as a date from `earliest` to `latest` (any later day when nil: a measure may end
    /// after today), or nil with the problem reported.
    private func date(_ field: String, _ text: String, from earliest: LocalDate, to latest: LocalDate?,
                      _ fail: (String, String) -> Void) -> LocalDate? {
        guard let date = LocalDate(iso: text) else {
            fail(field, "must be a date written YYYY-MM-DD, not \(text)")
            return nil
        }
        guard date >= earliest else {
            fail(field, "\(date) is before \(earliest)")
            return nil
        }
        if let latest, date > latest {
            fail(field, "\(date) is after \(latest)")
            return nil
        }
        return date
    }

    /// Free text: at most 200 characters, no control characters (PostgreSQL's `jsonb` refuses U+0000).
    private func text(_ field: String, _ value: String, _ fail: (String, String) -> Void) -> String? {
        guard value.count <= 200, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            fail(field, "must be at most 200 characters, without control characters")
            return nil
        }
        return value
    }

    private func required(_ field: String, _ value: String, _ fail: (String, String) -> Void) -> String? {
        if value.isEmpty { fail(field, "is required") }
        return value.isEmpty ? nil : value
    }

    /// What a person's id may hold, as a nominee's id may: it names the person's awards stream.
    private static let identifierScalars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/".unicodeScalars)
}
