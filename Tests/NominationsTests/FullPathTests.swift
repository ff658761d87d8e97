import Nominations
import Testing
import Workflow

/// A step of a scripted nomination: who runs what, when, and the state expected afterwards.
struct Step: Sendable {
    let command: NominationCommand
    let actor: Actor
    let date: String
    let expectedState: String
    var history = NomineeHistory()
    var session: CouncilSession?
}

enum Path: String, CaseIterable, Sendable {
    case adHoc, annual, labourHero

    func steps() throws -> [Step] {
        let id = "N1"
        switch self {
        case .adHoc:
            return [
                Step(command: .submit(.init(nominationID: id, kind: "ad_hoc", title: "certificate_of_merit", year: 2025,
                                      nominee: People.team, achievementSummary: "Phá án đặc biệt nghiêm trọng",
                                      documents: documents(["submission"]))),
                     actor: People.officer, date: "2025-03-03", expectedState: "submitted"),
                Step(command: .returnForAmendment(.init(nominationID: id, reasons: ["Thiếu báo cáo tóm tắt thành tích"])),
                     actor: People.office, date: "2025-03-04", expectedState: "returned"),
                Step(command: .amend(.init(nominationID: id, achievementSummary: "Phá án đặc biệt nghiêm trọng", documents: adHocDocuments)),
                     actor: People.officer, date: "2025-03-04", expectedState: "returned"),
                Step(command: .resubmit(.init(nominationID: id)), actor: People.officer, date: "2025-03-05", expectedState: "submitted"),
                Step(command: .accept(.init(nominationID: id)), actor: People.office, date: "2025-03-05", expectedState: "accepted"),
                Step(command: .forward(.init(nominationID: id, authority: "Viện trưởng VKSND tối cao", submissionNumber: "12/TTr-VKS")),
                     actor: People.head, date: "2025-03-06", expectedState: "forwarded"),
                Step(command: .recordHigherDecision(.init(nominationID: id, authority: "Viện trưởng VKSND tối cao", outcome: .awarded,
                                                    decisionNumber: "88/QĐ-VKSTC", decisionDate: day("2025-03-10"))),
                     actor: People.office, date: "2025-03-11", expectedState: "approved"),
            ]
        case .annual:
            let session = try convenedSession(date: "2025-01-20")
            return [
                Step(command: .submitFighter(), actor: People.officer, date: "2025-01-06", expectedState: "submitted",
                     history: fighterHistory),
                Step(command: .accept(.init(nominationID: id)), actor: People.office, date: "2025-01-07", expectedState: "accepted"),
                Step(command: .scheduleForCouncil(.init(nominationID: id, sessionID: "S1")), actor: People.secretary, date: "2025-01-08",
                     expectedState: "scheduled", session: session),
                Step(command: .tally(inFavour: 10, against: 1), actor: People.secretary, date: "2025-01-20",
                     expectedState: "council_reviewed", session: session),
                Step(command: .approve(.init(nominationID: id, decisionNumber: "15/QĐ-VKSTC", decisionDate: day("2025-01-22"))),
                     actor: People.head, date: "2025-01-22", expectedState: "approved"),
                Step(command: .revoke(.init(nominationID: id, ground: .forgedDocuments, legalBasis: "Luật TĐKT 2022, Điều 93(2)",
                                      decisionNumber: "40/QĐ-VKSTC")),
                     actor: People.head, date: "2025-06-02", expectedState: "revoked"),
                Step(command: .restore(.init(nominationID: id, reason: "Kết luận xác minh lại", decisionNumber: "51/QĐ-VKSTC")),
                     actor: People.head, date: "2025-08-04", expectedState: "approved"),
            ]
        case .labourHero:
            let provincial = try convenedSession(id: "P1", date: "2025-02-10", council: People.unit)
            let supreme = try convenedSession(id: "S2", total: 15, date: "2025-03-10")
            return [
                Step(command: .submit(.init(nominationID: id, kind: "labour_hero", title: "labour_hero", year: 2024, nominee: People.prosecutor,
                                      achievementSummary: "Thành tích đặc biệt xuất sắc", documents: heroDocuments)),
                     actor: People.officer, date: "2025-02-03", expectedState: "submitted"),
                Step(command: .accept(.init(nominationID: id)), actor: People.office, date: "2025-02-04", expectedState: "accepted"),
                Step(command: .scheduleForCouncil(.init(nominationID: id, sessionID: "P1")), actor: People.secretary, date: "2025-02-05",
                     expectedState: "scheduled", session: provincial),
                Step(command: .tally(session: "P1", inFavour: 11), actor: People.secretary, date: "2025-02-10",
                     expectedState: "council_reviewed", session: provincial),
                Step(command: .forward(.init(nominationID: id, authority: "VKSND tối cao", submissionNumber: "20/TTr-VKS")),
                     actor: People.unitHead, date: "2025-02-11", expectedState: "at_supreme"),
                Step(command: .scheduleForCouncil(.init(nominationID: id, sessionID: "S2")), actor: People.office, date: "2025-02-12",
                     expectedState: "supreme_scheduled", session: supreme),
                Step(command: .tally(session: "S2", inFavour: 14, abstaining: 1), actor: People.secretary, date: "2025-03-10",
                     expectedState: "supreme_reviewed", session: supreme),
                Step(command: .forward(.init(nominationID: id, authority: "Ban Thi đua - Khen thưởng Trung ương", submissionNumber: "31/TTr-VKSTC")),
                     actor: People.head, date: "2025-03-12", expectedState: "forwarded"),
                Step(command: .openConsultation(.init(nominationID: id)), actor: People.office, date: "2025-04-25",
                     expectedState: "in_consultation"),
                Step(command: .recordComment(.init(nominationID: id, commenter: "Công dân", comment: "Đồng ý")),
                     actor: People.office, date: "2025-05-06", expectedState: "in_consultation"),
                Step(command: .closeConsultation(.init(nominationID: id)), actor: People.office, date: "2025-05-14",
                     expectedState: "consulted"),
                Step(command: .recordHigherDecision(.init(nominationID: id, authority: "Chủ tịch nước", outcome: .awarded,
                                                    decisionNumber: "1234/QĐ-CTN", decisionDate: day("2025-08-28"))),
                     actor: People.office, date: "2025-08-29", expectedState: "awarded"),
            ]
        }
    }
}

