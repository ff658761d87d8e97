import Foundation
import Nominations

/// The rows of an import of service records, from a CSV upload or a JSON body, numbered from 1 as
/// a year-end list's are. Only their form is checked here; their values are checked by the
/// domain, every bad row answered at once (`invalid_rows`).
enum ServiceRecordRows {
    /// A CSV upload ([`CSVTable`](CSVTable)): a header naming columns of
    /// `ServiceRecordRow.columns` in any order (`Person ID` and `person-id` read as `person_id`),
    /// at least the required ones, then one person per row.
    ///
    /// - Throws: `invalid_rows` naming the header's unknown, repeated and missing columns (row 0)
    ///   and the rows with another number of fields than the header; a malformed file as `CSVTable` does.
    static func csv(_ data: Data) throws -> [ServiceRecordRow] {
        try CSVTable.importRecords(data, maxRecords: ServiceRecordImport.maxRows, known: ServiceRecordRow.columns,
                                   required: ServiceRecordRow.requiredColumns, what: "an import of service records")
            .map { ServiceRecordRow(row: $0.row, values: $0.values) }
    }

    /// A JSON body, `{"rows": [{"person_id": …, "sector_start": "2011-07-26", "is_front_line": true, …}]}`:
    /// a value of the wrong JSON type is 422 `validation_failed`, as on every JSON route.
    static func json(_ body: FieldReader) throws(Problem) -> [ServiceRecordRow] {
        var number = 0
        return try body.read { body in
            body.objects("rows", maxCount: ServiceRecordImport.maxRows) { row -> ServiceRecordRow? in
                number += 1
                func text(_ key: String) -> String { row.string(key, maxLength: 1_000, required: false) ?? "" }
                return ServiceRecordRow(
                    row: number, personID: text("person_id"), name: text("name"), unit: text("unit"), position: text("position"),
                    isFrontLine: row.bool("is_front_line", required: false).map(String.init) ?? "", sectorStart: text("sector_start"),
                    sectorEnd: text("sector_end"), disciplineFrom: text("discipline_from"), disciplineTo: text("discipline_to"))
            }
        }
    }
}
