import Nominations
import Testing
import Workflow

/// Awards held before Laurel: the file read as spreadsheets write it, every bad row reported at
/// once, the standing office's units, and eligibility counting what was imported.
@Suite struct AwardImportTests {
    static let header = "person_id,name,unit,title,year,decision_number,decision_date"
    static let sha = String(repeating: "0f", count: 32)

    /// Three consecutive grassroots titles of Nguyễn Văn An (staff-7) at Hà Nội, 2022 to 2024.
    static let grassroots = [Self.header] + (2022...2024).map {
        "staff-7,Nguyễn Văn An,vksnd-hanoi,grassroots_emulation_fighter,\($0),\($0 - 2000)/QĐ-VKS,\($0)-12-20"
    }

    func context(_ actor: Actor = People.office, today: String = "2025-01-06") throws -> RecordedDecisionContext {
        RecordedDecisionContext(actor: actor, today: day(today), configuration: try shippedConfiguration())
    }

    /// The awards an import of `lines` records, decided on no earlier import.
    func imported(_ lines: [String], by actor: Actor = People.office) throws -> [ImportedAward] {
        try imported(text: lines.joined(separator: "\n"), by: actor)
    }

    func imported(text: String, by actor: Actor = People.office) throws -> [ImportedAward] {
        let command = AwardImportCommand.record(fileSHA256: Self.sha, rows: try AwardImportCSV.rows(text))
        guard case .recorded(let recorded)? = try AwardImport.decide(command, nil, try context(actor)).first else { return [] }
        return recorded.awards
    }

