import ArgumentParser
import Commands
import EventStore
import Foundation
import Nominations
import Postgres

/// `yearend`: a sector's whole year-end through the command handler, step by step: every unit's
/// list sent, taken in, put on its council's agenda, voted in one ballot and awarded by one
/// numbered decision. Prints one line per step (`yearend.submit lists=60 events=… seconds=… rate=…
/// client_cpu=… server_cpu=…`), with the CPU seconds this process and the server's processes
/// (when the server runs on this machine) spent in the step. Then, for each step, the event store's
/// batch append rate of that step's own events (`yearend.reference.submit events=… rate=…`): the
/// same rows appended 100 at a time by as many writers, so a step is compared with the store
/// writing what the step wrote. Last, the client CPU of encoding each step's nomination events
/// alone (`yearend.encode.submit events=… bytes=… client_us=…`), free of the server's share of
/// the cores and of its noise.
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

    @Option(help: "How many nominations the command handler keeps between commands (default: as the server).")
    var keptStates = KeptStates<Nomination?>.defaultCapacity

    @Option(help: "Seconds of each step's reference: the store appending the step's own events in batches of 100.")
    var referenceSeconds: Double = 3

    @Option(help: "The configuration directory; default: the one built in.")
    var config: String?

    @Option(help: "The directory of migrations to apply first; default: those built in.")
    var sql: String?

    static let year = 2026

    func validate() throws {
        guard lists > 0, people > 0, parallel > 0, referenceSeconds > 0 else {
            throw ValidationError("--lists, --people, --parallel and --reference-seconds must be positive")
        }
        guard people + people * 15 / 100 <= maxListRows else { throw ValidationError("a list has at most \(maxListRows) rows") }
    }

    func run() async throws {
        guard let url = url ?? ProcessInfo.processInfo.environment["LAUREL_BENCH_URL"], !url.isEmpty else {
            throw ValidationError("give --url or set LAUREL_BENCH_URL")
        }
        let postgres = PostgresConfiguration(url, applicationName: "laurel-bench")
        let migrator = try migrations(sql: sql)
        try await Connection.withConnection(postgres) { try await migrator.migrate($0) }
        let configuration = try loadDomainConfiguration(config: config)
        let pool = ConnectionPool(configuration: postgres, options: .init(maxConnections: parallel + 2))
        let store = EventStore(pool: pool)
        let run = String(UUID().uuidString.lowercased().prefix(6))
        let yearEnd = YearEnd(year: Self.year, lists: lists, people: people, run: run, store: store, tenant: "yearend-\(run)",
                              configuration: configuration, keptStates: keptStates)
        let plans = yearEnd.plans
        print("machine cores=\(ProcessInfo.processInfo.activeProcessorCount)")
        print("yearend.plan lists=\(lists) people=\(lists * people) rows=\(yearEnd.rows) "
              + "units=\(Set(plans.map(\.unit)).count) councils=\(Set(plans.map(\.council)).count)")

        // Every person registered and rated first (not measured: done in January and through the year).
        let sessions = try await yearEnd.prepare()
        // Statistics as a database in use has them (autovacuum's): a new one has none for its first
        // minute, and the plans sessions keep from then can read a stream by scanning its tenant.
        _ = try await pool.query("ANALYZE")
        let backend = try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
        let postmaster = CPUTime.postmaster(ofBackend: backend)
        var written: [(step: String, events: [BenchmarkEvent])] = []
        for step in yearEnd.steps(sessions) {
            written.append((step.name, try await measure(step, plans, store, postmaster: postmaster)))
        }
        // After every step, so that no step runs on a log the references made longer.
        for (step, events) in written {
            let cpuBefore = CPUTime.now(postmaster: postmaster)
            let run = try await appendRate(postgres, writers: parallel, eventsPerAppend: 100, seconds: referenceSeconds, samples: events)
            let cpu = CPUTime.now(postmaster: postmaster) - cpuBefore
            // CPU per event, to set beside the step's: what the step adds to the store's own work, and on which side.
            print("yearend.reference.\(step) events=\(events.count) rate=\(fixed(run.rate)) "
                  + cpu.perEvent(run.events))
        }
        // Encoding alone, free of the server's share of the cores: what a step's client spends
        // turning its decided events into JSON.
        for (step, events) in written { try Self.measureEncoding(step, events) }
        await pool.close()
    }

    /// Prints the client CPU an event of encoding `step`'s nomination events again, as the
    /// command handler encodes what it decided (`yearend.encode.STEP events=… client_us=…`).
    static func measureEncoding(_ step: String, _ events: [BenchmarkEvent]) throws {
        let decoder = StoredJSONDecoder()
        let decided = try events.filter { $0.type.hasPrefix("nomination.") }.map { event in
            try decoder.decode(from: event.payload) { try NominationEvent(type: event.type, payloadDecoder: $0) }
        }
        guard !decided.isEmpty else { return }
        var rounds = 0
        var bytes = 0
        let before = CPUTime.now(postmaster: nil).client
        while rounds < 3 || CPUTime.now(postmaster: nil).client - before < 0.5 {
            for event in decided { bytes += try StoredJSONEncoder.encode(event.storedPayload).count }
            rounds += 1
        }
        let seconds = CPUTime.now(postmaster: nil).client - before
        print("yearend.encode.\(step) events=\(decided.count) bytes=\(bytes / (rounds * decided.count)) "
              + "client_us=\(fixed(seconds / Double(rounds * decided.count) * 1e6, 2))")
    }

    /// Runs `step` on every list, `parallel` at a time, prints its wall time, rate and CPU, and
    /// returns the events it wrote.
    private func measure(
        _ step: YearEnd.Step, _ plans: [YearEnd.Plan], _ store: EventStore, postmaster: Int32?
    ) async throws -> [BenchmarkEvent] {
        let after = try await Self.lastPosition(store)
        let clock = ContinuousClock()
        let cpuBefore = CPUTime.now(postmaster: postmaster)
        let started = clock.now
        try await YearEnd.forEach(plans, parallel: parallel, step)
        let seconds = (clock.now - started).inSeconds
        let cpu = CPUTime.now(postmaster: postmaster) - cpuBefore
        let written = try await Self.events(store, after: after)
        let events = Double(written.count)
        print("yearend.\(step.name) lists=\(plans.count) events=\(written.count) seconds=\(fixed(seconds, 2)) "
              + "rate=\(fixed(events / seconds)) client_cpu=\(fixed(cpu.client, 2)) server_cpu=\(fixed(cpu.server, 2)) "
              + cpu.perEvent(written.count))
        return written
    }

    static func lastPosition(_ store: EventStore) async throws -> Int64 {
        try await store.pool.query("SELECT coalesce(max(position), 0) FROM events")[0].decode(0, as: Int64.self)
    }

    /// The events the log holds after position `after`, as the store would append them again.
    static func events(_ store: EventStore, after: Int64) async throws -> [BenchmarkEvent] {
        var events: [BenchmarkEvent] = []
        var position = after
        while true {
            let page = try await store.scan(afterPosition: position, limit: 5_000)
            guard let last = page.last else { return events }
            events += page.map { BenchmarkEvent(type: $0.type, payload: $0.payload, metadata: $0.metadata) }
            position = last.position
        }
    }

    static func eventCount(_ store: EventStore) async throws -> Int {
        Int(try await store.pool.query("SELECT count(*)::int8 FROM events")[0].decode(0, as: Int64.self))
    }
}
