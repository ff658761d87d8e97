import Nominations
import PropertyBased
import Testing
import Workflow

/// Random command sequences: whatever is accepted must leave a valid nomination, and replaying
/// the accepted events must rebuild exactly the same state.
@Suite struct PropertyTests {
    static let kinds = [
        (kind: "ad_hoc", title: "certificate_of_merit", documents: adHocDocuments),
        (kind: "annual", title: "sector_emulation_fighter", documents: fighterDocuments),
        (kind: "labour_hero", title: "labour_hero", documents: heroDocuments),
    ]
    static let actors = [People.officer, People.office, People.secretary, People.head, People.inspector, People.otherOfficer]

    /// A command chosen and filled in from one random number.
    static func command(_ seed: Int, kindIndex: Int, today: LocalDate) -> NominationCommand {
        let id = "N1"
        let variant = seed / 32
        let kind = kinds[kindIndex]
        switch seed % 21 {
        case 0:
            return .submit(.init(nominationID: id, kind: kind.kind, title: kind.title, year: 2024, nominee: People.prosecutor,
                           achievementSummary: "Thành tích", documents: variant % 3 == 0 ? [] : kind.documents))
        case 1: return .amend(.init(nominationID: id, achievementSummary: "Bổ sung", documents: kind.documents))
        case 2: return .returnForAmendment(.init(nominationID: id, reasons: variant % 5 == 0 ? [] : ["Thiếu biên bản"]))
        case 3: return .resubmit(.init(nominationID: id))
        case 4: return .accept(.init(nominationID: id))
        case 5: return .placeHold(.init(nominationID: id, holdID: "H\(variant % 3)", holdKind: ["discipline", "complaint", "war"][variant % 3],
                                  reference: "QĐ \(variant)"))
        case 6: return .liftHold(.init(nominationID: id, holdID: "H\(variant % 3)", note: "Kết thúc"))
        case 7: return .openConsultation(.init(nominationID: id))
        case 8: return .recordComment(.init(nominationID: id, commenter: "Công dân", comment: "Ý kiến \(variant)"))
        case 9: return .closeConsultation(.init(nominationID: id))
        case 10: return .scheduleForCouncil(.init(nominationID: id, sessionID: "S1"))
        case 11: return .tally(inFavour: variant % 3 == 0 ? variant % 12 : 10, against: variant % 2)
        case 12: return .approve(.init(nominationID: id, decisionNumber: "1/QĐ", decisionDate: today))
        case 13: return .reject(.init(nominationID: id, reasons: ["Không đạt"]))
        case 14: return .forward(.init(nominationID: id, authority: "Cấp trên", submissionNumber: "2/TTr"))
        case 15:
            return .recordHigherDecision(.init(nominationID: id, authority: "Chủ tịch nước", outcome: variant % 2 == 0 ? .awarded : .refused,
                                         decisionNumber: "3/QĐ", decisionDate: today))
        case 16: return .withdraw(.init(nominationID: id, reason: "Rút hồ sơ"))
        case 17: return .revoke(.init(nominationID: id, ground: .standardNotMet, legalBasis: "Điều 93(2)", decisionNumber: "4/QĐ"))
        case 18: return .restore(.init(nominationID: id, reason: "Minh oan", decisionNumber: "5/QĐ"))
        case 19: return .unschedule(.init(nominationID: id, reason: variant % 5 == 0 ? " " : "Phiên họp hoãn"))
        default: return .tally(inFavour: 9, ballots: WrittenBallots(from: ["m11"], inFavour: variant % 2 == 0 ? 1 : 0))
        }
    }