@Suite struct FullPathTests {
    @Test(arguments: Path.allCases)
    func followsTheWholePath(path: Path) throws {
        var harness = Harness(configuration: try shippedConfiguration())
        for step in try path.steps() {
            try harness.run(step.command, by: step.actor, on: step.date, history: step.history, session: step.session)
            #expect(harness.state == step.expectedState, "after \(step.command.name)")
        }
        #expect(Nomination.replay(harness.events) == harness.nomination)
        #expect(harness.nomination?.decision?.outcome == .awarded)
    }

    @Test func recordsWhyInDecisionEvents() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        for step in try Path.annual.steps().prefix(4) {
            try harness.run(step.command, by: step.actor, on: step.date, history: step.history, session: step.session)
        }
        guard case .councilResultRecorded(let recorded) = harness.events.last else {
            Issue.record("expected a council result")
            return
        }
        #expect(recorded.result.threshold.text
            == "10 of 11 members in favour = 90.9%; the rule requires at least 90% of total membership; recommended")
        #expect(recorded.result.threshold.ruleSetVersion == "2024.1")
        #expect(recorded.result.threshold.rule == "titles.sector_emulation_fighter.vote")
        #expect(recorded.result.quorum.text == "11 of 11 members present = 100.0%; the quorum is 2/3 of total membership; met")
        guard case .submitted(let submitted) = harness.events.first else { return }
        #expect(submitted.explanations.first?.text.hasSuffix("; eligible") == true)
        #expect(submitted.stage.deadline == day("2025-01-20"))  // 10 working days after Monday 6 January
    }

    @Test func decisionEventsNameWhoReceivedWhat() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        for step in try Path.adHoc.steps() {
            try harness.run(step.command, by: step.actor, on: step.date, history: step.history, session: step.session)
        }
        guard case .higherDecisionRecorded(let decided) = harness.events.last else {
            Issue.record("expected the higher decision")
            return
        }
        #expect(decided.subject.nominee == People.team)
        #expect(decided.subject.title == "certificate_of_merit")
        #expect(decided.subject.nominee.isSmallCollective == true)
        #expect(decided.stage.from == "forwarded" && decided.stage.to == "approved")
        guard case .forwarded(let forwarded) = harness.events[harness.events.count - 2] else { return }
        #expect(forwarded.explanations.map(\.text)
            == ["Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao follows the simplified procedure: no council review is required"])
    }

    @Test func listsTheCommandsEachRoleMayRunNext() throws {
        let configuration = try shippedConfiguration()
        var harness = Harness(configuration: configuration)
        try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
        let nomination = try #require(harness.nomination)
        #expect(nomination.availableCommands(for: ["standing_office"], workflows: configuration.workflows)
            == ["return_for_amendment", "accept", "reject", "place_hold"])
        #expect(nomination.availableCommands(for: ["unit_officer"], workflows: configuration.workflows) == ["amend", "withdraw"])
        try harness.run(.placeHold(.init(nominationID: "N1", holdID: "H1", holdKind: "discipline", reference: "QĐ kỷ luật 7")),
                        by: People.inspector, on: "2025-01-07")
        #expect(harness.nomination?.availableCommands(for: ["standing_office"], workflows: configuration.workflows)
            == ["place_hold", "lift_hold"])
        #expect(harness.nomination?.availableCommands(for: ["unit_officer"], workflows: configuration.workflows) == ["withdraw"])
    }
}
