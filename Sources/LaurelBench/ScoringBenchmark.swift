import ArgumentParser
import Commands
import EventStore
import Foundation
import Nominations
import Postgres
import Workflow

/// `laurel-bench scoring`: a sector's unit scores through the command handler, on a made-up
/// organisation of 120 units in 10 clusters and blocs (``SyntheticOrganization``): the year's
/// scoring table published, every unit's self-score and its review written, then the rankings of
/// every group and the sector-wide one read as the API reads them (`ranking(year:units:)`), beside
/// the store's reads of the same events in the same run. Prints one line per figure
/// (`scoring.rankings rounds=… ms=… rate=…`).
struct ScoringBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Benchmark unit scores written and the rankings read, beside the store's reads of the same events.")

    @Option(help: "PostgreSQL URL; defaults to LAUREL_BENCH_URL.")
    var url: String?

    @Option(help: "Units scored, spread in turn over the groups.")
    var units = 120

    @Option(help: "Emulation groups (clusters and blocs).")
    var groups = 10

    @Option(help: "Of the groups, how many are blocs (the last ones); the others are clusters.")
    var blocs = 3

    @Option(help: "Scores written at once.")
    var parallel = 4

    @Option(help: "Seconds to repeat each read.")
    var seconds: Double = 5

    @Option(help: "The directory of migrations to apply first; default: those built in.")
    var sql: String?

    static let year = 2026
    static let today = LocalDate(year: 2026, month: 12, day: 15)!

    /// Two groups of criteria worth 100 points, a bonus, a penalty, five bands and a three-rule
    /// tie-break: the OpenAPI document's `sector_2026` example.
    static let table = ScoringTable(
        groups: [
            CriteriaGroup(code: "A", name: "Thực hiện công tác chuyên môn, nghiệp vụ", criteria: [
                ScoringItem(code: "A1", name: "Chỉ tiêu nghiệp vụ theo Nghị quyết của Quốc hội", maxPoints: Points(40),
                            evidence: "Báo cáo thống kê nghiệp vụ"),
                ScoringItem(code: "A2", name: "Chất lượng kháng nghị, kiến nghị", maxPoints: Points(20)),
            ]),
            CriteriaGroup(code: "B", name: "Xây dựng ngành, xây dựng đơn vị", criteria: [
                ScoringItem(code: "B1", name: "Công tác tổ chức cán bộ", maxPoints: Points(15)),
                ScoringItem(code: "B2", name: "Công tác thi đua, khen thưởng", maxPoints: Points(10)),
                ScoringItem(code: "B3", name: "Chế độ thông tin, báo cáo", maxPoints: Points(15)),
            ]),
        ],
        bonuses: [ScoringItem(code: "TH1", name: "Sáng kiến được công nhận cấp ngành", maxPoints: Points(3),
                              evidence: "Quyết định công nhận sáng kiến")],
        penalties: [ScoringItem(code: "TR1", name: "Cán bộ bị xử lý kỷ luật", maxPoints: Points(5), evidence: "Quyết định kỷ luật")],
        bands: [ClassificationBand(code: "xuat_sac", name: "Xuất sắc", minimum: Points(95)),
                ClassificationBand(code: "tot", name: "Tốt", minimum: Points(80), below: Points(95)),
                ClassificationBand(code: "kha", name: "Khá", minimum: Points(65), below: Points(80)),
                ClassificationBand(code: "trung_binh", name: "Trung bình", minimum: Points(50), below: Points(65)),
                ClassificationBand(code: "chua_dat", name: "Chưa đạt", minimum: .zero, below: Points(50))],
        tieBreak: [.groupTotal("A"), .fewerPenaltyPoints, .earlierSubmission], source: "Quyết định số 12/QĐ-VKSTC ngày 05/02/2026")

    func validate() throws {
        guard units > 0, groups > 0, parallel > 0, seconds > 0 else {
            throw ValidationError("--units, --groups, --parallel and --seconds must be positive")
        }
        guard (0...groups).contains(blocs), units >= groups else { throw ValidationError("--blocs from 0 to --groups, and a unit for each group at least") }
    }

    func run() async throws {
        guard let url = url ?? ProcessInfo.processInfo.environment["LAUREL_BENCH_URL"], !url.isEmpty else {
            throw ValidationError("give --url or set LAUREL_BENCH_URL")
        }
        let postgres = PostgresConfiguration(url, applicationName: "laurel-bench")
        let migrator = try migrations(sql: sql, logger: quietLogger())
        try await Connection.withConnection(postgres) { try await migrator.migrate($0) }
        let configuration = try SyntheticOrganization(units: units, groups: groups, blocs: blocs)
            .configuration(replacing: try loadDomainConfiguration(config: nil))
        let organization = configuration.organization
        let pool = ConnectionPool(configuration: postgres, options: .init(maxConnections: parallel + 2))
        let store = EventStore(pool: pool)
        let tenant = "scoring-\(UUID().uuidString.lowercased().prefix(6))"
        let commands = NominationCommands(handler: CommandHandler(store: store, tenant: tenant), tenant: tenant,
                                          configuration: configuration, today: { Self.today })
        let year = Self.year
        let office = YearEnd.actor("standing_office", "vksndtc")
        _ = try await commands.run(PublishScoringTable(year: year, table: Self.table, reason: nil), actor: office,
                                   options: YearEnd.options(office), reply: YearEnd.none)
        let emulating = organization.emulatingUnits
        let groups = organization.clusters + organization.blocs
        print("machine cores=\(ProcessInfo.processInfo.activeProcessorCount)")
        print("scoring.plan units=\(emulating.count) clusters=\(organization.clusters.count) blocs=\(organization.blocs.count)")

        // The writes: every unit scores itself, then every score is reviewed.
        let before = try await YearEndBenchmark.eventCount(store)
        let clock = ContinuousClock()
        var started = clock.now
        // A unit's first self-score is noted on the table's stream, which every writer appends
        // to: a command that keeps losing that race is answered `contended` and, as the answer
        // asks, sent again.
        let resent = try await forEach(emulating) { index, unit in
            let officer = YearEnd.actor("unit_officer", unit)
            var resent = 0
            while true {
                do {
                    _ = try await commands.run(UnitScoreCommand.selfScore(unitYear: UnitYear(unit: unit, year: year), lines: Self.sheet(index)),
                                               actor: officer, options: YearEnd.options(officer), reply: YearEnd.none)
                    return resent
                } catch let error as CommandError where error.code == .contended {
                    resent += 1
                }
            }
        }
        let selfScoring = (clock.now - started).inSeconds
        let afterSelfScores = try await YearEndBenchmark.eventCount(store)
        started = clock.now
        _ = try await forEach(emulating) { index, unit in
            // The group's head unit reviews its members; the standing office reviews the head.
            let head = organization.emulationGroup(of: unit)!.head
            let reviewer = head == unit ? office : YearEnd.actor("unit_officer", head)
            // One score in four is adjusted, with its reason; the others are accepted as scored.
            let adjustments = index % 4 == 0
                ? [ScoreAdjustment(item: "A2", points: Points(Self.a2(index) - 1), reason: "Một kiến nghị không được chấp nhận")] : []
            _ = try await commands.run(UnitScoreCommand.review(unitYear: UnitYear(unit: unit, year: year), adjustments: adjustments, note: nil),
                                       actor: reviewer, options: YearEnd.options(reviewer), reply: YearEnd.none)
            return 0
        }
        let reviewing = (clock.now - started).inSeconds
        let written = try await YearEndBenchmark.eventCount(store)
        let count = emulating.count
        print("scoring.self_score commands=\(count) resent=\(resent) events=\(afterSelfScores - before) seconds=\(fixed(selfScoring, 3)) "
              + "rate=\(fixed(Double(count) / selfScoring))")
        print("scoring.review commands=\(count) events=\(written - afterSelfScores) seconds=\(fixed(reviewing, 3)) "
              + "rate=\(fixed(Double(count) / reviewing))")
        print("scoring.writes commands=\(2 * count) events=\(written - before) seconds=\(fixed(selfScoring + reviewing, 3)) "
              + "rate=\(fixed(Double(2 * count) / (selfScoring + reviewing))) events_rate=\(fixed(Double(written - before) / (selfScoring + reviewing)))")

        // One round: every group's ranking, then the sector-wide one, as GET /v1/rankings/{year} reads them.
        let rankings = groups.map(\.members) + [emulating]
        var eventsPerRound = 0
        for members in rankings {
            guard let read = try await commands.ranking(year: year, units: members), read.ranking.pending.isEmpty,
                  read.ranking.entries.count == members.count else {
                throw ValidationError("a ranking of \(members.count) units does not rank them all")
            }
            eventsPerRound += Int(read.version)
        }
        let rounds = try await measureRate(clients: 1, seconds: seconds) { _, _ in
            for members in rankings { _ = try await commands.ranking(year: year, units: members) }
        }
        print("scoring.rankings rankings=\(rankings.count) events=\(eventsPerRound) rounds_rate=\(fixed(rounds)) "
              + "ms=\(fixed(1000 / rounds, 2)) rate=\(fixed(rounds * Double(eventsPerRound)))")

        // The store's part of a round: the same streams read, the records left undecoded.
        let streamSets = rankings.map { members in
            [commands.streams.scoringTable(year)] + members.map { commands.streams.unitScore(UnitYear(unit: $0, year: year)) }
        }
        let streamRounds = try await measureRate(clients: 1, seconds: seconds) { _, _ in
            for streams in streamSets { _ = try await store.readStreams(streams) }
        }
        print("scoring.read_streams events=\(eventsPerRound) ms=\(fixed(1000 / streamRounds, 2)) rate=\(fixed(streamRounds * Double(eventsPerRound)))")

        // The reference: the store's ordered read of the log, which holds these events alone.
        let logged = try await readWholeLog(store)
        guard logged == written else { throw ValidationError("the log holds \(logged) events, not the \(written) written here") }
        let reads = try await measureRate(clients: 1, seconds: seconds) { _, _ in _ = try await readWholeLog(store) }
        print("scoring.read_log events=\(logged) ms=\(fixed(1000 / reads, 2)) rate=\(fixed(reads * Double(logged))) "
              + "ratio=\(fixed(rounds * Double(eventsPerRound) / (reads * Double(logged)), 2))")
        await pool.close()
    }

    /// Runs `body` on every unit (with its index), `parallel` at a time, and adds up what it returns.
    private func forEach(_ units: [String], _ body: @escaping @Sendable (Int, String) async throws -> Int) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            var total = 0
            for (index, unit) in units.enumerated() {
                if index >= parallel { total += try await group.next() ?? 0 }
                group.addTask { try await body(index, unit) }
            }
            return try await group.reduce(total, +)
        }
    }

    /// Unit `index`'s self-score: every criterion, a bonus for one unit in four, a penalty for
    /// one in nine, totals spread from about 67 to 100 so that some units tie.
    static func sheet(_ index: Int) -> [ScoreLine] {
        var lines = [
            ScoreLine(item: "A1", points: Points(30 + index * 7 % 11), evidence: [.text("Báo cáo thống kê số \(index + 1)/BC-VKS")]),
            ScoreLine(item: "A2", points: Points(a2(index))),
            ScoreLine(item: "B1", points: Points(10 + index % 6)),
            ScoreLine(item: "B2", points: Points(5 + index * 3 % 6)),
            ScoreLine(item: "B3", points: Points(10 + index * 5 % 6)),
        ]
        if index % 4 == 1 { lines.append(ScoreLine(item: "TH1", points: Points(2), evidence: [.text("Quyết định công nhận sáng kiến")])) }
        if index % 9 == 2 { lines.append(ScoreLine(item: "TR1", points: Points(1), evidence: [.text("Quyết định kỷ luật")])) }
        return lines
    }

    /// Unit `index`'s points on A2, which one review in four lowers by one.
    static func a2(_ index: Int) -> Int { 12 + index * 5 % 9 }
}
