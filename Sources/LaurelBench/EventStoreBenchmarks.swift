import ArgumentParser
import EventStore
import Foundation
import Postgres

/// `eventstore`: appends and reads through ``EventStore`` against a real server, printing one
/// machine-readable line per figure (`append.single clients=16 rate=1234.5`), for
/// `scripts/bench.d/20-eventstore.sh` to set beside pgbench's.
struct EventStoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventstore",
        abstract: "Benchmark event store appends (single and batched) and ordered reads of the whole log."
    )

    @Option(help: "PostgreSQL URL; defaults to LAUREL_BENCH_URL.")
    var url: String?

    @Option(help: "Comma-separated concurrent writer counts.")
    var clients = "1,16"

    @Option(help: "Seconds per append measurement.")
    var seconds: Double = 5

    @Option(help: "Events per append in the batch measurement.")
    var batch = 100

    @Option(help: ArgumentHelp(
        "Connections that commit concurrent appends together (EventStore.Options.groupCommitConnections).",
        discussion: "0 (the default) commits each append in a transaction of its own."))
    var groupCommit = 0

    @Option(help: "The directory of migrations to apply first; default: those built in.")
    var sql: String?

    @Option(help: ArgumentHelp(
        "A JSON file with the event to append: its type, payload and metadata (scripts/bench.d/median-event.json).",
        discussion: "Without it, a short made-up event (about 100 bytes of payload)."))
    var event: String?

    @Option(help: ArgumentHelp(
        "Comma-separated measurements to run: single, batch, spread, read.",
        discussion: """
            single appends one event at a time, batch --batch events at a time to one stream, spread one event to each of             --batch new streams in one transaction (the shape of a year-end list), read reads the whole log in order.
            """))
    var measure = "single,batch,read"

    /// The figures this benchmark can measure, in the order it measures them.
    enum Measurement: String, CaseIterable {
        case single, batch, spread, read
    }

    func validate() throws {
        guard !writerCounts.isEmpty, writerCounts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--clients takes positive counts separated by commas, such as 1,16")
        }
        guard seconds > 0, batch > 0 else { throw ValidationError("--seconds and --batch must be positive") }
        guard groupCommit >= 0 else { throw ValidationError("--group-commit must not be negative") }
        let unknown = measurementNames.filter { Measurement(rawValue: $0) == nil }
        guard unknown.isEmpty, !measurementNames.isEmpty else {
            throw ValidationError("--measure takes single, batch, spread and read separated by commas, not '\(measure)'")
        }
    }

    private var writerCounts: [Int] { clients.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    private var measurementNames: [String] { measure.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    private var measurements: Set<Measurement> { Set(measurementNames.compactMap(Measurement.init(rawValue:))) }

    func run() async throws {
        guard let url = url ?? ProcessInfo.processInfo.environment["LAUREL_BENCH_URL"], !url.isEmpty else {
            throw ValidationError("give --url or set LAUREL_BENCH_URL")
        }
        let configuration = PostgresConfiguration(url, applicationName: "laurel-bench")
        let sample = try event.map(BenchmarkEvent.init(file:)) ?? BenchmarkEvent.madeUp
        let migrator = try migrations(sql: sql)
        try await Connection.withConnection(configuration) { try await migrator.migrate($0) }

        print("machine cores=\(ProcessInfo.processInfo.activeProcessorCount)")
        let measurements = self.measurements
        if measurements.contains(.single) {
            for writers in writerCounts {
                let rate = try await appendRate(configuration, writers: writers, eventsPerAppend: 1, groupCommit: groupCommit,
                                                seconds: seconds, samples: [sample]).rate
                print("append.single clients=\(writers) rate=\(fixed(rate))")
            }
        }
        if measurements.contains(.batch) {
            for writers in writerCounts {
                let rate = try await appendRate(configuration, writers: writers, eventsPerAppend: batch, groupCommit: groupCommit,
                                                seconds: seconds, samples: [sample]).rate
                print("append.batch clients=\(writers) batch=\(batch) rate=\(fixed(rate))")
            }
        }
        if measurements.contains(.spread) {
            for writers in writerCounts {
                let rate = try await appendRate(configuration, writers: writers, eventsPerAppend: batch, spread: true,
                                                groupCommit: groupCommit, seconds: seconds, samples: [sample]).rate
                print("append.spread clients=\(writers) streams=\(batch) rate=\(fixed(rate))")
            }
        }
        if measurements.contains(.read) {
            let (rows, rate) = try await readRate(configuration)
            print("read.all rows=\(rows) rate=\(fixed(rate))")
        }
    }

    /// Rows per second reading the whole log in order through a subscription, pages of 1,000,
    /// from the start to the event that was last when it began.
    private func readRate(_ configuration: PostgresConfiguration) async throws -> (Int, Double) {
        let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: 2))
        let store = EventStore(pool: pool, options: .init(subscriptionPageSize: 1000))
        let head = try await store.headCheckpoint()
        let clock = ContinuousClock()
        let started = clock.now
        var rows = 0
        if head != .start {
            for try await event in store.subscribe(from: .start) {
                rows += 1
                if event.checkpoint >= head { break }
            }
        }
        let elapsed = clock.now - started
        await pool.close()
        return (rows, Double(rows) / elapsed.inSeconds)
    }
}

/// The event the append measurements write, with the same type, payload and metadata each time.
struct BenchmarkEvent: Sendable {
    let type: String
    let payload: Data
    let metadata: EventMetadata

    /// A short made-up event, the benchmark's default.
    static let madeUp = BenchmarkEvent(
        type: "BenchmarkEvent",
        payload: Data(#"{"unit": "Viện kiểm sát nhân dân khu vực 7", "title": "Chiến sĩ thi đua cơ sở", "score": 95, "year": 2026}"#.utf8),
        metadata: EventMetadata(actorID: "officer-7", actorRoles: ["unit_officer"], correlationID: "bench", requestID: "bench",
                                reason: "benchmark"))

    init(type: String, payload: Data, metadata: EventMetadata) {
        self.type = type
        self.payload = payload
        self.metadata = metadata
    }

    /// Reads `{"type": …, "payload": {…}, "metadata": {…}}` (other keys, such as `source`, ignored).
    init(file path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let type = object["type"] as? String,
              let payload = object["payload"], let metadata = object["metadata"] else {
            throw ValidationError("\(path): an event file holds type, payload and metadata")
        }
        self.type = type
        self.payload = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])
        self.metadata = try JSONDecoder().decode(EventMetadata.self, from: JSONSerialization.data(withJSONObject: metadata))
    }
}
