import ArgumentParser
import EventStore
import Foundation
import LaurelDefaults
import Logging
import Nominations
import Postgres
import Projections
import Workflow

/// `laurel-bench projections`: rebuilding every read model over a large log, next to the event
/// store's raw ordered read of the same log; and the lag from commit to read model under a
/// sustained append load.
struct ProjectionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections", abstract: "Projection rebuild rate and live lag.")

    @Option(help: "Database URL.") var url: String
    @Option(help: "Events in the log for the rebuild.") var events = 1_000_000
    @Option(help: "Seconds of sustained appends for the lag measurement.") var seconds = 5
    @Option(help: "Appending tasks during the lag measurement.") var writers = 4
    @Option(help: "The configuration directory; default: the one built in.") var config: String?
    @Option(help: "The migrations directory; default: those built in.") var sql: String?

    func run() async throws {
        let configuration = PostgresConfiguration(url, applicationName: "laurel-bench")
        let logger = quietLogger()
        let migrator = try migrations(sql: sql, logger: logger)
        try await Connection.withConnection(configuration) { try await migrator.migrate($0) }
        let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: writers + 4))
        let listener = Listener(configuration: configuration, logger: logger)
        try await listener.start()
        let store = EventStore(pool: pool, listener: listener)
        let service = ProjectionService(
            configuration: configuration, pool: pool, store: store, listener: listener, logger: logger)
        let templates = try TemplateNominations(configuration: try loadDomainConfiguration(config: config))

        try await fill(store, templates: templates)
        // Statistics on the log, as autovacuum gives a database in use: a log never analysed is
        // analysed by the follower once it starts, a pause the lag would measure.
        _ = try await pool.query("ANALYZE events")
        let total = try await pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int.self)

        // CPU per event on each side, so the ratio's two terms say where their time went.
        let backend = try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
        let postmaster = CPUTime.postmaster(ofBackend: backend)

        var start = ContinuousClock.now
        var cpuBefore = CPUTime.now(postmaster: postmaster)
        let read = try await readWholeLog(store)
        let readRate = Double(read) / (ContinuousClock.now - start).inSeconds
        print("projections.read events=\(read) rate=\(String(format: "%.0f", readRate)) "
              + (CPUTime.now(postmaster: postmaster) - cpuBefore).perEvent(read))

        // Every read model in one pass over the log, as `laurel projections rebuild all` does.
        start = ContinuousClock.now
        cpuBefore = CPUTime.now(postmaster: postmaster)
        try await service.rebuildAll()
        let allRate = Double(total) / (ContinuousClock.now - start).inSeconds
        print("projections.rebuild.all events=\(total) rate=\(String(format: "%.0f", allRate)) ratio=\(String(format: "%.2f", allRate / readRate)) "
              + (CPUTime.now(postmaster: postmaster) - cpuBefore).perEvent(total))

        try await measurePreparing(store)

        let lags = try await measureLag(store: store, service: service, templates: templates)
        let sorted = lags.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print("projections.lag samples=\(sorted.count) p50_ms=\(String(format: "%.1f", percentile(0.5) * 1000)) p99_ms=\(String(format: "%.1f", percentile(0.99) * 1000))")
        listener.close()
        await pool.close()
    }

    /// Appends copies of the template nominations until the log holds `events` events.
    private func fill(_ store: EventStore, templates: TemplateNominations) async throws {
        let existing = try await store.readAll(after: .start, limit: 1).count
        guard existing == 0 else { return }
        let perCopy = templates.eventCount
        let copies = (events + perCopy - 1) / perCopy
        let tasks = 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<tasks {
                group.addTask {
                    var copy = worker
                    while copy < copies {
                        // Ten nominations per append: about a hundred events in one transaction.
                        let batch = (copy..<min(copy + 10 * tasks, copies)).filter { ($0 - worker) % tasks == 0 }
                        _ = try await store.append(batch.flatMap { templates.streams(copy: $0) })
                        copy += 10 * tasks
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The client's part of a rebuild alone, on the log's first `events` events read into memory
    /// first: decoding the payloads, then decoding, folding and encoding every read model's
    /// statements, as a rebuild prepares its batches. Client CPU an event: free of the server's
    /// share of the cores, and of its noise.
    private func measurePreparing(_ store: EventStore, events wanted: Int = 200_000) async throws {
        var batches: [[RecordedEvent]] = []
        var checkpoint = LogCheckpoint.start
        var events = 0
        while events < wanted {
            let page = try await store.readAll(after: checkpoint, limit: ProjectionRunner.defaultRebuildBatchSize)
            guard let last = page.last else { break }
            batches.append(page)
            events += page.count
            checkpoint = last.checkpoint
        }
        func clientMicroseconds(_ body: () throws -> Void) rethrows -> Double {
            let before = CPUTime.now(postmaster: nil).client
            try body()
            return (CPUTime.now(postmaster: nil).client - before) / Double(max(events, 1)) * 1e6
        }
        var decoded: [[ProjectedEvent]] = []
        let decode = try clientMicroseconds {
            for batch in batches { decoded.append(try batch.map(ProjectedEvent.init)) }
        }
        // Each read model's folding and encoding on its own, on the decoded events.
        for projection in ProjectionService.standard {
            let parts = decoded.map { $0.filter { projection.eventTypes.contains($0.record.type) } }
            let own = try clientMicroseconds {
                for part in parts where !part.isEmpty { _ = try projection.statements(for: part) }
            }
            print("projections.prepare.\(projection.name) client_us=\(String(format: "%.2f", own))")
        }
        decoded = []
        var statements = 0
        let prepare = try clientMicroseconds {
            for batch in batches {
                statements += try PreparedBatch(batch, after: .start, for: ProjectionService.standard).statements.count
            }
        }
        print("projections.prepare events=\(events) statements=\(statements) "
              + "decode_client_us=\(String(format: "%.1f", decode)) prepare_client_us=\(String(format: "%.1f", prepare))")
    }

    private func measureLag(
        store: EventStore, service: ProjectionService, templates: TemplateNominations
    ) async throws -> [Double] {
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try await service.waitUntil("nominations", reaches: try await store.headCheckpoint(), timeout: .seconds(600))
        let deadline = ContinuousClock.now + .seconds(seconds)
        let lags = try await withThrowingTaskGroup(of: [Double].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var lags: [Double] = []
                    var copy = 10_000_000 + writer
                    while ContinuousClock.now < deadline {
                        let stream = templates.streams(copy: copy)[0]
                        let result = try await store.append(to: stream.0, expected: stream.1, events: Array(stream.2.prefix(1)))
                        let committed = ContinuousClock.now
                        try await service.waitUntil("nominations", reaches: result.checkpoint, timeout: .seconds(10))
                        lags.append((ContinuousClock.now - committed).inSeconds)
                        copy += writers
                    }
                    return lags
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return lags
    }

}

/// A real nomination history made once by the domain (an ad hoc award from submission to
/// approval), copied with new ids to fill a log quickly.
struct TemplateNominations: Sendable {
    private let templates: [(category: String, events: [(type: String, payload: String)])]
    private static let placeholder = "TEMPLATE-ID"

    var eventCount: Int { templates.reduce(0) { $0 + $1.events.count } }

    init(configuration: DomainConfiguration) throws {
        let today = LocalDate(year: 2025, month: 3, day: 3)!
        let officer = Actor(id: "officer", roles: ["unit_officer"], unit: "vksnd-hanoi")
        let office = Actor(id: "office", roles: ["standing_office"], unit: "vksnd-hanoi")
        let head = Actor(id: "head", roles: ["head_of_agency"], unit: "vksndtc")
        let nominee = Nominee.individual(id: "staff-1", name: "Nguyễn Văn An", unit: "vksnd-hanoi",
                                         position: "Kiểm sát viên", isFrontLine: true)
        let documents = ["submission", "achievement_summary"].map {
            DossierDocument(kind: $0, title: $0, sha256: String(repeating: "ab", count: 32))
        }
        let id = Self.placeholder
        let commands: [(NominationCommand, Actor)] = [
            (.submit(.init(nominationID: id, kind: "ad_hoc", title: "certificate_of_merit", year: 2025, nominee: nominee,
                     achievementSummary: "Phá án xuất sắc", documents: documents)), officer),
            (.accept(.init(nominationID: id)), office),
            (.approve(.init(nominationID: id, decisionNumber: "1/QĐ", decisionDate: today)), head),
        ]
        var nomination: Nomination?
        var events: [(String, String)] = []
        for (command, actor) in commands {
            let context = DecisionContext(today: today, actor: actor, configuration: configuration)
            for event in try Nomination.decide(command, nomination, context) {
                nomination = Nomination.evolve(nomination, event)
                events.append((event.type, String(decoding: try JSONEncoder().encode(event.payload), as: UTF8.self)))
            }
        }
        templates = [("nomination", events)]
    }

    /// The streams of copy number `copy`, ready to append.
    func streams(copy: Int) -> [(StreamName, ExpectedVersion, [NewEvent])] {
        templates.map { template in
            let id = "B\(copy)"
            return (StreamName(tenant: "bench", category: template.category, id: id), .noStream, template.events.map {
                NewEvent(type: $0.type, payload: Data($0.payload.replacingOccurrences(of: Self.placeholder, with: id).utf8),
                         metadata: EventMetadata(actorID: "bench", actorRoles: ["unit_officer"]))
            })
        }
    }
}

/// A logger at warning level: the migrator and the projection runners report at info level (each
/// migration applied, which process is active), and only the measurements belong on the output.
/// LAUREL_LOG_LEVEL=info shows them again.
func quietLogger() -> Logger {
    var logger = Logger(label: "laurel-bench")
    logger.logLevel = ProcessInfo.processInfo.environment["LAUREL_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}

/// The configuration in the directory `config` (workflows, rules, calendar, organisation), or the
/// one built into the binary when it is nil.
func loadDomainConfiguration(config: String?) throws -> DomainConfiguration {
    let all: [(name: String, text: String)]
    if let config {
        let root = URL(fileURLWithPath: config)
        let paths = (FileManager.default.enumerator(atPath: config)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }
        all = try paths.map { (name: "config/\($0)", text: try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) }
    } else {
        all = LaurelDefaults.configuration.map { (name: $0.path, text: $0.text) }
    }
    func files(_ directory: String) -> [(name: String, text: String)] {
        all.filter { $0.name.hasPrefix("config/\(directory)/") }.sorted { $0.name < $1.name }
    }
    guard let organization = all.first(where: { $0.name == "config/organization.yaml" }) else {
        throw ValidationError("\(config ?? "the built-in configuration") has no organization.yaml")
    }
    return try DomainConfiguration.load(
        workflowFiles: files("workflows"), ruleFiles: files("rules"), calendarFiles: files("calendar"), organizationFile: organization)
}

/// The migrations in the directory `sql`, or those built into the binary when it is nil.
func migrations(sql: String?, logger: Logger = Logger(label: "laurel.migrations")) throws -> Migrator {
    try sql.map { try Migrator(directory: URL(fileURLWithPath: $0), logger: logger) } ?? Migrator(files: LaurelDefaults.migrations, logger: logger)
}
