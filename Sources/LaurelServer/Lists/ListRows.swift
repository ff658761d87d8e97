import Commands
import Foundation
import Nominations

/// The rows of a year-end list, from a JSON body or a CSV upload, read the same way: each row
/// becomes a submission whose id is the list's and the row's. Every problem of every row is
/// reported at once, by row number (from 1) and field.
enum ListRows {
    /// What the list says of itself besides its rows.
    struct Header {
        let unit: String
        let year: Int
    }

    /// A JSON body: `unit`, `year`, `documents` shared by every row (optional), `rows`.
    static func json(listID: String, _ body: FieldReader) throws(Problem) -> (Header, [NominationCommands.ListRow]) {
        try rowsProblem { () throws(Problem) -> (Header, [NominationCommands.ListRow]) in
            try body.read { body -> (Header, [NominationCommands.ListRow])? in
                let unit = body.identifier("unit")
                let year = body.integer("year", in: 1945...2100)
                let shared = CommandRoute.readDocuments(body, required: false) ?? []
                guard let unit, let year else { _ = body.objects("rows", maxCount: maxListRows) { _ in () }; return nil }
                let header = Header(unit: unit, year: year)
                let rows = body.objects("rows", maxCount: maxListRows) { row in
                    Self.row(row, listID: listID, number: 0, header: header, shared: shared)
                }
                return rows.map { rows in
                    (header, rows.enumerated().map { index, row in renumbered(row, listID: listID, number: index + 1) })
                }
            }
        }
    }

    /// A CSV upload: a header row, then one row per nomination; `unit` and `year` come from the
    /// query. Columns: `title`, `nominee_id`, `name`, `position`, `is_front_line` (individuals),
    /// `nominee_type`, `size`, `is_small_collective` (collectives), `unit` (when not the list's),
    /// `kind` (annual when absent), `achievement_summary`, `initiative_year`, `initiative_scope`,
    /// and one `<kind>_sha256` column per document, such as `achievement_report_sha256`.
    static func csv(listID: String, header: Header, _ data: Data) throws(Problem) -> [NominationCommands.ListRow] {
        let table = try CSVTable.parse(data, maxRecords: maxListRows)
        var headerErrors: [Problem.FieldError] = []
        for column in table.columns where path(of: column) == nil {
            headerErrors.append(.init(field: column, reason: "is not a known column", row: 0))
        }
        for column in ["title", "nominee_id", "name", "achievement_summary"] where !table.columns.contains(column) {
            headerErrors.append(.init(field: column, reason: "is a required column", row: 0))
        }
        guard headerErrors.isEmpty else { throw listProblem(headerErrors) }
        guard !table.records.isEmpty else { throw Problem.invalid(field: "rows", "the CSV file has a header and no rows") }
        var errors: [Problem.FieldError] = []
        var rows: [NominationCommands.ListRow] = []
        for (index, record) in table.records.enumerated() {
            guard record.count == table.columns.count else {
                errors.append(.init(field: "", reason: "has \(record.count) fields; the header has \(table.columns.count)", row: index + 1))
                continue
            }
            let reader = FieldReader(text: object(columns: table.columns, record: record))
            do {
                rows.append(try reader.read { Self.row($0, listID: listID, number: index + 1, header: header, shared: []) })
            } catch {
                errors += (error.errors ?? []).map { var error = $0; error.row = index + 1; return error }
            }
        }
        guard errors.isEmpty else { throw listProblem(errors) }
        return rows
    }

    /// 422 `list_rows_invalid`: what is wrong with each row; nothing was stored.
    static func listProblem(_ errors: [Problem.FieldError]) -> Problem {
        let rows = Set(errors.compactMap(\.row)).subtracting([0]).count
        var problem = Problem(code: "list_rows_invalid", status: .unprocessableContent, title: "Invalid rows",
                              detail: rows > 0 ? "\(rows) row\(rows == 1 ? " is" : "s are") invalid; nothing was stored"
                                               : "the list is invalid; nothing was stored")
        problem.errors = errors
        return problem
    }

    /// The domain's refusals of list `listID`'s rows, each by its row number and the field it is about.
    static func refused(_ refused: BatchRefused, listID: String) -> Problem {
        listProblem(refused.refusals.map { refusal in
            .init(field: field(of: refusal.error.code), reason: refusal.error.message,
                  row: listedRow(of: refusal.stream.id, list: listID), code: refusal.error.code.rawValue)
        })
    }

