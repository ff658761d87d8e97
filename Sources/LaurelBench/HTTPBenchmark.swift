import ArgumentParser
import Foundation
import Workflow
import NIOCore
import NIOHTTP1

/// `http`: full ad hoc workflows (submit as a unit officer, accept as the standing office,
/// approve as the head of agency) against a running `laurel serve`, from concurrent workers each
/// on a keep-alive connection of its own (``BenchHTTPConnection``), for `scripts/bench.d/40-http.sh`.
///
/// Every command is timed from sending the request to having read the whole response. Prints
/// `http.commands` (rate and latency of all commands), `http.distribution` (their percentiles
/// from p10 to p99.9), one `http.command` line per command, and
/// one `http.failure` line per kind of failure; exits 1 when any command failed.
struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Run full ad hoc workflows (submit, accept, approve) over HTTP against a running laurel serve.")

    @Option(help: "A server's base URL; repeat it for several instances, which the workers take in turn.")
    var server: [String] = ["http://127.0.0.1:8080"]

    @Option(help: "Concurrent workers, each with a connection of its own.")
    var clients = 32

    @Option(help: "Seconds to measure, after a short warm-up.")
    var seconds: Double = 5

    @Option(help: "The unit the nominees belong to (a unit of config/organization.yaml).")
    var unit = "vksnd-hanoi"

    @Option(help: "Bearer token of a unit_officer of --unit (laurel token issue).")
    var officerToken: String

    @Option(help: "Bearer token with the standing_office role.")
    var officeToken: String

    @Option(help: "Bearer token with the head_of_agency role.")
    var headToken: String

    @Option(help: "Workers reading the nominations list (50 a page) beside the commands, each on a connection of its own.")
    var readers = 0

    @Option(help: "The server the readers ask; default the first --server.")
    var readsFrom: String?

    func validate() throws {
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard readers >= 0 else { throw ValidationError("--readers must not be negative") }
        for text in server + [readsFrom].compactMap({ $0 }) {
            guard let url = URL(string: text), url.scheme == "http", url.host != nil else {
                throw ValidationError("--server and --reads-from must be http:// URLs, not \(text)")
            }
        }
    }

    func run() async throws {
        let endpoints = server.map { Endpoint(URL(string: $0)!) }
        let workload = AdHocWorkload(endpoints: endpoints, unit: unit, tokens: [
            .submit: officerToken, .accept: officeToken, .approve: headToken,
        ])
        let reads = ListReads(endpoint: readsFrom.map { Endpoint(URL(string: $0)!) } ?? endpoints[0], token: officerToken)
        // Warms both processes up; its figures are dropped.
        _ = await workload.run(clients: clients, seconds: min(1, seconds / 5))
        async let readTally = reads.run(clients: readers, seconds: seconds)
        let tally = await workload.run(clients: clients, seconds: seconds)
        tally.print(clients: clients)
        let read = await readTally
        if readers > 0 { read.print(clients: readers) }
        if tally.failureCount > 0 || read.failures > 0 { throw ExitCode.failure }
    }
}

/// The commands of an ad hoc workflow, in order.
enum WorkflowStep: String, CaseIterable, Sendable {
    case submit, accept, approve
}

/// What went wrong with one command: its HTTP status, or the client's error.
struct CommandFailure: Hashable, Sendable {
    let step: WorkflowStep
    let status: String
}

/// Latencies and failures of one or more workers.
struct WorkloadTally: Sendable {
    var latencies: [WorkflowStep: [Duration]] = [:]
    var failures: [CommandFailure: Int] = [:]
    /// The first response body (or error) of each kind of failure, to say what it was.
    var failureExamples: [CommandFailure: String] = [:]
    var workflowsCompleted = 0
    var elapsed: Duration = .zero

    var failureCount: Int { failures.values.reduce(0, +) }

    mutating func recordFailure(_ failure: CommandFailure, example: String) {
        failures[failure, default: 0] += 1
        if failureExamples[failure] == nil { failureExamples[failure] = String(example.prefix(500)) }
    }

    mutating func merge(_ other: WorkloadTally) {
        latencies.merge(other.latencies, uniquingKeysWith: +)
        failures.merge(other.failures, uniquingKeysWith: +)
        failureExamples.merge(other.failureExamples) { first, _ in first }
        workflowsCompleted += other.workflowsCompleted
    }

