import Workflow

/// A filled form of the statistical report on emulation and commendation to the Ministry of Home
/// Affairs (Biểu …N/BNV-TĐKT, Circular 02/2023/TT-BNV): the form's columns and rows as
/// transcribed, a count in each cell Laurel's data can fill, and a blank with a footnote in each
/// it cannot. One shape for every form, so JSON, the printed page and CSV are made once.
struct StatisticalForm: Encodable, Equatable {
    /// A column of counts, numbered as on the form (1 is the total).
    struct Column: Encodable, Equatable {
        let number: Int
        let label: String
        /// The title the column counts (a rule set's key), for the forms that count awards.
        let title: String?
    }

    /// A row: a heading when it has no `code`, else a count per column, nil where the data cannot
    /// fill the cell.
    struct Row: Encodable, Equatable {
        /// The form's "Mã số" (`01`…); nil for a heading.
        let code: String?
        let label: String
        /// The form's "Đơn vị tính" (Người, Tập thể, …), on the forms that have that column.
        let measure: String?
        /// One per column, in the columns' order; empty for a heading.
        let values: [Int?]
        /// The footnote (1-based, in ``StatisticalForm/notes``) saying why the row is blank or
        /// approximate.
        let note: Int?

        /// A group's heading ("1. Chia theo đối tượng khen thưởng"), which counts nothing.
        static func heading(_ label: String) -> Row { Row(code: nil, label: label, measure: nil, values: [], note: nil) }
    }

    /// The form's code (`0603.N/BNV-TĐKT`).
    let form: String
    let name: String
    /// The circular that issued the form, as its header cites it.
    let basis: String
    /// The basis of the forms of Circular 02/2023/TT-BNV.
    static let circular0223 = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ"
    /// The report year and its period: 01/12 of the year before to 30/11 of the year.
    let year: Int
    let from: LocalDate
    let to: LocalDate
    /// The form's unit of count when the whole form has one ("Phong trào").
    let measure: String?
    /// When the report is due, where the transcription states it.
    let due: String?
    let columns: [Column]
    let rows: [Row]
    let notes: [String]

    /// The period of report year `year` for emulation and commendation (Circular 02/2023/TT-BNV):
    /// from 1 December of the year before to 30 November of the year.
    static func period(of year: Int) -> (from: LocalDate, to: LocalDate) {
        (LocalDate(year: year - 1, month: 12, day: 1)!, LocalDate(year: year, month: 11, day: 30)!)
    }

    /// The report year whose period ended last by `today`: this year's from December, else last year's.
    static func lastYear(by today: LocalDate) -> Int { today.month == 12 ? today.year : today.year - 1 }

    /// The rows with codes, as CSV lines: code, label, measure, then a cell per column, empty where blank.
    var csvLines: [[String]] {
        [["Mã số", "Chỉ tiêu", "Đơn vị tính"] + columns.map { "\($0.number). \($0.label)" }]
            + rows.compactMap { row in
                row.code.map { [$0, row.label, row.measure ?? ""] + row.values.map { $0.map(String.init) ?? "" } }
            }
    }

    /// The form as the printed page shows it: a blank cell as "—", a footnote's number by the row.
    func printModel(reporter: String) -> [String: Any] {
        var model: [String: Any] = [
            "form": form, "name": name, "basis": basis, "year": year, "from": Yearbook.day(from.description),
            "to": Yearbook.day(to.description), "reporter": reporter, "measured": rows.contains { $0.measure != nil },
            "columns": columns.map { ["number": $0.number, "label": $0.label] as [String: Any] },
            "rows": rows.map { row -> [String: Any] in
                var printed: [String: Any] = ["label": row.label, "heading": row.code == nil, "measure": row.measure ?? "",
                                              "cells": row.values.map { $0.map(String.init) ?? "—" }]
                if let code = row.code { printed["code"] = code }
                if let note = row.note { printed["note"] = note }
                return printed
            },
            "notes": notes.enumerated().map { ["number": $0.offset + 1, "text": $0.element] as [String: Any] },
        ]
        if let measure { model["measure"] = measure }
        if let due { model["due"] = due }
        return model
    }
}