    @Test func aFileWithAByteOrderMarkCRLFQuotesAndABlankLineIsReadWithSpreadsheetRowNumbers() throws {
        let text = "\u{FEFF}Person ID,Name,Unit,Title,Year,Decision number,Decision date\r\n"
            + "staff-7,\"Nguyễn Văn An\",vksnd-hanoi,grassroots_emulation_fighter,2023,\"15/QĐ-VKS, \"\"Hà Nội\"\"\",2023-12-20\r\n"
            + "\r\n"
            + " staff-8 ,Trần Thị Bình,vksnd-hanoi,Chiến sĩ thi đua cơ sở,2024,\"7/QĐ\r\nVKS\",2024-12-19\r\n"
        let rows = try AwardImportCSV.rows(text)
        #expect(rows.map(\.row) == [2, 4])
        #expect(rows[0].name == "Nguyễn Văn An")
        #expect(rows[0].decisionNumber == #"15/QĐ-VKS, "Hà Nội""#)
        #expect(rows[1].personID == "staff-8")
        #expect(rows[1].decisionNumber == "7/QĐ\r\nVKS")
        let broken = #expect(throws: DomainError.self) { try imported(text: text) }
        #expect(broken?.rows == [RowProblem(row: 4, field: "decision_number", reason: "must not contain control characters")],
                "a line break read as part of a field is kept, and refused in a decision's number")
        let awards = try imported(text: text.replacingOccurrences(of: "7/QĐ\r\nVKS", with: "7/QĐ-VKS"))
        #expect(awards.map(\.title) == ["grassroots_emulation_fighter", "grassroots_emulation_fighter"],
                "a title is found by its Vietnamese name too")
        #expect(awards.map(\.decisionDate) == [day("2023-12-20"), day("2024-12-19")])
        #expect(awards.map(\.row) == [2, 4])
    }

    @Test func aHeaderWithoutAColumnOrWithAnUnknownOneIsRefusedAtRowOne() throws {
        let error = #expect(throws: DomainError.self) {
            try AwardImportCSV.rows("person_id,name,unit,title,yaer,decision_number,decision_date\nx,y,z,t,2020,n,2020-01-01\n")
        }
        #expect(error?.code == .invalidRows)
        #expect(error?.rows == [RowProblem(row: 1, field: "year", reason: "the header has no column year"),
                                RowProblem(row: 1, field: "yaer", reason: "is not a column of an import "
                                           + "(person_id, name, unit, title, year, decision_number, decision_date)")])
    }

    @Test func everyBadRowIsReportedByNumberAndFieldAndNothingIsRecorded() throws {
        let lines = [
            Self.header,
            "staff-1,Lê Văn Cường,vksnd-hanoi,best_prosecutor,2023,1/QĐ,2023-12-20",
            "staff-2,Phạm Thị Dung,vksnd-atlantis,grassroots_emulation_fighter,2023,2/QĐ,2023-12-20",
            "staff-3,Hoàng Văn Em,vksnd-hanoi,grassroots_emulation_fighter,1890,3/QĐ,2023-12-20",
            "staff-4,Võ Thị Gấm,vksnd-hanoi,grassroots_emulation_fighter,2023,4/QĐ,20/12/2023",
            ",Đỗ Văn Hải,vksnd-hanoi,grassroots_emulation_fighter,2023,5/QĐ,2023-12-20",
            "staff-6,Bùi Thị Lan,vksnd-hanoi,grassroots_emulation_fighter,2023,6/QĐ,2023-12-20",
            "staff-6,Bùi Thị Lan,vksnd-hanoi,grassroots_emulation_fighter,2023,6b/QĐ,2023-12-21",
            "staff-9,Ngô Văn Minh,vksnd-hanoi,excellent_labour_collective,2023,9/QĐ,2022-12-20",
            "staff-10,Đinh Thị Nga,vksnd-hanoi",
        ]
        let error = #expect(throws: DomainError.self) { try imported(lines) }
        #expect(error?.code == .invalidRows)
        #expect(error?.rows == [RowProblem(row: 10, field: "row", reason: "has 3 fields where the header has 7")],
                "a row of the wrong shape is refused with the file, before its values are checked")
        let shaped = #expect(throws: DomainError.self) { try imported(Array(lines.dropLast())) }
        #expect(shaped?.rows.map { "\($0.row) \($0.field)" } == [
            "2 title", "3 unit", "4 year", "5 decision_date", "6 person_id", "8 row", "9 decision_date", "9 title",
        ])
        #expect(shaped?.rows.first { $0.row == 8 }?.reason == "repeats row 7: the same person, title and year")
        #expect(shaped?.rows.first { $0.row == 3 }?.reason == "vksnd-atlantis is not a unit of the organisation")
        #expect(shaped?.message == "7 row(s) of the file are invalid; nothing was imported")
    }

    @Test func onlyTheStandingOfficeImportsAndOnlyForTheUnitsItCovers() throws {
        let officer = #expect(throws: DomainError.self) { try imported(Self.grassroots, by: People.officer) }
        #expect(officer?.code == .roleNotAllowed)
        let hanoiOffice = Actor(id: "office-hn", roles: ["standing_office"], unit: "vksnd-hanoi")
        #expect(try imported(Self.grassroots, by: hanoiOffice).count == 3)
        let nghean = Self.grassroots + ["staff-5,Lý Văn Phúc,vksnd-nghean,grassroots_emulation_fighter,2024,8/QĐ,2024-12-20"]
        let outside = #expect(throws: DomainError.self) { try imported(nghean, by: hanoiOffice) }
        #expect(outside?.code == .unitNotAllowed)
        #expect(outside?.rows == [RowProblem(row: 5, field: "unit", reason: "vksnd-hanoi does not cover vksnd-nghean")])
    }

    @Test func theSameFileAgainRecordsNothingForAnOfficeCoveringItsUnits() throws {
        let awards = try imported(Self.grassroots)
        let done = AwardImport(recorded: AwardImportRecorded(fileSHA256: Self.sha, recordedBy: "office-1", recordedOn: day("2025-01-06"),
                                                             awards: awards))
        let again = AwardImportCommand.record(fileSHA256: Self.sha, rows: [])
        #expect(try AwardImport.decide(again, done, try context()).isEmpty)
        let danang = Actor(id: "office-dn", roles: ["standing_office"], unit: "vksnd-danang")
        #expect(throws: DomainError.self) { try AwardImport.decide(again, done, try context(danang)) }
    }

    @Test func threeImportedGrassrootsTitlesMakeTheNomineeEligibleForTheSectorTitle() throws {
        func held(_ awards: [ImportedAward]) throws -> NomineeHistory {
            let events = try NomineeAwards.decide(.importEarlier(fileSHA256: Self.sha, awards), .initialState, ())
            return NomineeHistory(titles: NomineeAwards.fold(events).heldTitles,
                                  initiatives: [RecognisedInitiative(year: 2024, scope: .sector)])
        }
        let awards = try imported(Self.grassroots)
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: try held(awards))
        #expect(harness.state == "submitted")

        var refused = Harness(configuration: try shippedConfiguration())
        let error = #expect(throws: DomainError.self) {
            try refused.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: try held(Array(awards.dropFirst())))
        }
        #expect(error?.code == .notEligible, "two imported titles are not three")
    }

    @Test func anImportedAdHocTitleKeepsItsKindAndTheFirstImportOfAnAwardStands() throws {
        let merit = try imported([Self.header, "staff-7,Nguyễn Văn An,vksnd-hanoi,certificate_of_merit,2023,9/QĐ-VKSTC,2023-10-02"])
        var awards = NomineeAwards.fold(try NomineeAwards.decide(.importEarlier(fileSHA256: Self.sha, merit), .initialState, ()))
        #expect(awards.heldTitles == [HeldTitle(title: "certificate_of_merit", year: 2023, wasAdHoc: true)])
        let cited = try imported([Self.header, "staff-7,Nguyễn Văn An,vksnd-hanoi,certificate_of_merit,2023,10/QĐ-VKSTC,2023-10-03"])
        for event in try NomineeAwards.decide(.importEarlier(fileSHA256: "other", cited), awards, ()) {
            awards = NomineeAwards.evolve(awards, event)
        }
        #expect(awards.heldTitles.count == 1, "another file citing the same award adds no second title")
    }
}
