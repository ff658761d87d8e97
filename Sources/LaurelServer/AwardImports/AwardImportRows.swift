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
        try CSVTable.importRecords(data, maxRecords: AwardImport.maxRows, known: AwardImportRow.columns,
                                   required: AwardImportRow.columns, what: "an import of awards")
            .map { AwardImportRow(row: $0.row, values: $0.values) }
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
}
