import Nominations
import Testing
import Workflow

/// Thematic awards: a nomination naming the emulation movement it rewards, refused when the
/// movement was never launched, leaves out the nominee's unit or runs in other years; its award
/// remembers the movement, and under Decree 152/2025 (rule set 2025.1) such awards do not count
/// toward higher awards, as ad hoc ones do not.
@Suite struct ThematicAwardTests {
    /// The sector's movement of 2024, launched by its standing office.
    static func movement(authority: String = People.sector, from: String = "2024-03-01", to: String = "2024-12-31") throws -> Movement {
        let details = MovementDetails(
            name: "Thi đua thực hiện thắng lợi các chỉ tiêu nghiệp vụ năm 2024", authority: authority,
            decision: "Kế hoạch 12/KH-VKSTC ngày 01/03/2024", from: day(from), to: day(to),
            goals: ["Đạt và vượt các chỉ tiêu nghiệp vụ"], criteria: ["Không có oan, sai"])
        let context = CommandContext(actor: People.office, today: day(from), configuration: try shippedConfiguration())
        return try Movement.decide(.launch(details), Movement(), context).reduce(Movement(), Movement.evolve)
    }

    static func submitThematic(movement: String? = "mv-2024", year: Int = 2024) -> NominationCommand {
        .submit(.init(nominationID: "N1", kind: "ad_hoc", title: "certificate_of_merit", year: year, nominee: People.prosecutor,
                      achievementSummary: "Dẫn đầu phong trào thi đua năm 2024",
                      documents: [DossierDocument(kind: "submission", title: "Tờ trình", sha256: String(repeating: "a", count: 64)),
                                  DossierDocument(kind: "achievement_summary", title: "Tóm tắt thành tích",
                                                  sha256: String(repeating: "b", count: 64))],
                      movement: movement))
    }

    @Test func aSubmissionNamingALaunchedMovementKeepsItAndItsAwardRemembersIt() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let events = try harness.run(Self.submitThematic(), by: People.officer, on: "2025-01-06", movement: try Self.movement())
        guard case .submitted(let submitted) = events.first else {
            Issue.record("expected the submission")
            return
        }
        #expect(submitted.movement == "mv-2024")
        #expect(harness.nomination?.movement == "mv-2024")

        let plain = NomineeAwards(awards: [NomineeAwards.Award(nominationID: "N2", title: "certificate_of_merit", year: 2024,
                                                               wasAdHoc: true)])
        let thematic = NomineeAwards(awards: [NomineeAwards.Award(nominationID: "N1", title: "certificate_of_merit", year: 2024,
                                                                  wasAdHoc: true, movement: "mv-2024")])
        #expect(plain.heldTitles.map(\.wasThematic) == [false])
        #expect(thematic.heldTitles.map(\.wasThematic) == [true])
    }

    @Test func aMovementNeverLaunchedIsRefused() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let error = #expect(throws: DomainError.self) {
            try harness.run(Self.submitThematic(movement: "mv-unknown"), by: People.officer, on: "2025-01-06", movement: Movement())
        }
        #expect(error?.code == .movementNotFound)
        #expect(harness.nomination == nil)
    }

    @Test func aMovementOfAnotherUnitOrOtherYearsIsRefused() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let elsewhere = #expect(throws: DomainError.self) {
            try harness.run(Self.submitThematic(), by: People.officer, on: "2025-01-06",
                            movement: try Self.movement(authority: "vksnd-danang"))
        }
        #expect(elsewhere?.code == .invalidCommand)
        #expect(elsewhere?.message.contains("does not take part") == true)

        let otherYears = #expect(throws: DomainError.self) {
            try harness.run(Self.submitThematic(year: 2023), by: People.officer, on: "2025-01-06", movement: try Self.movement())
        }
        #expect(otherYears?.code == .invalidCommand)
        #expect(otherYears?.message.contains("outside the achievement year 2023") == true)
        #expect(harness.nomination == nil)
    }

    /// The same history, with the middle year's title from a thematic award: eligible for the
    /// sector title under 2024.1 (the day before Decree 152/2025 applies), not under 2025.1.
    @Test(arguments: [("2025-06-30", true), ("2025-07-01", false)])
    func thematicAwardsStopCountingUnderDecree152(submittedOn: String, eligible: Bool) throws {
        let history = NomineeHistory(
            titles: [HeldTitle(title: "grassroots_emulation_fighter", year: 2022, wasAdHoc: false),
                     HeldTitle(title: "grassroots_emulation_fighter", year: 2023, wasAdHoc: false, wasThematic: true),
                     HeldTitle(title: "grassroots_emulation_fighter", year: 2024, wasAdHoc: false)],
            initiatives: fighterHistory.initiatives)
        var harness = Harness(configuration: try shippedConfiguration())
        if eligible {
            let events = try harness.run(.submitFighter(), by: People.officer, on: submittedOn, history: history)
            guard case .submitted(let submitted) = events.first else {
                Issue.record("expected the submission")
                return
            }
            let eligibility = try #require(submitted.explanations.first { $0.rule.hasSuffix(".eligibility") })
            #expect(eligibility.inputs.contains { $0.name == "thematic_counts" && $0.value == "true" })
        } else {
            let error = #expect(throws: DomainError.self) {
                try harness.run(.submitFighter(), by: People.officer, on: submittedOn, history: history)
            }
            #expect(error?.code == .notEligible)
            #expect(error?.message.contains("ad hoc and thematic awards not counted") == true)
        }
    }
}