    private static func field(of code: DomainError.Code) -> String {
        switch code {
        case .alreadyNominated: "nominee.id"
        case .unitNotAllowed: "nominee.unit"
        case .notEligible, .configurationMissing, .authorityNotAllowed: "title"
        case .dossierIncomplete: "documents"
        default: ""
        }
    }

    /// A JSON body's field errors, `rows[4].nominee.id` read as row 5's `nominee.id`.
    private static func rowsProblem<T>(_ read: () throws(Problem) -> T) throws(Problem) -> T {
        try positioned("rows", read)
    }

    /// A JSON body's field errors in the array `key`, `key[4].field` read as position 5's `field`.
    static func positioned<T>(_ key: String, _ read: () throws(Problem) -> T) throws(Problem) -> T {
        do {
            return try read()
        } catch where error.code == "validation_failed" {
            throw listProblem((error.errors ?? []).map { error in
                guard error.field.hasPrefix(key + "["), let close = error.field.firstIndex(of: "]"),
                      let index = Int(error.field[error.field.index(error.field.startIndex, offsetBy: key.count + 1)..<close])
                else { return error }
                var field = String(error.field[error.field.index(after: close)...])
                if field.hasPrefix(".") { field.removeFirst() }
                return .init(field: field, reason: error.reason, row: index + 1)
            })
        }
    }

    private static func row(
        _ row: FieldReader, listID: String, number: Int, header: Header, shared: [DossierDocument]
    ) -> NominationCommands.ListRow? {
        let kind = row.identifier("kind", required: false) ?? "annual"
        let title = row.identifier("title")
        let nominee = row.object("nominee") { nominee in CommandRoute.readNominee(nominee, defaultUnit: header.unit) }
        let summary = row.string("achievement_summary", maxLength: 20_000)
        let documents = CommandRoute.readDocuments(row, required: false) ?? []
        let initiatives = row.objects("initiatives", maxCount: 20, required: false) { CommandRoute.readInitiative($0) } ?? []
        guard let title, let nominee, let summary else { return nil }
        return NominationCommands.ListRow(
            submission: .init(nominationID: listedNominationID(list: listID, row: number), kind: kind, title: title, year: header.year,
                              nominee: nominee, achievementSummary: summary, documents: shared + documents),
            initiatives: initiatives)
    }

    private static func renumbered(_ row: NominationCommands.ListRow, listID: String, number: Int) -> NominationCommands.ListRow {
        let submission = row.submission
        return NominationCommands.ListRow(
            submission: .init(nominationID: listedNominationID(list: listID, row: number), kind: submission.kind, title: submission.title,
                              year: submission.year, nominee: submission.nominee, achievementSummary: submission.achievementSummary,
                              documents: submission.documents),
            initiatives: row.initiatives)
    }

    /// Where a CSV column goes in a row's object: `nominee_id` is `nominee.id`.
    private static func path(of column: String) -> [String]? {
        switch column {
        case "title", "kind", "achievement_summary": [column]
        case "nominee_id": ["nominee", "id"]
        case "nominee_type": ["nominee", "type"]
        case "name", "unit", "position", "is_front_line", "size", "is_small_collective": ["nominee", column]
        case "initiative_year": ["initiatives", "year"]
        case "initiative_scope": ["initiatives", "scope"]
        default: column.hasSuffix("_sha256") && column.count > 7 ? ["documents", String(column.dropLast(7))] : nil
        }
    }

    /// A CSV record as the object a JSON row would be; empty fields are left out.
    private static func object(columns: [String], record: [String]) -> [String: JSONValue] {
        var row: [String: JSONValue] = [:]
        var nominee: [String: JSONValue] = ["type": .string("individual")]
        var initiative: [String: JSONValue] = [:]
        var documents: [JSONValue] = []
        for (column, value) in zip(columns, record) {
            let value = value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, let path = path(of: column) else { continue }
            switch path[0] {
            case "nominee": nominee[path[1]] = .string(value)
            case "initiatives": initiative[path[1]] = .string(value)
            case "documents":
                documents.append(.object(["kind": .string(path[1]), "title": .string(path[1]), "sha256": .string(value)]))
            default: row[path[0]] = .string(value)
            }
        }
        row["nominee"] = .object(nominee)
        if !initiative.isEmpty { row["initiatives"] = .array([.object(initiative)]) }
        if !documents.isEmpty { row["documents"] = .array(documents) }
        return row
    }
}
