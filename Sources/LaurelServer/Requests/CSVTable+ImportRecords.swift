import Foundation
import Nominations

extension CSVTable {
    /// The records of an import file (earlier awards, service records), each as its values by
    /// column and numbered from 1 as a year-end list's rows are. The header's names read as
    /// columns (`Person ID` and `person-id` are `person_id`); values lose the spaces and tabs
    /// spreadsheet cells often carry around them.
    ///
    /// - Throws: `invalid_rows` naming the header's unknown, repeated and missing columns (row 0)
    ///   and the records with another number of fields than the header, the file being no `what`;
    ///   a malformed file as ``parse(_:maxRecords:)`` does.
    static func importRecords(
        _ data: Data, maxRecords: Int, known: [String], required: [String], what: String
    ) throws -> [(row: Int, values: [String: String])] {
        let table = try parse(data, maxRecords: maxRecords)
        let columns = table.columns.map { String($0.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }) }
        var problems: [RowProblem] = []
        for (index, column) in columns.enumerated() where !known.contains(column) || columns.firstIndex(of: column) != index {
            problems.append(RowProblem(row: 0, field: table.columns[index], reason: known.contains(column)
                ? "is named twice" : "is not a known column (\(known.joined(separator: ", ")))"))
        }
        for column in required where !columns.contains(column) {
            problems.append(RowProblem(row: 0, field: column, reason: "is a required column"))
        }
        var records: [(row: Int, values: [String: String])] = []
        for (index, record) in table.records.enumerated() {
            guard record.count == columns.count else {
                problems.append(RowProblem(row: index + 1, field: "", reason: "has \(record.count) fields; the header has \(columns.count)"))
                continue
            }
            let values = record.map { $0.trimmingCharacters(in: .whitespaces) }
            records.append((index + 1, Dictionary(zip(columns, values), uniquingKeysWith: { first, _ in first })))
        }
        guard problems.isEmpty else {
            throw DomainError(.invalidRows, "the file is not \(what); nothing was imported", rows: problems)
        }
        return records
    }
}