    func print(clients: Int) {
        let all = latencies.values.flatMap { $0 }.sorted()
        let rate = Double(all.count) / elapsed.inSeconds
        Swift.print("http.commands clients=\(clients) seconds=\(String(format: "%.1f", elapsed.inSeconds)) commands=\(all.count)"
            + " workflows=\(workflowsCompleted) rate=\(String(format: "%.1f", rate)) \(Self.summary(all)) failures=\(failureCount)")
        // The shape of the tail: where the p99 parts from the body of the distribution.
        Swift.print("http.distribution " + Self.distributionFractions.map { fraction in
            "p\(String(format: "%g", fraction * 100))_ms=\(String(format: "%.1f", (all.percentile(fraction)?.inSeconds ?? .nan) * 1000))"
        }.joined(separator: " "))
        for step in WorkflowStep.allCases {
            let samples = (latencies[step] ?? []).sorted()
            Swift.print("http.command name=\(step.rawValue) count=\(samples.count) \(Self.summary(samples))")
        }
        for (failure, count) in failures.sorted(by: { $0.value > $1.value }) {
            Swift.print("http.failure command=\(failure.step.rawValue) status=\(failure.status) count=\(count)")
            FileHandle.standardError.write(Data("http.failure \(failure.step.rawValue) \(failure.status): \(failureExamples[failure] ?? "")\n".utf8))
        }
    }

    static let distributionFractions = [0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.98, 0.99, 0.995, 0.999]

    /// Median, 99th percentile and maximum of sorted samples, in milliseconds.
    static func summary(_ sorted: [Duration]) -> String {
        func milliseconds(_ duration: Duration?) -> String { String(format: "%.2f", (duration?.inSeconds ?? .nan) * 1000) }
        return "p50_ms=\(milliseconds(sorted.percentile(0.50))) p99_ms=\(milliseconds(sorted.percentile(0.99)))"
            + " max_ms=\(milliseconds(sorted.last))"
    }
}

extension Array where Element == Duration {
    /// The nearest-rank percentile `fraction` (0...1) of sorted samples; nil when there are none.
    func percentile(_ fraction: Double) -> Duration? {
        guard !isEmpty else { return nil }
        let rank = Int((fraction * Double(count)).rounded(.up))
        return self[Swift.min(Swift.max(rank, 1), count) - 1]
    }
}

/// A server's host and port.
struct Endpoint: Sendable {
    let host: String
    let port: Int

    init(_ url: URL) {
        host = url.host ?? "127.0.0.1"
        port = url.port ?? 80
    }
}

/// Workers running ad hoc workflows, each nomination for a nominee of its own; worker `n` talks
/// to `endpoints[n % count]`, as a load balancer would spread them.
struct AdHocWorkload: Sendable {
    let endpoints: [Endpoint]
    let unit: String
    let tokens: [WorkflowStep: String]
    /// Keeps nominee ids and idempotency keys of separate runs apart.
    let run = UUID().uuidString.lowercased().prefix(8)

