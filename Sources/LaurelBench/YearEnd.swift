import Commands
import EventStore
import Foundation
import Nominations
import Workflow

/// A sector's year-end of one year through the command handler, as `laurel-bench yearend` times it
/// and `laurel-bench five-year` repeats it year after year: lists of people spread in turn over
/// the organisation's units that have a council over them, each person an advanced worker and 15%
/// of them grassroots emulation fighters too, sent as lists, taken in, put on their councils'
/// agendas, voted and decided, on 15 December of the year.
struct YearEnd: Sendable {
    /// One list of the plan: its unit, the council that reviews it and its people.
    struct Plan: Sendable {
        let id: String
        let unit: String
        let council: String
        let people: [String]
        let fighters: [String]

        /// Its rows' nomination ids, advanced workers first.
        var nominations: [String] { (1...(people.count + fighters.count)).map { listedNominationID(list: id, row: $0) } }
    }

    /// One step of the year-end, done for every list.
    struct Step: Sendable {
        let name: String
        /// Lists with the same key are worked on in order, `inTurn` at a time.
        let serialBy: @Sendable (Plan) -> String
        var inTurn = 1
        let body: @Sendable (Plan) async throws -> Void
    }

    /// The council session of each council that reviews a list, by council.
    typealias Sessions = [String: String]

    let year: Int
    let today: LocalDate
    let run: String
    let commands: NominationCommands
    let organization: Organization
    let plans: [Plan]

    /// - Parameters:
    ///   - run: a prefix of every id, so runs on one database do not meet; the same in every
    ///     year gives the same people, year after year.
    ///   - keptStates: how many nominations the command handler keeps between commands.
    init(year: Int, lists: Int, people: Int, run: String, store: EventStore, tenant: String, configuration: DomainConfiguration,
         keptStates: Int) {
        let today = LocalDate(year: year, month: 12, day: 15)!
        let organization = configuration.organization
        self.year = year
        self.today = today
        self.run = run
        self.organization = organization
        commands = NominationCommands(handler: CommandHandler(store: store, tenant: tenant), tenant: tenant,
                                      configuration: configuration, today: { today }, kept: KeptStates(capacity: keptStates))
        let units = organization.units.map(\.code).filter { organization.actingUnit(for: $0, at: .unit) != nil }
        plans = (0..<lists).map { index -> Plan in
            let unit = units[index % units.count]
            let listed = (1...people).map { "p\(run)-\(index)-\($0)" }
            return Plan(id: "YE\(run)-\(year)-\(index)", unit: unit, council: organization.actingUnit(for: unit, at: .unit)!,
                        people: listed, fighters: Array(listed.prefix(listed.count * 15 / 100)))
        }
    }

    /// The rows of every list.
    var rows: Int { plans.reduce(0) { $0 + $1.people.count + $1.fighters.count } }

    /// What comes before the year-end (done in January and through the year): every list's people
    /// registered and rated, and a session of each council that reviews a list convened.
    func prepare() async throws -> Sessions {
        for plan in plans { try await prepare(plan) }
        var sessions: Sessions = [:]
        for council in Set(plans.map(\.council)).sorted() {
            let id = "S\(run)-\(year)-\(council)"
            let present = organization.council(of: council)?.members.map(\.id) ?? []
            _ = try await commands.run(.convene(sessionID: id, council: council, date: today, present: present, chairID: nil),
                                       actor: Self.actor("council_secretary", "vksndtc"),
                                       options: CommandOptions(startsStream: true, metadata: EventMetadata(actorID: "secretary")),
                                       reply: Self.none)
            sessions[council] = id
        }
        return sessions
    }

