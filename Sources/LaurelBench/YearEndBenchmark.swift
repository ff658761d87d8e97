import ArgumentParser
import Commands
import EventStore
import Foundation
import Nominations
import Postgres
import Workflow

/// `yearend`: a sector's whole year-end through the command handler, step by step: every unit's
/// list sent, taken in, put on its council's agenda, voted in one ballot and awarded by one
/// numbered decision. Prints one line per step (`yearend.submit lists=60 rows=… events=… seconds=… rate=…`).
struct YearEndBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yearend",
        abstract: "Benchmark a sector's year-end: lists submitted, taken in, scheduled, balloted and decided."
    )

    @Option(help: "PostgreSQL URL; defaults to LAUREL_BENCH_URL.")
    var url: String?

    @Option(help: "How many lists (units' year-end lists), spread over the organisation's units in turn.")
    var lists = 60

    @Option(help: "People per list: each an advanced worker, 15% of them grassroots emulation fighters too.")
    var people = 150

    @Option(help: "Lists worked on at once.")
    var parallel = 4

    @Option(help: "The configuration directory; default: the one built in.")
    var config: String?

    @Option(help: "The directory of migrations to apply first; default: those built in.")
    var sql: String?

    static let today = LocalDate(year: 2026, month: 12, day: 15)!
    static let year = 2026

    func validate() throws {
        guard lists > 0, people > 0, parallel > 0 else { throw ValidationError("--lists, --people and --parallel must be positive") }
        guard people + people * 15 / 100 <= maxListRows else { throw ValidationError("a list has at most \(maxListRows) rows") }
    }

    /// One list of the plan: its unit, the council that reviews it and the head who decides it.
    struct Plan: Sendable {
        let id: String
        let unit: String
        let council: String
        let people: [String]
        let fighters: [String]
    }

    func run() async throws {
        guard let url = url ?? ProcessInfo.processInfo.environment["LAUREL_BENCH_URL"], !url.isEmpty else {
            throw ValidationError("give --url or set LAUREL_BENCH_URL")
        }
        let postgres = PostgresConfiguration(url, applicationName: "laurel-bench")
        let migrator = try migrations(sql: sql)
        try await Connection.withConnection(postgres) { try await migrator.migrate($0) }
        let configuration = try loadDomainConfiguration(config: config)
        let organization = configuration.organization
        let pool = ConnectionPool(configuration: postgres, options: .init(maxConnections: parallel + 2))
        let store = EventStore(pool: pool)
        let run = UUID().uuidString.lowercased().prefix(6)
        let tenant = "yearend-\(run)"
        let commands = NominationCommands(handler: CommandHandler(store: store, tenant: tenant), tenant: tenant,
                                          configuration: configuration, today: { Self.today })
        let units = organization.units.map(\.code).filter { organization.actingUnit(for: $0, at: .unit) != nil }
        let plans = (0..<lists).map { index -> Plan in
            let unit = units[index % units.count]
            let people = (1...people).map { "p\(run)-\(index)-\($0)" }
            return Plan(id: "YE\(run)-\(index)", unit: unit, council: organization.actingUnit(for: unit, at: .unit)!, people: people,
                        fighters: Array(people.prefix(people.count * 15 / 100)))
        }
        print("machine cores=\(ProcessInfo.processInfo.activeProcessorCount)")
        print("yearend.plan lists=\(lists) people=\(lists * people) rows=\(plans.reduce(0) { $0 + $1.people.count + $1.fighters.count }) "
              + "units=\(Set(plans.map(\.unit)).count) councils=\(Set(plans.map(\.council)).count)")

        // Every person registered and rated first (not measured: done in January and through the year).
        for plan in plans { try await prepare(plan, commands) }
        var sessions: [String: String] = [:]
        for council in Set(plans.map(\.council)).sorted() {
            let id = "S\(run)-\(council)"
            let present = organization.council(of: council)?.members.map(\.id) ?? []
            _ = try await commands.run(.convene(sessionID: id, council: council, date: Self.today, present: present, chairID: nil),
                                       actor: Self.actor("council_secretary", "vksndtc"),
                                       options: CommandOptions(startsStream: true, metadata: EventMetadata(actorID: "secretary")),
                                       reply: Self.none)
            sessions[council] = id
        }
        let councilSessions = sessions

        try await step("submit", plans, store) { plan in
            let rows = plan.people.enumerated().map { index, person in
                Self.row(plan, index + 1, person, title: "advanced_worker")
            } + plan.fighters.enumerated().map { index, person in
                Self.row(plan, plan.people.count + index + 1, person, title: "grassroots_emulation_fighter")
            }
            let officer = Self.actor("unit_officer", plan.unit)
            _ = try await commands.submitList(plan.id, unit: plan.unit, year: Self.year, rows: rows, actor: officer,
                                              options: Self.options(officer)) { _, _, _ in Self.done }
        }
        try await step("intake", plans, store) { plan in
            let office = Self.actor("standing_office", "vksndtc")
            _ = try await commands.actOnList(plan.id, takeIn: nil, returning: [], actor: office, options: Self.options(office)) { _, _, _ in
                Self.done
            }
        }
        try await step("agenda", plans, store) { plan in
            let secretary = Self.actor("council_secretary", "vksndtc")
            _ = try await commands.scheduleAgenda(Self.nominations(plan), sessionID: councilSessions[plan.council]!, actor: secretary,
                                                  options: Self.options(secretary), visible: { _ in }, reply: Self.noOutcomes)
        }
        try await step("ballot", plans, store) { plan in
            let secretary = Self.actor("council_secretary", "vksndtc")
            let session = councilSessions[plan.council]!
            // Four fifths of the members in favour (rounded up), one fewer than all: within the
            // voters where a member of the nominee's unit is recused, and above every threshold
            // the rule sets name for these titles.
            let members = organization.council(of: plan.council)?.members.count ?? 0
            let inFavour = min(members - 1, (members * 4 + 4) / 5)
            let results = Self.nominations(plan).map {
                NominationCommand.RecordCouncilResult(nominationID: $0, sessionID: session, inFavour: inFavour, against: 0, abstaining: 0)
            }
            _ = try await commands.recordBallot(results, actor: secretary, options: Self.options(secretary), visible: { _ in },
                                                reply: Self.noOutcomes)
        }
        try await step("decide", plans, store, serialBy: \.council) { plan in
            let head = Self.actor("head_of_agency", plan.council)
            let draft = NominationCommands.DecisionDraft(
                authority: plan.council, year: Self.today.year, symbol: "QĐ-TĐKT", date: Self.today, place: "Hà Nội",
                subject: "Về việc công nhận danh hiệu thi đua năm \(Self.year)",
                signer: DecisionSigner(name: "Thủ trưởng đơn vị", position: "Viện trưởng", signedOnBehalf: nil),
                nominations: Self.nominations(plan), additionalBases: [], recipients: ["Như Điều 3"])
            _ = try await commands.issueDecision(draft, actor: head, options: Self.options(head)) { _, _ in Self.done }
        }
        await pool.close()
    }

    /// Runs `body` on every list, `parallel` at a time, and prints the step's wall time and rate.
    ///
    /// - Parameter serialBy: lists with the same key are worked on one after another (a head
    ///   signs one decision at a time: decisions of one authority share its register).
    private func step(
        _ name: String, _ plans: [Plan], _ store: EventStore, serialBy key: @escaping (Plan) -> String = \.id,
        _ body: @escaping @Sendable (Plan) async throws -> Void
    ) async throws {
        let before = try await Self.eventCount(store)
        let clock = ContinuousClock()
        let started = clock.now
        let groups = Dictionary(grouping: plans, by: key).values.map { $0 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                let lists = groups[next]
                next += 1
                group.addTask { for plan in lists { try await body(plan) } }
            }
            for _ in 0..<min(parallel, groups.count) { start() }
            while try await group.next() != nil, next < groups.count { start() }
        }
        let seconds = (clock.now - started).inSeconds
        let events = try await Self.eventCount(store) - before
        print("yearend.\(name) lists=\(plans.count) events=\(events) seconds=\(String(format: "%.2f", seconds)) "
              + "rate=\(String(format: "%.1f", Double(events) / seconds))")
    }

    /// Registers the list's people for both titles (the standing office, the deadline being
    /// past) and rates them excellent.
    private func prepare(_ plan: Plan, _ commands: NominationCommands) async throws {
        let unitYear = UnitYear(unit: plan.unit, year: Self.year)
        let entries = plan.people.map { RegistrationEntry(title: "advanced_worker", person: RegisteredPerson(id: $0, name: "Cán bộ \($0)")) }
            + plan.fighters.map { RegistrationEntry(title: "grassroots_emulation_fighter", person: RegisteredPerson(id: $0, name: "Cán bộ \($0)")) }
        let office = Self.actor("standing_office", "vksndtc")
        _ = try await commands.run(RecordRegistration(unitYear: unitYear, collectiveTitle: nil, add: entries, remove: [],
                                                      reason: "Danh sách đăng ký của đơn vị"),
                                   actor: office, options: Self.options(office), reply: Self.none)
        let officer = Self.actor("unit_officer", plan.unit)
        _ = try await commands.run(RecordTaskRatings(unitYear: unitYear, ratings: plan.people.map {
            RatedPerson(personID: $0, name: "Cán bộ \($0)", rating: .excellent)
        }, reason: nil), actor: officer, options: Self.options(officer), reply: Self.none)
    }

    static func row(_ plan: Plan, _ number: Int, _ person: String, title: String) -> NominationCommands.ListRow {
        let fighter = title == "grassroots_emulation_fighter"
        let kinds = ["submission", "achievement_report", "review_minutes"] + (fighter ? ["initiative_certificate"] : [])
        return NominationCommands.ListRow(
            submission: .init(nominationID: listedNominationID(list: plan.id, row: number), kind: "annual", title: title, year: year,
                              nominee: .individual(id: person, name: "Cán bộ \(person)", unit: plan.unit, position: "Kiểm sát viên",
                                                   isFrontLine: true),
                              achievementSummary: "Hoàn thành xuất sắc nhiệm vụ năm \(year)",
                              documents: kinds.map { DossierDocument(kind: $0, title: $0, sha256: String(repeating: "ab", count: 32)) }),
            initiatives: fighter ? [RecognisedInitiative(year: year, scope: .grassroots)] : [])
    }

    static func nominations(_ plan: Plan) -> [String] {
        (1...(plan.people.count + plan.fighters.count)).map { listedNominationID(list: plan.id, row: $0) }
    }

    static func actor(_ role: String, _ unit: String) -> Actor { Actor(id: "\(role)-\(unit)", roles: [role], unit: unit) }
    static func options(_ actor: Actor) -> CommandOptions { CommandOptions(metadata: EventMetadata(actorID: actor.id)) }
    static let done = StoredResponse(status: 200, headers: [:], body: Data())
    static let none: @Sendable (Any) throws -> StoredResponse = { _ in done }
    static let noOutcomes: @Sendable ([Outcome<Nomination?>]) throws -> StoredResponse = { _ in done }

    static func eventCount(_ store: EventStore) async throws -> Int {
        Int(try await store.pool.query("SELECT count(*)::int8 FROM events")[0].decode(0, as: Int64.self))
    }
}
