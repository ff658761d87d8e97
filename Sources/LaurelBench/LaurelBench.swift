import ArgumentParser
import Foundation
import Logging
import Postgres

/// `laurel-bench`: Laurel's benchmarks, run by `scripts/bench` against one fresh server. Each
/// subcommand prints one machine-readable line per measurement (`name key=value ...`).
@main
struct LaurelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laurel-bench",
        abstract: "Laurel's benchmarks (run them all with scripts/bench).",
        subcommands: [
            SelectBenchmark.self,
            EventStoreBenchmark.self,
            ProjectionBenchmark.self,
            HTTPBenchmark.self,
            ConsoleBenchmark.self,
            YearEndBenchmark.self,
            ScoringBenchmark.self,
            FiveYearBenchmark.self,
        ]
    )
}

/// Options every benchmark takes.
struct BenchmarkOptions: ParsableArguments {
    @Option(help: "The database URL (default: $LAUREL_BENCH_URL).")
    var url: String = ProcessInfo.processInfo.environment["LAUREL_BENCH_URL"] ?? ""

    @Option(help: "Concurrent clients (tasks), and pool size.")
    var clients: Int = 1

    @Option(help: "Seconds to measure, after a short warm-up.")
    var seconds: Double = 5

    func validate() throws {
        guard !url.isEmpty else { throw ValidationError("give --url or set LAUREL_BENCH_URL") }
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
    }

    var configuration: PostgresConfiguration {
        PostgresConfiguration(url, applicationName: "laurel-bench")
    }
}

/// Runs `operation` in `clients` concurrent tasks until `seconds` have passed and returns the
/// completed operations per second. Counts only what completes inside the window.
func measureRate(
    clients: Int, seconds: Double,
    _ operation: @escaping @Sendable (_ client: Int, _ iteration: Int) async throws -> Void
) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for client in 0..<clients {
            group.addTask {
                var count = 0
                while clock.now < deadline {
                    try await operation(client, count)
                    count += 1
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = clock.now - start
    return Double(total) / elapsed.inSeconds
}

/// `laurel-bench select`: the simplest parameterized statement through the pool, the same one
/// `scripts/bench.d/10-select.sh` gives pgbench.
struct SelectBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "SELECT $1::int through a ConnectionPool sized to the client count.")

    @OptionGroup var options: BenchmarkOptions

    @Flag(help: "One Connection per client, no pool: isolates the pool's own cost.")
    var direct = false

    @Option(help: ArgumentHelp(
        "Statements each client runs per borrowed connection, in one withConnection.",
        discussion: "1 (the default) borrows a connection for every statement, as pool.query does."))
    var perLend = 1

    @Option(help: ArgumentHelp(
        "Connections that carry every client's statements together (the pool's multiplexingConnections).",
        discussion: "0 (the default) lends a connection for every statement. Above 0, each client calls pool.query."))
    var multiplexing = 0

    func validate() throws {
        guard perLend >= 1 else { throw ValidationError("--per-lend must be at least 1") }
        guard multiplexing >= 0 else { throw ValidationError("--multiplexing must not be negative") }
        guard multiplexing == 0 || perLend == 1 else {
            throw ValidationError("--multiplexing and --per-lend do not go together: a loan is not multiplexed")
        }
    }

    func run() async throws {
        let clients = options.clients
        if direct {
            var connections: [Connection] = []
            for _ in 0..<clients { connections.append(try await Connection.connect(options.configuration)) }
            let all = connections
            let rate = try await measureRate(clients: clients, seconds: options.seconds) { client, iteration in
                try await Self.select(client, iteration) { try await all[client].query($0, $1) }
            }
            for connection in all { await connection.close() }
            print("select-direct clients=\(clients) rate=\(String(format: "%.1f", rate))")
            return
        }
        let pool = ConnectionPool(
            configuration: options.configuration,
            options: .init(maxConnections: clients, acquireTimeout: .seconds(30), multiplexingConnections: multiplexing),
            logger: Logger(label: "laurel.bench"))
        let perLend = self.perLend
        let multiplexed = multiplexing > 0
        let lend: @Sendable (Int, Int) async throws -> Void = { client, iteration in
            if multiplexed {
                try await Self.select(client, iteration) { try await pool.query($0, $1) }
                return
            }
            try await pool.withConnection { connection in
                for statement in 0..<perLend {
                    try await Self.select(client, iteration * perLend + statement) { try await connection.query($0, $1) }
                }
            }
        }
        // Open every connection and warm up before measuring.
        _ = try await measureRate(clients: clients, seconds: min(1, options.seconds / 5), lend)
        let rate = try await measureRate(clients: clients, seconds: options.seconds, lend) * Double(perLend)
        await pool.close()
        print("select clients=\(clients) per-lend=\(perLend) multiplexing=\(multiplexing) rate=\(String(format: "%.1f", rate))")
    }

    /// One statement, as pgbench runs it: `\set x random(1, 1000)` then `SELECT :x::int`.
    ///
    /// The value comes from a hash of the client and iteration (SplitMix64's finalizer), as
    /// pgbench's comes from a generator in memory: `Int.random` asks the kernel for every value,
    /// a system call that cost more than the pool's own work per statement.
    static func select(
        _ client: Int, _ iteration: Int,
        through query: (String, [any PostgresEncodable]) async throws -> PostgresRows
    ) async throws {
        var z = UInt64(truncatingIfNeeded: client) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: iteration)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        let x = Int((z ^ (z >> 31)) % 1000) + 1
        let rows = try await query("SELECT $1::int", [x])
        guard try rows[0].decode(0, as: Int.self) == x else {
            throw ValidationError("wrong result")
        }
    }
}

extension Duration {
    /// The duration in seconds, for rates.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// `value` with `digits` decimals, as the measurement lines print numbers.
func fixed(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
