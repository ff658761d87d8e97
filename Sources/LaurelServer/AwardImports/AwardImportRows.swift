import Foundation
import Nominations

/// The rows of an import of earlier awards, from a CSV upload or a JSON body, numbered from 1 as
/// a year-end list's are. Only their form is checked here; their values are checked by the
/// domain, every bad row answered at once (`invalid_rows`).
enum AwardImportRows {
    /// A CSV upload ([`CSVTable`](CSVTable)): a header naming the columns of
    /// `AwardImportRow.columns` in any order (`Person ID` and `person-id` read as `person_id`),
    /// then one award per row.
    ///
    /// - Throws: `invalid_rows` naming the header's unknown and missing columns (row 0) and the
    ///   rows with another number of fields than the header; a malformed file as `CSVTable` does.
    static func csv(_ data: Data) throws -> [AwardImportRow] {
        let table = try CSVTable.parse(data, maxRecords: AwardImport.maxRows)
        let columns = table.columns.map(columnName)
        var problems: [RowProblem] = []
        for (index, column) in columns.enumerated() where !AwardImportRow.columns.contains(column) || columns.firstIndex(of: column) != index {
            problems.append(RowProblem(row: 0, field: table.columns[index], reason: AwardImportRow.columns.contains(column)
                ? "is named twice" : "is not a known column (\(AwardImportRow.columns.joined(separator: ", ")))"))
        }
        for column in AwardImportRow.columns where !columns.contains(column) {
            problems.append(RowProblem(row: 0, field: column, reason: "is a required column"))
        }
        var rows: [AwardImportRow] = []
        for (index, record) in table.records.enumerated() {
            guard record.count == columns.count else {
                problems.append(RowProblem(row: index + 1, field: "", reason: "has \(record.count) fields; the header has \(columns.count)"))
                continue
            }
            rows.append(AwardImportRow(row: index + 1, values: Dictionary(zip(columns, record.map(trimmed)), uniquingKeysWith: { first, _ in first })))
        }
        guard problems.isEmpty else { throw DomainError(.invalidRows, "the file is not an import of awards; nothing was imported", rows: problems) }
        return rows
    }

    /// A JSON body, `{"rows": [{"person_id": …, "year": 2023, …}]}`: a value of the wrong JSON
    /// type is 422 `validation_failed`, as on every JSON route.
    static func json(_ body: FieldReader) throws(Problem) -> [AwardImportRow] {
        var number = 0
        return try body.read { body in
            body.objects("rows", maxCount: AwardImport.maxRows) { row -> AwardImportRow? in
                number += 1
                func text(_ key: String) -> String { row.string(key, maxLength: 1_000, required: false) ?? "" }
                return AwardImportRow(
                    row: number, personID: text("person_id"), name: text("name"), unit: text("unit"), title: text("title"),
                    year: row.integer("year", in: Int(Int32.min)...Int(Int32.max), required: false).map(String.init) ?? "",
                    decisionNumber: text("decision_number"), decisionDate: text("decision_date"))
            }
        }
    }

    /// A header's name as a column: `Person ID` and `person-id` are `person_id`.
    static func columnName(_ header: String) -> String {
        String(header.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Without the spaces and tabs spreadsheet cells often carry around their values.
    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }
}
