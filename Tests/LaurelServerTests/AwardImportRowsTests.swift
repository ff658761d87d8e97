import Foundation
@testable import LaurelServer
import Nominations
import Testing

/// A file of earlier awards read as a spreadsheet writes it, its header and rows checked for form
/// before the domain checks their values.
@Suite struct AwardImportRowsTests {
    @Test func aFileWithAByteOrderMarkCRLFQuotesAndABlankLineIsReadRowByRow() throws {
        let text = "\u{FEFF}Person ID,Name,Unit,Title,Year,Decision number,decision-date\r\n"
            + "staff-7,\"Nguyễn Văn An\",vksnd-hanoi,grassroots_emulation_fighter,2023,\"15/QĐ-VKS, \"\"Hà Nội\"\"\",2023-12-20\r\n"
            + "\r\n"
            + " staff-8 ,Trần Thị Bình,vksnd-hanoi,Chiến sĩ thi đua cơ sở,2024,\"7/QĐ\r\nVKS\",2024-12-19\r\n"
        let rows = try AwardImportRows.csv(Data(text.utf8))
        #expect(rows.map(\.row) == [1, 2])
        #expect(rows[0].name == "Nguyễn Văn An")
        #expect(rows[0].decisionNumber == #"15/QĐ-VKS, "Hà Nội""#)
        #expect(rows[1].personID == "staff-8", "cells are trimmed")
        #expect(rows[1].decisionNumber == "7/QĐ\r\nVKS", "a quoted line break is the field's")
        #expect(rows[1].decisionDate == "2024-12-19")
    }

    @Test func aHeaderWithoutAColumnOrWithAnUnknownOneAndRowsOfAnotherShapeAreRefusedTogether() throws {
        let error = #expect(throws: DomainError.self) {
            try AwardImportRows.csv(Data("person_id,name,unit,title,yaer,decision_number,decision_date\nx,y,z,t,2020,n,2020-01-01\nx,y\n".utf8))
        }
        #expect(error?.code == .invalidRows)
        #expect(error?.rows == [
            RowProblem(row: 0, field: "yaer", reason: "is not a known column (person_id, name, unit, title, year, decision_number, decision_date)"),
            RowProblem(row: 0, field: "year", reason: "is a required column"),
            RowProblem(row: 2, field: "", reason: "has 2 fields; the header has 7"),
        ])
    }

    @Test func jsonRowsAreNumberedFromOneAndTheirJSONTypesChecked() throws {
        let rows = try AwardImportRows.json(FieldReader(body: Data(#"{"rows": [{"person_id": "a", "year": 2023}, {"name": "B"}]}"#.utf8)))
        #expect(rows.map(\.row) == [1, 2])
        #expect(rows.map(\.year) == ["2023", ""])
        let mistyped = #expect(throws: Problem.self) {
            try AwardImportRows.json(FieldReader(body: Data(#"{"rows": [{"year": "2023"}]}"#.utf8)))
        }
        #expect(mistyped?.code == "validation_failed")
    }
}
