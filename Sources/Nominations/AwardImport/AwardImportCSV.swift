/// Reads a file of earlier awards: CSV as spreadsheet programs write it (RFC 4180: commas, fields
/// in double quotes where they hold commas, quotes or line breaks, a quote doubled inside them),
/// UTF-8 with or without a byte order mark, lines ending in CRLF or LF, a header row naming the
/// columns of ``AwardImportRow/columns``.
public enum AwardImportCSV {
    /// The data rows of the file `bytes`, refused as a whole unless they are UTF-8.
    public static func rows(utf8 bytes: some Collection<UInt8>) throws(DomainError) -> [AwardImportRow] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DomainError(.invalidRows, "the file is not UTF-8 text; nothing was imported",
                              rows: [RowProblem(row: 1, field: "row", reason: "save the file as CSV UTF-8")])
        }
        return try rows(text)
    }

    /// The data rows of `text`, each with its row number (the header is row 1; a blank line is a
    /// row, skipped, so that the numbers are the ones a spreadsheet shows).
    ///
    /// - Throws: `invalid_rows` for a header without the columns, rows with another number of
    ///   fields than the header, or a quoted field never closed, every one listed.
    public static func rows(_ text: String) throws(DomainError) -> [AwardImportRow] {
        let (records, unclosed) = records(text)
        guard let header = records.first else {
            throw DomainError(.invalidRows, "the file is empty", rows: [RowProblem(row: 1, field: "row", reason: "the header row is missing")])
        }
        var problems: [RowProblem] = []
        let names = header.fields.map(columnName)
        for column in AwardImportRow.columns where !names.contains(column) {
            problems.append(RowProblem(row: 1, field: column, reason: "the header has no column \(column)"))
        }
        for (index, name) in names.enumerated() where !AwardImportRow.columns.contains(name) || names.firstIndex(of: name) != index {
            problems.append(RowProblem(row: 1, field: header.fields[index], reason: AwardImportRow.columns.contains(name)
                ? "the column is named twice" : "is not a column of an import (\(AwardImportRow.columns.joined(separator: ", ")))"))
        }
        var rows: [AwardImportRow] = []
        for record in records.dropFirst() where !record.isBlank {
            guard record.fields.count == names.count else {
                problems.append(RowProblem(row: record.number, field: "row",
                                           reason: "has \(record.fields.count) fields where the header has \(names.count)"))
                continue
            }
            rows.append(AwardImportRow(row: record.number, values: Dictionary(zip(names, record.fields.map(trimmed)),
                                                                              uniquingKeysWith: { first, _ in first })))
        }
        if let unclosed {
            problems.append(RowProblem(row: unclosed, field: "row", reason: "a quoted field is not closed before the end of the file"))
        }
        guard problems.isEmpty else { throw DomainError(.invalidRows, "the file is not a valid import; nothing was imported", rows: problems) }
        return rows
    }

    /// One record of the file and its number (the first is 1).
    struct Record {
        let number: Int
        let fields: [String]
        /// A line with nothing on it.
        var isBlank: Bool { fields.allSatisfy { trimmed($0).isEmpty } }
    }

    /// The records of `text` and, when a quoted field runs to the end, the record it started in.
    /// Over Unicode scalars, not characters: "\r\n" is one `Character`.
    static func records(_ text: String) -> (records: [Record], unclosedAt: Int?) {
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var atFieldStart = true
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            atFieldStart = true
        }
        func endRecord() {
            endField()
            records.append(Record(number: records.count + 1, fields: fields))
            fields = []
        }
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar != "\"" {
                    field.append(scalar)
                } else if scalars.first == "\"" {
                    field.append(scalars.removeFirst())
                } else {
                    inQuotes = false
                }
                continue
            }
            switch scalar {
            case ",": endField()
            case "\n": endRecord()
            case "\r":
                if scalars.first == "\n" { scalars.removeFirst() }
                endRecord()
            case "\"" where atFieldStart:
                inQuotes = true
                atFieldStart = false
            default:
                field.append(scalar)
                atFieldStart = false
            }
        }
        let unclosed = inQuotes ? records.count + 1 : nil
        if !fields.isEmpty || !field.isEmpty || inQuotes { endRecord() }
        return (records, unclosed)
    }

    /// A header's name as a column: `Person ID` and `person-id` are `person_id`.
    static func columnName(_ header: String) -> String {
        String(trimmed(header).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Without the spaces and tabs spreadsheet cells often carry around their values.
    static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }
}
