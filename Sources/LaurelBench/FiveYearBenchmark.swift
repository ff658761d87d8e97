import ArgumentParser
import Commands
import EventStore
import Foundation
import Nominations
import Postgres
import Projections
import Workflow

/// `laurel-bench five-year`: the reports on awards over five years of the annual cycle. Five
/// year-ends of a sector (``YearEnd``, the same people year after year) go through the command
/// handler, every read model is rebuilt from the log, then the multi-year summary's query
/// (`awardTallies`, what `GET /v1/reports/five-year` reads) and a unit's yearbook are repeated
/// beside the store's ordered read of the same log in the same run. Prints one line per figure
/// (`fiveyear.report awards=… ms=…`).
struct FiveYearBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "five-year",
        abstract: "Benchmark the five-year report and a yearbook over five years of year-ends, beside the store's ordered read.")

    @Option(help: "PostgreSQL URL; defaults to LAUREL_BENCH_URL.")
    var url: String?

    @Option(help: "Lists a year, spread over the organisation's units in turn.")
    var lists = 30

    @Option(help: "People per list: each an advanced worker, 15% of them grassroots emulation fighters too.")
    var people = 150

    @Option(help: "The last year of the five.")
    var last = 2028

    @Option(help: "Lists worked on at once.")
    var parallel = 4

    @Option(help: "Seconds to repeat each read.")
    var seconds: Double = 5

    @Option(help: "The configuration directory; default: the one built in.")
    var config: String?

    @Option(help: "The directory of migrations to apply first; default: those built in.")
    var sql: String?

    func validate() throws {
        guard lists > 0, people > 0, parallel > 0, seconds > 0 else {
            throw ValidationError("--lists, --people, --parallel and --seconds must be positive")
        }
    }

    func run() async throws {
        guard let url = url ?? ProcessInfo.processInfo.environment["LAUREL_BENCH_URL"], !url.isEmpty else {
            throw ValidationError("give --url or set LAUREL_BENCH_URL")
        }
        let postgres = PostgresConfiguration(url, applicationName: "laurel-bench")
        let logger = quietLogger()
        let migrator = try migrations(sql: sql, logger: logger)
        try await Connection.withConnection(postgres) { try await migrator.migrate($0) }
        let years = (last - 4)...last
        let configuration = Self.covering(years, try loadDomainConfiguration(config: config))
        let pool = ConnectionPool(configuration: postgres, options: .init(maxConnections: parallel + 2))
        let listener = Listener(configuration: postgres, logger: logger)
        try await listener.start()
        let store = EventStore(pool: pool, listener: listener)
        let run = String(UUID().uuidString.lowercased().prefix(6))
        let tenant = "five-year-\(run)"
        print("machine cores=\(ProcessInfo.processInfo.activeProcessorCount)")

        // Five year-ends, untimed but for the record: the data the reports read.
        let clock = ContinuousClock()
        for year in years {
            let yearEnd = YearEnd(year: year, lists: lists, people: people, run: run, store: store, tenant: tenant, configuration: configuration,
                                  keptStates: KeptStates<Nomination?>.defaultCapacity)
            let before = try await YearEndBenchmark.eventCount(store)
            let started = clock.now
            try await yearEnd.runWholeYear(parallel: parallel)
            print("fiveyear.year year=\(year) rows=\(yearEnd.rows) events=\(try await YearEndBenchmark.eventCount(store) - before) "
                  + "seconds=\(fixed((clock.now - started).inSeconds, 2))")
        }

        // Into the read models, as `laurel projections rebuild all` does.
        let events = try await YearEndBenchmark.eventCount(store)
        let service = ProjectionService(configuration: postgres, pool: pool, store: store, listener: listener, logger: logger)
        var started = clock.now
        try await service.rebuildAll()
        let rebuilt = (clock.now - started).inSeconds
        print("fiveyear.rebuild events=\(events) seconds=\(fixed(rebuilt, 2)) rate=\(fixed(Double(events) / rebuilt))")

        // The sector's summary of the five years, and the yearbook of the unit with the most awards.
        let queries = ReadModelQueries(pool: pool)
        let tallies = try await queries.awardTallies(tenant: tenant, units: nil, years: years)
        let awards = tallies.reduce(0) { $0 + $1.awards }
        let byUnit = Dictionary(grouping: tallies, by: \.unit).mapValues { $0.reduce(0) { $0 + $1.awards } }
        // The first code among those with the most awards, so every run reads the same unit's.
        guard let unit = byUnit.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else {
            throw ValidationError("the five years left no award in the registry")
        }
        let reports = try await measureRate(clients: 1, seconds: seconds) { _, _ in
            _ = try await queries.awardTallies(tenant: tenant, units: nil, years: years)
        }
        print("fiveyear.report years=\(years.lowerBound)-\(years.upperBound) awards=\(awards) tallies=\(tallies.count) "
              + "ms=\(fixed(1000 / reports, 2)) rate=\(fixed(reports, 2))")
        let yearbook = try await queries.yearbook(tenant: tenant, unit: unit)
        let yearbooks = try await measureRate(clients: 1, seconds: seconds) { _, _ in
            _ = try await queries.yearbook(tenant: tenant, unit: unit)
        }
        print("fiveyear.yearbook unit=\(unit) awards=\(yearbook.count) ms=\(fixed(1000 / yearbooks, 2)) rate=\(fixed(yearbooks, 2))")

        // The reference: the store's ordered read of the log the reports come from.
        var passes = 0
        started = clock.now
        repeat {
            guard try await readWholeLog(store) == events else { throw ValidationError("the log does not hold the \(events) events written here") }
            passes += 1
        } while (clock.now - started).inSeconds < seconds
        let read = (clock.now - started).inSeconds / Double(passes)
        print("fiveyear.read_log events=\(events) passes=\(passes) ms=\(fixed(read * 1000, 1)) rate=\(fixed(Double(events) / read)) "
              + "report_ratio=\(fixed(read * reports, 1)) yearbook_ratio=\(fixed(read * yearbooks, 1))")
        listener.close()
        await pool.close()
    }

    /// `base` with a stand-in working-day calendar, weekends only, for each of `years` its own
    /// calendar does not cover: the shipped one covers 2024 to 2027, earlier years have no
    /// registration deadline in the rules, so five years of the cycle run from 2024 to 2028.
    static func covering(_ years: ClosedRange<Int>, _ base: DomainConfiguration) -> DomainConfiguration {
        let missing = years.filter { base.calendar.years[$0] == nil }
        guard !missing.isEmpty else { return base }
        print("fiveyear.calendar stand_in=\(missing.map(String.init).joined(separator: ","))")
        let calendar = WorkingCalendar(years: Array(base.calendar.years.values)
                                       + missing.map { WorkingCalendar.Year(year: $0, daysOff: [:], workingWeekendDays: [:]) })
        return DomainConfiguration(workflows: base.workflows, rules: base.rules, calendar: calendar, organization: base.organization)
    }
}
