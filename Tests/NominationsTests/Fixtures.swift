import Foundation
import Nominations
import Workflow

/// The repository's `config/` directory, found from this file so tests run from any working directory.
let configRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("config")

/// The `.yaml` files of one configuration directory, named as `laurel workflow check` names them.
func configFiles(_ directory: String) throws -> [(name: String, text: String)] {
    let folder = configRoot.appendingPathComponent(directory)
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted().map {
        (name: "config/\(directory)/\($0)", text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
    }
}

/// The configuration shipped in `config/`.
func shippedConfiguration() throws -> DomainConfiguration {
    try DomainConfiguration.load(
        workflowFiles: configFiles("workflows"), ruleFiles: configFiles("rules"), calendarFiles: configFiles("calendar"),
        organizationFile: organizationFile())
}

/// The shipped `config/organization.yaml`.
func organizationFile() throws -> (name: String, text: String) {
    (name: "config/organization.yaml", text: try String(contentsOf: configRoot.appendingPathComponent("organization.yaml"), encoding: .utf8))
}

/// The shipped configuration with a 2023 calendar added, so the 2017.1 rule set can be exercised.
func configurationWith2023() throws -> DomainConfiguration {
    let shipped = try shippedConfiguration()
    let year2023 = """
        year: 2023
        source: "test calendar"
        days_off:
          - { date: 2023-12-29, name: "Test day off", source: "test" }
        """
    let calendar = try WorkingCalendar.load(files: try configFiles("calendar") + [("2023.yaml", year2023)])
    return DomainConfiguration(workflows: shipped.workflows, rules: shipped.rules, calendar: calendar,
                               organization: shipped.organization)
}

func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

/// People of the shipped organisation: the nominee's unit is the Hà Nội procuracy; the standing
/// office, secretary, inspector and head are the Supreme's (whose unit covers every unit), and
/// `unitHead` is the Hà Nội procuracy's head, who decides its grassroots titles.
enum People {
    static let unit = "vksnd-hanoi"
    static let sector = "vksndtc"
    static let officer = Actor(id: "officer-1", roles: ["unit_officer"], unit: unit)
    static let otherOfficer = Actor(id: "officer-2", roles: ["unit_officer"], unit: "vksnd-danang")
    static let office = Actor(id: "office-1", roles: ["standing_office"], unit: sector)
    static let secretary = Actor(id: "secretary-1", roles: ["council_secretary"], unit: sector)
    static let head = Actor(id: "head-1", roles: ["head_of_agency"], unit: sector)
    static let unitHead = Actor(id: "head-2", roles: ["head_of_agency"], unit: unit)
    static let inspector = Actor(id: "inspector-1", roles: ["inspector"], unit: sector)

    static let prosecutor = Nominee.individual(id: "staff-7", name: "Nguyễn Văn An", unit: unit, position: "Kiểm sát viên",
                                               isFrontLine: true)
    static let team = Nominee.collective(id: "team-3", name: "Phòng 3", unit: unit, size: 9, isSmall: true)
}

func documents(_ kinds: [String]) -> [DossierDocument] {
    kinds.map { DossierDocument(kind: $0, title: "Hồ sơ \($0)", sha256: String(repeating: "ab", count: 32)) }
}

let fighterDocuments = documents(["submission", "achievement_report", "review_minutes", "initiative_certificate"])
let heroDocuments = documents(["submission", "achievement_report", "ballot_minutes", "party_committee_opinion",
                               "local_government_opinion"])
let adHocDocuments = documents(["submission", "achievement_summary"])

/// Three consecutive grassroots titles and a sector initiative: eligible for the sector title in 2024.
let fighterHistory = NomineeHistory(
    titles: [2022, 2023, 2024].map { HeldTitle(title: "grassroots_emulation_fighter", year: $0, wasAdHoc: false) },
    initiatives: [RecognisedInitiative(year: 2024, scope: .sector)])

/// A council session of a made-up membership: `total` members of the Supreme Procuracy (plus
/// `fromNomineeUnit` members of the nominee's unit among them), the first `present` of them
/// present. Built from its event rather than convened, so that tallies can be tried against any
/// membership and attendance (convening takes the organisation's council, and refuses a sitting
/// without a quorum).
func convenedSession(
    id: String = "S1", total: Int = 11, present: Int? = nil, fromNomineeUnit: Int = 0, date: String = "2025-01-20",
    recusals: [(member: String, nomination: String)] = [], council: String = People.sector
) throws -> CouncilSession {
    let members = (1...total).map { index in
        CouncilMember(id: "m\(index)", name: "Member \(index)", unit: index <= fromNomineeUnit ? People.unit : People.sector)
    }
    let presentIDs = members.prefix(present ?? total).map(\.id)
    var session = CouncilSession.evolve(nil, .convened(CouncilConvened(
        sessionID: id, council: council, date: day(date), members: members, present: presentIDs, chairID: presentIDs.last ?? "m1",
        membershipBasis: .organization)))
    let commands: [CouncilSessionCommand] = recusals.map {
        .recuseMember(sessionID: id, memberID: $0.member, nominationID: $0.nomination, reason: "conflict")
    }
    for command in commands {
        for event in try CouncilSession.decide(command, session, try sessionContext(People.secretary)) {
            session = CouncilSession.evolve(session, event)
        }
    }
    guard let session else { fatalError("session not convened") }
    return session
}

/// A national emulation fighter (a title the Prime Minister decides) submitted, taken in and voted
/// through by the Supreme council in January 2025: the head's decision is next.
func votedNationalFighter() throws -> Harness {
    var harness = Harness(configuration: try shippedConfiguration())
    let history = NomineeHistory(
        titles: [2023, 2024].map { HeldTitle(title: "sector_emulation_fighter", year: $0, wasAdHoc: false) },
        initiatives: [RecognisedInitiative(year: 2024, scope: .national)])
    try harness.run(.submitFighter(title: "national_emulation_fighter"), by: People.officer, on: "2025-01-06", history: history)
    try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
    let session = try convenedSession(total: 10, date: "2025-01-20")
    try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08",
                    session: session)
    try harness.run(.tally(inFavour: 10), by: People.secretary, on: "2025-01-20", session: session)
    return harness
}