    /// The year-end's steps in order: submit, intake, agenda, ballot, decide.
    func steps(_ sessions: Sessions) -> [Step] {
        let (commands, organization, year, today) = (commands, organization, year, today)
        return [
            Step(name: "submit", serialBy: { $0.id }) { plan in
                let rows = plan.people.enumerated().map { index, person in
                    Self.row(plan, index + 1, person, title: "advanced_worker", year: year)
                } + plan.fighters.enumerated().map { index, person in
                    Self.row(plan, plan.people.count + index + 1, person, title: "grassroots_emulation_fighter", year: year)
                }
                let officer = Self.actor("unit_officer", plan.unit)
                _ = try await commands.submitList(plan.id, unit: plan.unit, year: year, rows: rows, actor: officer,
                                                  options: Self.options(officer)) { _, _, _ in Self.done }
            },
            Step(name: "intake", serialBy: { $0.id }) { plan in
                let office = Self.actor("standing_office", "vksndtc")
                _ = try await commands.actOnList(plan.id, takeIn: nil, returning: [], actor: office, options: Self.options(office)) { _, _, _ in
                    Self.done
                }
            },
            Step(name: "agenda", serialBy: { $0.id }) { plan in
                let secretary = Self.actor("council_secretary", "vksndtc")
                _ = try await commands.scheduleAgenda(plan.nominations, sessionID: sessions[plan.council]!, actor: secretary,
                                                      options: Self.options(secretary), visible: { _ in }, reply: Self.noOutcomes)
            },
            Step(name: "ballot", serialBy: { $0.id }) { plan in
                let secretary = Self.actor("council_secretary", "vksndtc")
                let session = sessions[plan.council]!
                // Four fifths of the members in favour (rounded up), one fewer than all: within the
                // voters where a member of the nominee's unit is recused, and above every threshold
                // the rule sets name for these titles.
                let members = organization.council(of: plan.council)?.members.count ?? 0
                let inFavour = min(members - 1, (members * 4 + 4) / 5)
                let results = plan.nominations.map {
                    NominationCommand.RecordCouncilResult(nominationID: $0, sessionID: session, inFavour: inFavour, against: 0, abstaining: 0)
                }
                _ = try await commands.recordBallot(results, actor: secretary, options: Self.options(secretary), visible: { _ in },
                                                    reply: Self.noOutcomes)
            },
            // The decisions of one authority share its register: started in the order the head signs
            // them, two under way at once, the next one appended while the one before is stored and
            // its number taken in turn after that one's (NominationCommands' decision queue).
            Step(name: "decide", serialBy: { $0.council }, inTurn: 2) { plan in
                let head = Self.actor("head_of_agency", plan.council)
                let draft = NominationCommands.DecisionDraft(
                    authority: plan.council, year: year, symbol: "QĐ-TĐKT", date: today, place: "Hà Nội",
                    subject: "Về việc công nhận danh hiệu thi đua năm \(year)",
                    signer: DecisionSigner(name: "Thủ trưởng đơn vị", position: "Viện trưởng", signedOnBehalf: nil),
                    nominations: plan.nominations, additionalBases: [], recipients: ["Như Điều 3"])
                _ = try await commands.issueDecision(draft, actor: head, options: Self.options(head)) { _, _ in Self.done }
            },
        ]
    }

    /// The whole year-end, untimed: what comes before it, then every step.
    func runWholeYear(parallel: Int) async throws {
        let sessions = try await prepare()
        for step in steps(sessions) { try await Self.forEach(plans, parallel: parallel, step) }
    }

    /// Runs `step` on every plan, `parallel` groups at a time, the plans of one `serialBy` key
    /// started in order, `inTurn` of them under way at once. The longest groups start first (in
    /// the plans' order among equals): the step lasts at least as long as its longest chain, and a
    /// chain started last would add to it.
    static func forEach(_ plans: [Plan], parallel: Int, _ step: Step) async throws {
        let (key, body, inTurn) = (step.serialBy, step.body, step.inTurn)
        var groups: [[Plan]] = []
        var groupOf: [String: Int] = [:]
        for plan in plans {
            if let index = groupOf[key(plan)] { groups[index].append(plan) } else {
                groupOf[key(plan)] = groups.count
                groups.append([plan])
            }
        }
        groups = groups.enumerated().sorted { ($0.element.count, $1.offset) > ($1.element.count, $0.offset) }.map(\.element)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                let lists = groups[next]
                next += 1
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { chain in
                        for (index, plan) in lists.enumerated() {
                            if index >= inTurn { try await chain.next() }
                            chain.addTask { try await body(plan) }
                        }
                        try await chain.waitForAll()
                    }
                }
            }
            for _ in 0..<min(parallel, groups.count) { start() }
            while try await group.next() != nil, next < groups.count { start() }
        }
    }

    /// Registers the list's people for both titles (the standing office, the deadline being
    /// past) and rates them excellent.
    private func prepare(_ plan: Plan) async throws {
        let unitYear = UnitYear(unit: plan.unit, year: year)
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

    static func row(_ plan: Plan, _ number: Int, _ person: String, title: String, year: Int) -> NominationCommands.ListRow {
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

    static func actor(_ role: String, _ unit: String) -> Actor { Actor(id: "\(role)-\(unit)", roles: [role], unit: unit) }
    static func options(_ actor: Actor) -> CommandOptions { CommandOptions(metadata: EventMetadata(actorID: actor.id)) }
    static let done = StoredResponse(status: 200, headers: [:], body: Data())
    static let none: @Sendable (Any) throws -> StoredResponse = { _ in done }
    static let noOutcomes: @Sendable ([Outcome<Nomination?>]) throws -> StoredResponse = { _ in done }
}