    /// Two steps in three pick a command some actor may run next, so runs go deep into the workflow;
    /// the rest stay fully random to probe refusals. Seed 42 is a submission with a complete dossier.
    static func steer(
        _ seed: Int, index: Int, nomination: Nomination?, workflows: WorkflowRegistry
    ) -> (seed: Int, actor: Actor) {
        let randomActor = actors[(seed / 7) % actors.count]
        if index == 0 { return (seed % 4 != 0 ? 42 : seed, People.officer) }
        guard seed % 3 != 0, let nomination else { return (seed, randomActor) }
        // Ending commands are rarely steered to, or most runs would stop after a step or two.
        let endings: Set<String> = ["withdraw", "reject"]
        for offset in 0..<actors.count {
            let actor = actors[((seed / 7) + offset) % actors.count]
            let names = nomination.availableCommands(for: actor.roles, workflows: workflows)
                .filter { seed % 11 == 1 || !endings.contains($0) }
            guard !names.isEmpty else { continue }
            let name = names[(seed / 3) % names.count]
            let base = seed - seed % 21
            let match = (0..<21).map { base + $0 }.first {
                command($0, kindIndex: 0, today: nomination.stageEnteredOn).name == name
            }
            return (match ?? seed, actor)
        }
        return (seed, randomActor)
    }

    /// What must hold of any nomination the domain produced.
    static func problems(in nomination: Nomination, events: [NominationEvent], workflows: WorkflowRegistry) -> [String] {
        var problems: [String] = []
        guard let definition = workflows.definition(kind: nomination.kind, version: nomination.workflowVersion) else {
            return ["workflow \(nomination.kind) v\(nomination.workflowVersion) missing"]
        }
        if definition.state(named: nomination.state) == nil || nomination.state == definition.initialState {
            problems.append("invalid state \(nomination.state)")
        }
        if Nomination.replay(events) != nomination { problems.append("replay differs") }
        if Set(nomination.holds.map(\.id)).count != nomination.holds.count { problems.append("duplicate hold") }
        if (nomination.pausedSince == nil) != nomination.holds.isEmpty { problems.append("paused without a hold, or held running") }
        if let since = nomination.pausedSince, nomination.holds.contains(where: { $0.placedOn < since }) {
            problems.append("a hold placed before the pause began")
        }
        if let deadline = nomination.stageDeadline, deadline < nomination.stageEnteredOn { problems.append("deadline before stage") }
        switch nomination.state {
        case "in_consultation":
            if nomination.consultation == nil || nomination.consultation?.isClosed == true { problems.append("no open consultation") }
        case "scheduled", "supreme_scheduled":
            if nomination.councilSessionID == nil { problems.append("scheduled without a session") }
        case "council_reviewed", "supreme_reviewed":
            if nomination.councilResult == nil { problems.append("reviewed without a result") }
        case "approved", "awarded":
            if nomination.decision?.outcome != .awarded { problems.append("awarded without a decision") }
        case "revoked":
            if nomination.revocation == nil { problems.append("revoked without a ground") }
        case "returned":
            if nomination.returnReasons.isEmpty { problems.append("returned without reasons") }
        default:
            break
        }
        return problems
    }

    @Test func randomCommandSequencesKeepAValidReplayableState() async throws {
        let configuration = try shippedConfiguration()
        let session = try convenedSession(total: 11, present: 10)
        await propertyCheck(count: 300, input: Gen.int(in: 0...2), Gen.int(in: 0...100_000).array(of: 20...60)) { kindIndex, seeds in
            var harness = Harness(configuration: configuration)
            var today = day("2025-01-06")
            for (index, seed) in seeds.enumerated() {
                // Start most runs with a valid submission so that later commands have something to act on.
                let (steered, actor) = Self.steer(seed, index: index, nomination: harness.nomination,
                                                  workflows: configuration.workflows)
                let command = Self.command(steered, kindIndex: kindIndex, today: today)
                today = today.adding(days: (seed / 3) % 4)
                let before = harness.nomination
                do {
                    try harness.run(command, by: actor, on: today.description, history: fighterHistory, session: session)
                } catch {
                    #expect(harness.nomination == before, "a refused command changed the state")
                    continue
                }
                guard let nomination = harness.nomination else {
                    Issue.record("an accepted command left no nomination")
                    return
                }
                let problems = Self.problems(in: nomination, events: harness.events, workflows: configuration.workflows)
                #expect(problems.isEmpty, "after \(command.name): \(problems)")
            }
        }
    }
}
