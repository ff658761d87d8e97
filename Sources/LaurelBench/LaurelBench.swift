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
    clients: Int, seconds: Double, _ operation: @escaping @Sendable (_ client: Int) async throws -> Void
) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for client in 0..<clients {
            group.addTask {
                var count = 0
                while clock.now < deadline {
                    try await operation(client)
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

    func validate() throws {
        guard perLend >= 1 else { throw ValidationError("--per-lend must be at least 1") }
    }

    func run() async throws {
        let clients = options.clients
        if direct {
            var connections: [Connection] = []
            for _ in 0..<clients { connections.append(try await Connection.connect(options.configuration)) }
            let all = connections
            let rate = try await measureRate(clients: clients, seconds: options.seconds) { client in
                try await Self.select(on: all[client])
            }
            for connection in all { await connection.close() }
            print("select-direct clients=\(clients) rate=\(String(format: "%.1f", rate))")
            return
        }
        let pool = ConnectionPool(
            configuration: options.configuration,
            options: .init(maxConnections: clients, acquireTimeout: .seconds(30)),
            logger: Logger(label: "laurel.bench"))
        let perLend = self.perLend
        let lend: @Sendable (Int) async throws -> Void = { _ in
            try await pool.withConnection { connection in
                for _ in 0..<perLend { try await Self.select(on: connection) }
            }
        }
        // Open every connection and warm up before measuring.
        _ = try await measureRate(clients: clients, seconds: min(1, options.seconds / 5), lend)
        let rate = try await measureRate(clients: clients, seconds: options.seconds, lend) * Double(perLend)
        await pool.close()
        print("select clients=\(clients) per-lend=\(perLend) rate=\(String(format: "%.1f", rate))")
    }

    /// One statement, as pgbench runs it: `\set x random(1, 1000)` then `SELECT :x::int`.
    static func select(on connection: Connection) async throws {
        let x = Int.random(in: 1...1000)
        let rows = try await connection.query("SELECT $1::int", [x])
        guard try rows[0].decode(0, as: Int.self) == x else {
            throw ValidationError("wrong result")
        }
    }
}

extension Duration {
    /// The duration in seconds, for rates.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
