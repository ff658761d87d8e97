import Nominations
import Testing
import Workflow

/// Service records imported for the commemorative medal: every bad row reported at once, only the
/// standing office, only for the units it covers, and a file imported once.
@Suite struct ServiceRecordImportTests {
    static let sha = String(repeating: "ab", count: 32)

    func context(_ actor: Actor = People.office, today: String = "2026-06-01") throws -> CommandContext {
        CommandContext(actor: actor, today: day(today), configuration: try shippedConfiguration())
    }

    /// Rows written as a file's lines, in the columns' order, numbered from 1.
    static func rows(_ lines: [String]) -> [ServiceRecordRow] {
        lines.enumerated().map { index, line in
            ServiceRecordRow(row: index + 1, values: Dictionary(uniqueKeysWithValues: zip(
                ServiceRecordRow.columns, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))))
        }
    }

    func imported(_ lines: [String], by actor: Actor = People.office) throws -> [ServiceRecord] {
        let command = ServiceRecordImportCommand.record(fileSHA256: Self.sha, rows: Self.rows(lines))
        guard case .recorded(let recorded)? = try ServiceRecordImport.decide(command, nil, try context(actor)).first else { return [] }
        return recorded.records
    }

    @Test func aGoodFileRecordsEveryRowWithItsDatesAndMeasure() throws {
        let records = try imported(["cb-1,Nguyễn Văn An,vksnd-hanoi,Kiểm sát viên,true,2011-07-26,,,",
                                    "cb-2,Trần Thị Bình,vksnd-hanoi,,FALSE,2000-03-01,2025-12-31,2010-01-01,2010-06-30",
                                    "cb-3,Lê Văn Cường,vksnd-hanoi,,TRUE,2001-03-01,,,"])
        #expect(records.map(\.personID) == ["cb-1", "cb-2", "cb-3"])
        #expect(records.map(\.isFrontLine) == [true, false, true])
        #expect(records[0].sectorEnd == nil && records[0].discipline == nil && records[0].isFrontLine && records[0].position == "Kiểm sát viên")
        #expect(records[1].sectorEnd == day("2025-12-31"))
        #expect(records[1].discipline == DisciplinePeriod(from: day("2010-01-01"), to: day("2010-06-30")))
        #expect(!records[1].isFrontLine)
    }

    @Test func everyBadRowIsReportedByNumberAndFieldAndNothingIsRecorded() throws {
        let error = #expect(throws: DomainError.self) {
            try imported([
                "cb-1,Nguyễn Văn An,vksnd-atlantis,,,2011-07-26,,,",
                ",Trần Thị Bình,vksnd-hanoi,,,2000-03-01,,,",
                "cb-3,Lê Văn Cường,vksnd-hanoi,,,26/07/2011,,,",
                "cb-4,Phạm Thị Dung,vksnd-hanoi,,,2011-07-26,2010-01-01,,",
                "cb-5,Hoàng Văn Em,vksnd-hanoi,,,2026-06-02,,,",
                "cb-6,Võ Thị Gấm,vksnd-hanoi,,,2011-07-26,,,2012-01-01",
                "cb-7,Đỗ Văn Hải,vksnd-hanoi,,,2011-07-26,,2012-02-01,2012-01-01",
                "cb-8,Bùi Thị Lan,vksnd-hanoi,,maybe,2011-07-26,,,",
                "cb-9,Ngô Văn Minh,vksnd-hanoi,,,2011-07-26,,,",
                "cb-9,Ngô Văn Minh,vksnd-hanoi,,,2012-07-26,,,",
            ])
        }
        #expect(error?.code == .invalidRows)
        #expect(error?.rows.map { "\($0.row) \($0.field)" } == [
            "1 unit", "2 person_id", "3 sector_start", "4 sector_end", "5 sector_start", "6 discipline_from", "7 discipline_to",
            "8 is_front_line", "10 person_id",
        ])
    }

    @Test func onlyTheStandingOfficeImportsAndOnlyForTheUnitsItCovers() throws {
        let line = ["cb-1,Nguyễn Văn An,vksnd-danang,,,2011-07-26,,,"]
        #expect(throws: DomainError.self) { try imported(line, by: People.officer) }
        let hanoiOffice = Actor(id: "office-hn", roles: ["standing_office"], unit: "vksnd-hanoi")
        let error = #expect(throws: DomainError.self) { try imported(line, by: hanoiOffice) }
        #expect(error?.code == .unitNotAllowed)
        #expect(error?.rows.map(\.row) == [1])
        #expect(try imported(line).count == 1)
    }

    @Test func aFileImportedBeforeRecordsNothingAgain() throws {
        let command = ServiceRecordImportCommand.record(fileSHA256: Self.sha, rows: Self.rows(["cb-1,Nguyễn Văn An,vksnd-hanoi,,,2011-07-26,,,"]))
        let events = try ServiceRecordImport.decide(command, nil, try context())
        let state = events.reduce(ServiceRecordImport.initialState, ServiceRecordImport.evolve)
        #expect(try ServiceRecordImport.decide(command, state, try context()).isEmpty)
        // The index lists each import once.
        let listed = ServiceRecordIndex.decide(ListServiceRecordImport(fileSHA256: Self.sha, records: 1), ServiceRecordIndex(), ())
        let index = listed.reduce(ServiceRecordIndex.initialState, ServiceRecordIndex.evolve)
        #expect(index.imports == [Self.sha])
        #expect(ServiceRecordIndex.decide(ListServiceRecordImport(fileSHA256: Self.sha, records: 1), index, ()).isEmpty)
    }
}