    /// Runs `clients` workers until `seconds` have passed; a workflow under way at the end stops
    /// at its next command.
    func run(clients: Int, seconds: Double) async -> WorkloadTally {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .milliseconds(Int(seconds * 1000))
        let round = UUID().uuidString.lowercased().prefix(4)
        var tally = await withTaskGroup(of: WorkloadTally.self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var tally = WorkloadTally()
                    do {
                        let endpoint = endpoints[worker % endpoints.count]
                        try await BenchHTTPConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                            var workflow = 0
                            while clock.now < deadline {
                                workflow += 1
                                await runWorkflow(nominee: "bench-\(run)-\(round)-\(worker)-\(workflow)", until: deadline,
                                                  on: &connection, into: &tally)
                            }
                        }
                    } catch {
                        tally.recordFailure(CommandFailure(step: .submit, status: "connection"), example: String(describing: error))
                    }
                    return tally
                }
            }
            return await group.reduce(into: WorkloadTally()) { $0.merge($1) }
        }
        tally.elapsed = clock.now - started
        return tally
    }

    /// Submits, accepts and approves one nomination, each step only if the one before succeeded.
    private func runWorkflow(
        nominee: String, until deadline: ContinuousClock.Instant, on connection: inout BenchHTTPConnection,
        into tally: inout WorkloadTally
    ) async {
        guard let submitted = await send(.submit, path: "/v1/nominations", body: submission(nominee: nominee),
                                         expecting: .created, key: nominee, on: &connection, into: &tally),
              let location = submitted.headers.first(name: "Location"),
              ContinuousClock.now < deadline else { return }
        guard await send(.accept, path: "\(location)/accept", body: nil, ifMatch: 1, expecting: .ok, key: nominee,
                         on: &connection, into: &tally) != nil,
              ContinuousClock.now < deadline else { return }
        guard let approved = await send(.approve, path: "\(location)/approve", body: approval(nominee: nominee), ifMatch: 2,
                                        expecting: .ok, key: nominee, on: &connection, into: &tally) else { return }
        // Three events: the nomination is approved, and only by these commands.
        if approved.headers.first(name: "ETag") == "\"3\"" {
            tally.workflowsCompleted += 1
        } else {
            tally.recordFailure(CommandFailure(step: .approve, status: "etag"), example: approved.headers.description)
        }
    }

    /// Sends one command and records its latency, or its failure; returns the response when it
    /// has the expected status.
    private func send(
        _ step: WorkflowStep, path: String, body: String?, ifMatch: Int? = nil, expecting expected: HTTPResponseStatus,
        key: String, on connection: inout BenchHTTPConnection, into tally: inout WorkloadTally
    ) async -> BenchHTTPConnection.Response? {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(tokens[step] ?? "")")
        headers.add(name: "Idempotency-Key", value: "\(key)-\(step.rawValue)")
        if let ifMatch { headers.add(name: "If-Match", value: "\"\(ifMatch)\"") }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await connection.execute(method: .POST, path: path, headers: headers,
                                                        body: body.map { ByteBuffer(string: $0) })
            let latency = clock.now - started
            guard response.status == expected else {
                tally.recordFailure(CommandFailure(step: step, status: String(response.status.code)),
                                    example: String(buffer: response.body))
                return nil
            }
            tally.latencies[step, default: []].append(latency)
            return response
        } catch {
            tally.recordFailure(CommandFailure(step: step, status: "error"), example: String(describing: error))
            return nil
        }
    }

    private func submission(nominee: String) -> String {
        """
        {"kind": "ad_hoc", "title": "certificate_of_merit", "year": \(Self.today.prefix(4)),
         "nominee": {"type": "individual", "id": "\(nominee)", "name": "Nguyễn Văn An", "unit": "\(unit)",
                     "position": "Kiểm sát viên", "is_front_line": true},
         "achievement_summary": "Phát hiện và kiến nghị khắc phục vi phạm trong vụ án đặc biệt nghiêm trọng",
         "documents": [
           {"kind": "submission", "title": "Tờ trình", "sha256": "\(String(repeating: "ab", count: 32))"},
           {"kind": "achievement_summary", "title": "Tóm tắt thành tích", "sha256": "\(String(repeating: "cd", count: 32))"}]}
        """
    }

    private func approval(nominee: String) -> String {
        #"{"decision_number": "\#(nominee)/QĐ-VKS", "decision_date": "\#(Self.today)"}"#
    }

    /// Today in Vietnam, as the server dates its decisions.
    static let today = LocalDate(inVietnamAt: Date()).description
}

/// Workers reading the first page of the nominations list (50 rows) over and over, as officers
/// and the standing office browse while commands run: the reads a read replica takes over.
struct ListReads: Sendable {
    let endpoint: Endpoint
    let token: String

    struct Tally: Sendable {
        var latencies: [Duration] = []
        var failures = 0
        var elapsed: Duration = .zero

        func print(clients: Int) {
            let sorted = latencies.sorted()
            Swift.print("http.reads clients=\(clients) reads=\(sorted.count)"
                + " rate=\(String(format: "%.1f", Double(sorted.count) / elapsed.inSeconds)) \(WorkloadTally.summary(sorted)) failures=\(failures)")
        }
    }

    func run(clients: Int, seconds: Double) async -> Tally {
        guard clients > 0 else { return Tally() }
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .milliseconds(Int(seconds * 1000))
        var tally = await withTaskGroup(of: Tally.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var tally = Tally()
                    var headers = HTTPHeaders()
                    headers.add(name: "Authorization", value: "Bearer \(token)")
                    do {
                        try await BenchHTTPConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                            while clock.now < deadline {
                                let sent = clock.now
                                let response = try await connection.execute(method: .GET, path: "/v1/nominations?limit=50",
                                                                            headers: headers, body: nil)
                                if response.status == .ok { tally.latencies.append(clock.now - sent) } else { tally.failures += 1 }
                            }
                        }
                    } catch {
                        tally.failures += 1
                    }
                    return tally
                }
            }
            return await group.reduce(into: Tally()) { $0.latencies += $1.latencies; $0.failures += $1.failures }
        }
        tally.elapsed = clock.now - started
        return tally
    }
}
