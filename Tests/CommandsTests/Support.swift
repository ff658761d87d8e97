import Commands
import EventStore
import Foundation
import Nominations
import Postgres
import PostgresTestSupport
import Workflow

/// The repository's root, found from this file so the tests run in any checkout.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func configFiles(_ directory: String) throws -> [(name: String, text: String)] {
    let folder = repositoryRoot.appendingPathComponent("config").appendingPathComponent(directory)
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted().map {
        (name: "config/\(directory)/\($0)", text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
    }
}

/// The configuration and organisation shipped in `config/`.
func shippedConfiguration() throws -> (DomainConfiguration, Organization) {
    let file = repositoryRoot.appendingPathComponent("config/organization.yaml")
    let configuration = try DomainConfiguration.load(
        workflowFiles: configFiles("workflows"), ruleFiles: configFiles("rules"), calendarFiles: configFiles("calendar"),
        organizationFile: (name: "config/organization.yaml", text: try String(contentsOf: file, encoding: .utf8)))
    return (configuration, configuration.organization)
}

/// Migrates the suite's database and runs `body` with an event store on it.
func withStore<T>(_ body: (EventStore) async throws -> T) async throws -> T {
    let configuration = try TestDatabase.configuration
    try await Connection.withConnection(configuration) {
        try await Migrator(directory: repositoryRoot.appendingPathComponent("sql")).migrate($0)
    }
    let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: 6))
    let store = EventStore(pool: pool)
    do {
        let value = try await body(store)
        await pool.close()
        return value
    } catch {
        await pool.close()
        throw error
    }
}

/// People acting in the tests.
enum People {
    static func officer(_ unit: String) -> Actor { Actor(id: "officer-\(unit)", roles: ["unit_officer"], unit: unit) }
    static let office = Actor(id: "office-1", roles: ["standing_office"], unit: "vksndtc")
    static let head = Actor(id: "head-1", roles: ["head_of_agency"], unit: "vksndtc")
}

let today = LocalDate(year: 2026, month: 3, day: 2)!

func documents(_ kinds: [String]) -> [DossierDocument] {
    kinds.map { DossierDocument(kind: $0, title: $0, sha256: String(repeating: "0f", count: 32)) }
}

func individual(_ id: String, unit: String) -> Nominee {
    .individual(id: id, name: "Cán bộ \(id)", unit: unit, position: "Kiểm sát viên", isFrontLine: true)
}

func grassrootsFighter(_ id: String, nominee: String, unit: String) -> NominationCommand {
    .submit(.init(nominationID: id, kind: "annual", title: "grassroots_emulation_fighter", year: 2025, nominee: individual(nominee, unit: unit),
            achievementSummary: "Hoàn thành xuất sắc nhiệm vụ",
            documents: documents(["submission", "achievement_report", "review_minutes", "initiative_certificate"])))
}

func certificateOfMerit(_ id: String, nominee: String, unit: String) -> NominationCommand {
    .submit(.init(nominationID: id, kind: "ad_hoc", title: "certificate_of_merit", year: 2026, nominee: individual(nominee, unit: unit),
            achievementSummary: "Phá án", documents: documents(["submission", "achievement_summary"])))
}

/// Makes `people` of `unit` advanced workers of 2025 under way through `commands`, as a
/// grassroots emulation fighter needs and as its cap counts: registered for both titles by the
/// standing office (the deadline being past), rated excellent, and their advanced worker
/// nominations (`AW-person`) submitted and taken in.
func advancedWorkers(_ people: [String], unit: String, on commands: NominationCommands) async throws {
    try await registerAndRate(people, unit: unit, on: commands)
    let noReply: @Sendable (Any) throws -> StoredResponse = { _ in StoredResponse(status: 200, headers: [:], body: Data()) }
    let officer = People.officer(unit)
    for person in people {
        let submit = advancedWorker("AW-\(person)", nominee: person, unit: unit)
        for (command, actor) in [(submit, officer), (.accept(.init(nominationID: "AW-\(person)")), People.office)] {
            _ = try await commands.run(command, actor: actor,
                                       options: CommandOptions(startsStream: command.submission != nil,
                                                               metadata: EventMetadata(actorID: actor.id)),
                                       visible: { _ in }, reply: noReply)
        }
    }
}

/// Registers `people` of `unit` for advanced worker and grassroots emulation fighter of 2025 (by
/// the standing office, the deadline being past) and rates them excellent: what their
/// nominations need first.
func registerAndRate(_ people: [String], unit: String, on commands: NominationCommands) async throws {
    let unitYear = UnitYear(unit: unit, year: 2025)
    let noReply: @Sendable (Any) throws -> StoredResponse = { _ in StoredResponse(status: 200, headers: [:], body: Data()) }
    let entries = people.flatMap { id in
        ["advanced_worker", "grassroots_emulation_fighter"].map {
            RegistrationEntry(title: $0, person: RegisteredPerson(id: id, name: "Cán bộ \(id)"))
        }
    }
    _ = try await commands.run(RecordRegistration(unitYear: unitYear, collectiveTitle: nil, add: entries, remove: [],
                                                  reason: "Bổ sung đăng ký"),
                               actor: People.office, options: CommandOptions(metadata: EventMetadata(actorID: People.office.id)),
                               reply: noReply)
    let officer = People.officer(unit)
    _ = try await commands.run(RecordTaskRatings(unitYear: unitYear, ratings: people.map {
        RatedPerson(personID: $0, name: "Cán bộ \($0)", rating: .excellent)
    }, reason: nil), actor: officer, options: CommandOptions(metadata: EventMetadata(actorID: officer.id)), reply: noReply)
}

/// An advanced worker of 2025 submitted as `id`, with its dossier.
func advancedWorker(_ id: String, nominee: String, unit: String) -> NominationCommand {
    .submit(.init(nominationID: id, kind: "annual", title: "advanced_worker", year: 2025, nominee: individual(nominee, unit: unit),
                  achievementSummary: "Hoàn thành tốt nhiệm vụ", documents: documents(["submission", "achievement_report", "review_minutes"])))
}

/// The nomination commands of the shipped configuration over `store`, deciding on `today`.
func nominationCommands(_ store: EventStore) throws -> NominationCommands {
    let (configuration, _) = try shippedConfiguration()
    return NominationCommands(handler: CommandHandler(store: store, tenant: "procuracy"), tenant: "procuracy",
                              configuration: configuration, today: { today })
}

/// Runs `command` as the HTTP routes do (a submission starts its stream, with a grassroots
/// initiative of 2025 declared) and returns the nomination's state.
func runCommand(_ command: NominationCommand, by actor: Actor, on commands: NominationCommands) async throws -> String {
    let reply = try await commands.run(
        command, actor: actor,
        options: CommandOptions(startsStream: command.submission != nil, metadata: EventMetadata(actorID: actor.id)),
        initiatives: [RecognisedInitiative(year: 2025, scope: .grassroots)], visible: { _ in },
        reply: { StoredResponse(status: 200, headers: [:], body: Data(($0.state?.state ?? "").utf8)) })
    return String(decoding: reply.body, as: UTF8.self)
}