/// Runs commands against one nomination, keeping its state and event log as the event store would.
struct Harness {
    var configuration: DomainConfiguration
    var nomination: Nomination?
    var events: [NominationEvent] = []

    init(configuration: DomainConfiguration) {
        self.configuration = configuration
    }

    @discardableResult
    mutating func run(
        _ command: NominationCommand, by actor: Actor, on date: String, history: NomineeHistory = NomineeHistory(),
        nomineeYear: NomineeYear? = nil, capUsage: CapUsage? = CapUsage(base: 100, alreadyAccepted: 0),
        session: CouncilSession? = nil, delegation: DelegationGranted? = nil, movement: Movement? = nil
    ) throws(DomainError) -> [NominationEvent] {
        let context = DecisionContext(today: day(date), actor: actor, configuration: configuration, history: history,
                                      nomineeYear: nomineeYear ?? .meeting(command), capUsage: capUsage, session: session,
                                      delegation: delegation, movement: movement)
        let emitted = try Nomination.decide(command, nomination, context)
        for event in emitted { nomination = Nomination.evolve(nomination, event) }
        events += emitted
        return emitted
    }

    var state: String? { nomination?.state }
}

extension NomineeYear {
    /// A year in which the submission's nominee meets every condition of the year: registered
    /// for the title (or, for a collective, the unit's target), rated excellent, and an advanced
    /// worker nomination under way. Tests of those conditions pass their own.
    static func meeting(_ command: NominationCommand) -> NomineeYear {
        guard let submission = command.submission else { return NomineeYear() }
        let person = RegisteredPerson(id: submission.nominee.id, name: submission.nominee.name)
        let registration = EmulationRegistration(collectiveTitle: submission.title, individuals: [submission.title: [person]])
        return NomineeYear(registration: registration, taskRating: .excellent, candidacies: [TitleRule.advancedWorker])
    }
}

extension NominationCommand {
    static func submitFighter(_ id: String = "N1", nominee: Nominee = People.prosecutor, docs: [DossierDocument] = fighterDocuments,
                              title: String = "sector_emulation_fighter", year: Int = 2024) -> NominationCommand {
        .submit(.init(nominationID: id, kind: "annual", title: title, year: year, nominee: nominee,
                achievementSummary: "Giải quyết 120 vụ án đúng hạn", documents: docs))
    }

    static func tally(_ id: String = "N1", session: String = "S1", inFavour: Int, against: Int = 0, abstaining: Int = 0,
                      opinions: [WrittenOpinion] = [], ballots: WrittenBallots? = nil) -> NominationCommand {
        .recordCouncilResult(.init(nominationID: id, sessionID: session, inFavour: inFavour, against: against,
                             abstaining: abstaining, writtenOpinions: opinions, writtenBallots: ballots))
    }
}

/// An annual sector-title nomination brought to the council session `session`, submitted under 2024.1.
func scheduledFighter(session: CouncilSession, configuration: DomainConfiguration? = nil) throws -> Harness {
    var harness = Harness(configuration: try configuration ?? shippedConfiguration())
    try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
    try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
    try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: session.id)), by: People.secretary, on: "2025-01-08",
                    session: session)
    return harness
}

/// What a council session command of `actor` is decided with, under the shipped configuration.
func sessionContext(_ actor: Actor) throws -> CouncilSessionContext {
    CouncilSessionContext(actor: actor, configuration: try shippedConfiguration())
}
