import Foundation

/// A CSV upload as RFC 4180 writes it: a header row naming the columns, then one record per
/// line; fields may be quoted (`"…"`, a quote inside doubled) and so hold commas and line
/// breaks. UTF-8, with or without the byte order mark spreadsheet programs write; CRLF or LF.
struct CSVTable: Sendable, Equatable {
    /// The header's column names, trimmed.
    let columns: [String]
    /// The records after the header, each as many fields as it has; blank lines are skipped.
    let records: [[String]]

    /// Parses `data`; a malformed file is a 400 saying where.
    static func parse(_ data: Data, maxRecords: Int) throws(Problem) -> CSVTable {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem.malformed("the CSV file is not UTF-8 text; save it as \"CSV UTF-8\"")
        }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return scalars.next()
        }
        func endRow() {
            row.append(field)
            field = ""
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let after = next()
                    if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                row.append(field)
                field = ""
            case "\r":
                let after = next()
                if after != "\n" { pending = after }
                endRow()
                line += 1
            case "\n":
                endRow()
                line += 1
            case "\"" where field.isEmpty:
                quoted = true
            default:
                field.unicodeScalars.append(scalar)
            }
            if rows.count > maxRecords + 1 {
                throw Problem.invalid(field: "rows", "a list has at most \(maxRecords) rows")
            }
        }
        guard !quoted else { throw Problem.malformed("the CSV file ends inside a quoted field opened before line \(line)") }
        if !field.isEmpty || !row.isEmpty { endRow() }
        guard let header = rows.first else { throw Problem.invalid(field: "rows", "the CSV file has no header row") }
        return CSVTable(columns: header.map { $0.trimmingCharacters(in: .whitespaces) }, records: Array(rows.dropFirst()))
    }
}
