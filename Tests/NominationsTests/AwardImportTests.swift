import Nominations
import Testing
import Workflow

/// Awards held before Laurel: every bad row reported at once, the standing office's units, and
/// eligibility counting what was imported.
@Suite struct AwardImportTests {
    static let sha = String(repeating: "0f", count: 32)

    /// Three consecutive grassroots titles of Nguyễn Văn An (staff-7) at Hà Nội, 2022 to 2024.
    static let grassroots = (2022...2024).map {
        "staff-7,Nguyễn Văn An,vksnd-hanoi,grassroots_emulation_fighter,\($0),\($0 - 2000)/QĐ-VKS,\($0)-12-20"
    }

    func context(_ actor: Actor = People.office, today: String = "2025-01-06") throws -> CommandContext {
        CommandContext(actor: actor, today: day(today), configuration: try shippedConfiguration())
    }

    /// Rows written as a file's lines (without quotes), in the columns' order, numbered from 1.
    static func rows(_ lines: [String]) -> [AwardImportRow] {
        lines.enumerated().map { index, line in
            AwardImportRow(row: index + 1, values: Dictionary(uniqueKeysWithValues: zip(
                AwardImportRow.columns, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))))
        }
    }

    /// The awards an import of `lines` records, decided on no earlier import.
    func imported(_ lines: [String], by actor: Actor = People.office) throws -> [ImportedAward] {
        let command = AwardImportCommand.record(fileSHA256: Self.sha, rows: Self.rows(lines))
        guard case .recorded(let recorded)? = try AwardImport.decide(command, nil, try context(actor)).first else { return [] }
        return recorded.awards
    }

    @Test func aTitleIsFoundByItsIdOrItsNameAndKeepsItsRowAndDecision() throws {
        let awards = try imported(["staff-7,Nguyễn Văn An,vksnd-hanoi,grassroots_emulation_fighter,2023,15/QĐ-VKS,2023-12-20",
                                   "staff-8,Trần Thị Bình,vksnd-hanoi,Chiến sĩ thi đua cơ sở,2024,7/QĐ-VKS,2024-12-19"])
        #expect(awards.map(\.title) == ["grassroots_emulation_fighter", "grassroots_emulation_fighter"])
        #expect(awards.map(\.titleName) == ["Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua cơ sở"])
        #expect(awards.map(\.decisionDate) == [day("2023-12-20"), day("2024-12-19")])
        #expect(awards.map(\.row) == [1, 2])
        #expect(awards.map(\.awardID) == ["imported-staff-7-2023-grassroots_emulation_fighter",
                                          "imported-staff-8-2024-grassroots_emulation_fighter"])
    }

    @Test func everyBadRowIsReportedByNumberAndFieldAndNothingIsRecorded() throws {
        let error = #expect(throws: DomainError.self) {
            try imported([
                "staff-1,Lê Văn Cường,vksnd-hanoi,best_prosecutor,2023,1/QĐ,2023-12-20",
                "staff-2,Phạm Thị Dung,vksnd-atlantis,grassroots_emulation_fighter,2023,2/QĐ,2023-12-20",
                "staff-3,Hoàng Văn Em,vksnd-hanoi,grassroots_emulation_fighter,1890,3/QĐ,2023-12-20",
                "staff-4,Võ Thị Gấm,vksnd-hanoi,grassroots_emulation_fighter,2023,4/QĐ,20/12/2023",
                ",Đỗ Văn Hải,vksnd-hanoi,grassroots_emulation_fighter,2023,5/QĐ,2023-12-20",
                "staff-6,Bùi Thị Lan,vksnd-hanoi,grassroots_emulation_fighter,2023,6/QĐ,2023-12-20",
                "staff-6,Bùi Thị Lan,vksnd-hanoi,grassroots_emulation_fighter,2023,6b/QĐ,2023-12-21",
                "staff-9,Ngô Văn Minh,vksnd-hanoi,excellent_labour_collective,2023,9/QĐ,2022-12-20",
                "staff-10,Đinh Thị Nga,vksnd-hanoi,grassroots_emulation_fighter,2023,10/QĐ\r\nVKS,2023-12-20",
            ])
        }
        #expect(error?.code == .invalidRows)
        #expect(error?.rows.map { "\($0.row) \($0.field)" } == [
            "1 title", "2 unit", "3 year", "4 decision_date", "5 person_id", "7 ", "8 decision_date", "8 title", "9 decision_number",
        ])
        #expect(error?.rows.first { $0.row == 7 }?.reason == "repeats row 6: the same person, title and year")
        #expect(error?.rows.first { $0.row == 2 }?.reason == "vksnd-atlantis is not a unit of the organisation")
        #expect(error?.rows.first { $0.row == 9 }?.reason == "must not contain control characters")
        #expect(error?.message == "8 row(s) of the file are invalid; nothing was imported")
    }

    @Test func onlyTheStandingOfficeImportsAndOnlyForTheUnitsItCovers() throws {
        let officer = #expect(throws: DomainError.self) { try imported(Self.grassroots, by: People.officer) }
        #expect(officer?.code == .roleNotAllowed)
        let hanoiOffice = Actor(id: "office-hn", roles: ["standing_office"], unit: "vksnd-hanoi")
        #expect(try imported(Self.grassroots, by: hanoiOffice).count == 3)
        let nghean = Self.grassroots + ["staff-5,Lý Văn Phúc,vksnd-nghean,grassroots_emulation_fighter,2024,8/QĐ,2024-12-20"]
        let outside = #expect(throws: DomainError.self) { try imported(nghean, by: hanoiOffice) }
        #expect(outside?.code == .unitNotAllowed)
        #expect(outside?.rows == [RowProblem(row: 4, field: "unit", reason: "vksnd-hanoi does not cover vksnd-nghean")])
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
        let merit = try imported(["staff-7,Nguyễn Văn An,vksnd-hanoi,certificate_of_merit,2023,9/QĐ-VKSTC,2023-10-02"])
        var awards = NomineeAwards.fold(try NomineeAwards.decide(.importEarlier(fileSHA256: Self.sha, merit), .initialState, ()))
        #expect(awards.heldTitles == [HeldTitle(title: "certificate_of_merit", year: 2023, wasAdHoc: true)])
        let cited = try imported(["staff-7,Nguyễn Văn An,vksnd-hanoi,certificate_of_merit,2023,10/QĐ-VKSTC,2023-10-03"])
        for event in try NomineeAwards.decide(.importEarlier(fileSHA256: "other", cited), awards, ()) {
            awards = NomineeAwards.evolve(awards, event)
        }
        #expect(awards.heldTitles.count == 1, "another file citing the same award adds no second title")
    }
}
