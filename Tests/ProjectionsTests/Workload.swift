import EventStore
import Foundation
import Nominations
import Postgres
import Workflow

/// The repository's `config/`, found from this file.
let configRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("config")

func shippedConfiguration() throws -> DomainConfiguration {
    func files(_ directory: String) throws -> [(name: String, text: String)] {
        let folder = configRoot.appendingPathComponent(directory)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { (name: $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }
    return try DomainConfiguration.load(
        workflowFiles: files("workflows"), ruleFiles: files("rules"), calendarFiles: files("calendar"),
        organizationFile: (name: "organization.yaml",
                           text: try String(contentsOf: configRoot.appendingPathComponent("organization.yaml"), encoding: .utf8)))
}

/// Drives random but realistic work through the domain and into the event store: council
/// sessions, and nominations of every kind moved by whichever role may act next, the way users
/// would. Refused commands are skipped, as a user would see an error and move on.
struct Workload {
    static let tenant = "vks"
    static let actors = [
        Actor(id: "officer-hn", roles: ["unit_officer"], unit: "vksnd-hanoi"),
        Actor(id: "office-1", roles: ["standing_office"], unit: "vksndtc"),
        Actor(id: "secretary-1", roles: ["council_secretary"], unit: "vksndtc"),
        Actor(id: "head-1", roles: ["head_of_agency"], unit: "vksndtc"),
        Actor(id: "head-hn", roles: ["head_of_agency"], unit: "vksnd-hanoi"),
    ]
    static let kinds: [(kind: String, title: String, documents: [String])] = [
        ("ad_hoc", "certificate_of_merit", ["submission", "achievement_summary"]),
        ("annual", "sector_emulation_fighter", ["submission", "achievement_report", "review_minutes", "initiative_certificate"]),
        ("labour_hero", "labour_hero", ["submission", "achievement_report", "ballot_minutes", "party_committee_opinion",
                                        "local_government_opinion"]),
    ]
    static let names = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Đức Thọ", "Phạm Minh Châu", "Hoàng Thị Ánh", "Đặng Quốc Việt"]

    let store: EventStore
    let configuration: DomainConfiguration
    var generator: SplitMix
    var today = LocalDate(year: 2025, month: 1, day: 6)!
    var session: CouncilSession?
    var sessionVersion: Int64 = 0
    var commandsAccepted = 0

    init(store: EventStore, seed: UInt64) throws {
        self.store = store
        self.configuration = try shippedConfiguration()
        self.generator = SplitMix(seed: seed)
    }

    /// Runs `steps` commands on nomination `id`, from its submission on.
    mutating func drive(nominationID id: String, steps: Int) async throws {
        let kind = Self.kinds[generator.next(below: Self.kinds.count)]
        let nominee = Nominee.individual(
            id: "staff-\(generator.next(below: 40))", name: Self.names[generator.next(below: Self.names.count)],
            unit: "vksnd-hanoi", position: generator.next(below: 2) == 0 ? "Kiểm sát viên" : "Phó Trưởng phòng")
        let history = NomineeHistory(
            titles: [2022, 2023, 2024].map { HeldTitle(title: "grassroots_emulation_fighter", year: $0, wasAdHoc: false) },
            initiatives: [RecognisedInitiative(year: 2024, scope: .sector)])
        var nomination: Nomination?
        var version: Int64 = 0
        let submit = NominationCommand.submit(.init(
            nominationID: id, kind: kind.kind, title: kind.title, year: 2024, nominee: nominee,
            achievementSummary: "Thành tích xuất sắc",
            documents: kind.documents.map { DossierDocument(kind: $0, title: "Hồ sơ \($0)", sha256: String(repeating: "ab", count: 32)) }))
        for step in 0..<steps {
            if generator.next(below: 3) == 0 { today = today.adding(days: 1) }
            let (command, actor): (NominationCommand, Actor)
            if step == 0 {
                (command, actor) = (submit, Self.actors[0])
            } else if let current = nomination, let next = try await nextCommand(for: current) {
                (command, actor) = next
            } else {
                return
            }
            let context = DecisionContext(
                today: today, actor: actor, configuration: configuration, history: history,
                capUsage: CapUsage(base: 100, alreadyAccepted: 0), session: session)
            guard let events = try? Nomination.decide(command, nomination, context), !events.isEmpty else { continue }
            for event in events { nomination = Nomination.evolve(nomination, event) }
            let result = try await store.append(
                to: StreamName(tenant: Self.tenant, category: "nomination", id: id),
                expected: version == 0 ? .noStream : .exact(version),
                events: try events.map { try newEvent($0, actor: actor) })
            version = result.toVersion
            commandsAccepted += 1
        }
    }

    /// Convenes a new sitting of the Supreme council, all but two of its members present.
    mutating func convene(_ id: String) async throws {
        let members = configuration.organization.council(of: "vksndtc")?.members ?? []
        var commands: [CouncilSessionCommand] = [
            .convene(sessionID: id, council: "vksndtc", date: today, present: members.dropLast(2).map(\.id), chairID: nil),
        ]
        if generator.next(below: 2) == 0 {
            commands.append(.recuseMember(sessionID: id, memberID: members[4].id, nominationID: "N\(generator.next(below: 20))",
                                          reason: "Người thân"))
        }
        var current: CouncilSession?
        var version: Int64 = 0
        for command in commands {
            let events = try CouncilSession.decide(command, current, CouncilSessionContext(actor: Self.actors[2], configuration: configuration))
            for event in events { current = CouncilSession.evolve(current, event) }
            let result = try await store.append(
                to: StreamName(tenant: Self.tenant, category: "council", id: id),
                expected: version == 0 ? .noStream : .exact(version),
                events: try events.map {
                    NewEvent(id: UUID(), type: $0.type, schemaVersion: $0.schemaVersion,
                             payload: try JSONEncoder().encode($0.payload),
                             metadata: EventMetadata(actorID: "secretary-1", actorRoles: ["council_secretary"]))
                })
            version = result.toVersion
        }
        session = current
    }

    private mutating func nextCommand(for nomination: Nomination) async throws -> (NominationCommand, Actor)? {
        let id = nomination.id
        var choices: [(String, Actor)] = []
        for actor in Self.actors {
            for name in nomination.availableCommands(for: actor.roles, workflows: configuration.workflows) {
                // Endings are rare, so most nominations go deep into their workflow.
                if ["withdraw", "reject", "revoke"].contains(name) && generator.next(below: 8) != 0 { continue }
                choices.append((name, actor))
            }
        }
        guard !choices.isEmpty else { return nil }
        let (name, actor) = choices[generator.next(below: choices.count)]
        let number = "\(generator.next(below: 900) + 100)/QĐ-VKSTC"
        let command: NominationCommand? = switch name {
        case "amend": .amend(.init(nominationID: id, achievementSummary: "Bổ sung thành tích", documents: nomination.documents))
        case "return_for_amendment": .returnForAmendment(.init(nominationID: id, reasons: ["Thiếu biên bản họp"]))
        case "resubmit": .resubmit(.init(nominationID: id))
        case "accept": .accept(.init(nominationID: id))
        case "place_hold": .placeHold(.init(nominationID: id, holdID: "H\(generator.next(below: 2))", holdKind: "complaint", reference: "Đơn 12"))
        case "lift_hold": nomination.holds.first.map { .liftHold(.init(nominationID: id, holdID: $0.id, note: "Đã xác minh")) }
        case "open_consultation": .openConsultation(.init(nominationID: id))
        case "record_comment": .recordComment(.init(nominationID: id, commenter: "Công dân", comment: "Đồng ý"))
        case "close_consultation": .closeConsultation(.init(nominationID: id))
        case "schedule_for_council": session.map { .scheduleForCouncil(.init(nominationID: id, sessionID: $0.id)) }
        case "record_council_result":
            nomination.councilSessionID.map {
                .recordCouncilResult(.init(nominationID: id, sessionID: $0, inFavour: 7 + generator.next(below: 4),
                                     against: 0, abstaining: 0, writtenBallots: WrittenBallots(from: ["cb-00014"], inFavour: 1)))
            }
        case "approve": .approve(.init(nominationID: id, decisionNumber: number, decisionDate: today))
        case "reject": .reject(.init(nominationID: id, reasons: ["Chưa đủ tiêu chuẩn"]))
        case "forward": .forward(.init(nominationID: id, authority: "Thủ tướng Chính phủ", submissionNumber: number))
        case "record_higher_decision":
            .recordHigherDecision(.init(nominationID: id, authority: "Chủ tịch nước",
                                  outcome: generator.next(below: 4) == 0 ? .refused : .awarded,
                                  decisionNumber: number, decisionDate: today))
        case "withdraw": .withdraw(.init(nominationID: id, reason: "Đơn vị rút hồ sơ"))
        case "revoke": .revoke(.init(nominationID: id, ground: .standardNotMet, legalBasis: "Luật TĐKT 2022, Điều 93(2)", decisionNumber: number))
        case "restore": .restore(.init(nominationID: id, reason: "Được minh oan", decisionNumber: number))
        default: nil
        }
        return command.map { ($0, actor) }
    }
}

/// A nomination event as the service stores it, with its actor.
func newEvent(_ event: NominationEvent, actor: Actor) throws -> NewEvent {
    NewEvent(id: UUID(), type: event.type, schemaVersion: event.schemaVersion,
             payload: try JSONEncoder().encode(event.payload),
             metadata: EventMetadata(actorID: actor.id, actorRoles: actor.roles.sorted()))
}

/// A small deterministic random number generator, so a failing workload can be replayed.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
