import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1

/// `console`: the console's main pages under signed-in load, for `scripts/bench.d/60-console.sh`.
///
/// Each of `clients` workers signs in (through the sign-in form, as a browser does) as one of the
/// roles in turn, on a keep-alive connection of its own, and loads that role's pages one after
/// another until the time is up. Then, in the same run, as many workers read the API's own
/// nominations list with a bearer token, as the reference. Every page is timed from sending the
/// request to having read the whole response. Prints one `console.page` line per page, a
/// `console.pages` line for all of them, `console.api` for the API's list, and a
/// `console.failure` line per kind of failure; exits 1 when any request failed.
struct ConsoleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Load the console's main pages as signed-in people of each role, beside the API's nominations list.")

    @Option(help: "The server's base URL.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "Concurrent workers, each with a connection and a session of its own.")
    var clients = 16

    @Option(help: "Seconds to measure the pages, and then the API's list, after a short warm-up.")
    var seconds: Double = 5

    @Option(help: "Logins of a unit officer, a standing office, a head of agency and an auditor, comma-separated.")
    var logins: String

    @Option(help: "Their password (one for all: bench accounts).")
    var password: String

    @Option(help: "A bearer token that reads the API's nominations list (laurel token issue).")
    var apiToken: String

    func validate() throws {
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard logins.split(separator: ",").count == 4 else { throw ValidationError("--logins names four accounts") }
        guard let url = URL(string: server), url.scheme == "http", url.host != nil else {
            throw ValidationError("--server must be an http:// URL")
        }
    }

    func run() async throws {
        let url = URL(string: server)!
        let roles = logins.split(separator: ",").map(String.init)
        let load = PageLoad(host: url.host!, port: url.port ?? 80, password: password, pages: [
            (roles[0], ["nominations", "nominations?q=nguyen", "nomination"]),
            (roles[1], ["intake", "nomination"]),
            (roles[2], ["approvals", "nomination"]),
            (roles[3], ["audit", "nominations?state=approved"]),
        ])
        // Signing in (a bcrypt check each) comes before the clock starts: the pages are measured, not it.
        let sessions = await load.signIns(clients: clients)
        _ = await load.pages(clients: clients, seconds: min(1, seconds / 5), sessions: sessions)
        var pages = await load.pages(clients: clients, seconds: seconds, sessions: sessions)
        pages.failures.merge(sessions.failures, uniquingKeysWith: +)
        let api = await load.api(clients: clients, seconds: seconds, token: apiToken)
        pages.print(prefix: "console.page", total: "console.pages", clients: clients)
        api.print(prefix: "console.api.page", total: "console.api", clients: clients)
        if pages.failureCount + api.failureCount > 0 { throw ExitCode.failure }
    }
}

/// Latencies by page, and failures, of one or more workers.
struct PageTally: Sendable {
    var latencies: [String: [Duration]] = [:]
    var failures: [String: Int] = [:]
    var elapsed: Duration = .zero

    var failureCount: Int { failures.values.reduce(0, +) }

    mutating func merge(_ other: PageTally) {
        latencies.merge(other.latencies, uniquingKeysWith: +)
        failures.merge(other.failures, uniquingKeysWith: +)
    }

    func print(prefix: String, total: String, clients: Int) {
        let all = latencies.values.flatMap { $0 }.sorted()
        let rate = Double(all.count) / elapsed.inSeconds
        Swift.print("\(total) clients=\(clients) seconds=\(String(format: "%.1f", elapsed.inSeconds)) requests=\(all.count)"
            + " rate=\(String(format: "%.1f", rate)) \(WorkloadTally.summary(all)) failures=\(failureCount)")
        for (page, samples) in latencies.sorted(by: { $0.key < $1.key }) {
            Swift.print("\(prefix) name=\(page) count=\(samples.count) \(WorkloadTally.summary(samples.sorted()))")
        }
        for (failure, count) in failures.sorted(by: { $0.key < $1.key }) {
            Swift.print("console.failure \(failure) count=\(count)")
        }
    }
}

/// Signed-in workers loading pages, and workers reading the API's list.
struct PageLoad: Sendable {
    let host: String
    let port: Int
    let password: String
    /// Each role's login and the pages it loads in turn: a path, or `nomination` and `audit` for
    /// a nomination's page and its audit, the nomination found on the list.
    let pages: [(login: String, pages: [String])]

    /// The sessions of `clients` workers, signed in as the roles in turn (nil for one that could
    /// not sign in), and the failures.
    func signIns(clients: Int) async -> (cookies: [String?], failures: [String: Int]) {
        await withTaskGroup(of: (Int, String?, PageTally).self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var tally = PageTally()
                    let cookie = try? await BenchHTTPConnection.with(host: host, port: port) { connection in
                        await signIn(pages[worker % pages.count].login, on: &connection, into: &tally)
                    }
                    return (worker, cookie ?? nil, tally)
                }
            }
            var cookies = [String?](repeating: nil, count: clients)
            var failures: [String: Int] = [:]
            for await (worker, cookie, tally) in group {
                cookies[worker] = cookie
                failures.merge(tally.failures, uniquingKeysWith: +)
            }
            return (cookies, failures)
        }
    }

    func pages(clients: Int, seconds: Double, sessions: (cookies: [String?], failures: [String: Int])) async -> PageTally {
        await measure(clients: clients, seconds: seconds) { worker, deadline, connection, tally in
            let role = pages[worker % pages.count]
            guard let cookie = sessions.cookies[worker] else { return }
            var headers = HTTPHeaders()
            headers.add(name: "Cookie", value: cookie)
            guard let list = await get("/nominations", name: "nominations", headers: headers, on: &connection, into: &tally),
                  let id = String(buffer: list.body).firstMatch(of: /class="id"><a href="\/nominations\/([^"\/?]+)"/)?.1 else {
                tally.failures["no-nomination-listed", default: 0] += 1
                return
            }
            var next = 0
            while ContinuousClock.now < deadline {
                let page = role.pages[next % role.pages.count]
                next += 1
                let path = switch page {
                case "nomination": "/nominations/\(id)"
                case "audit": "/nominations/\(id)/audit"
                default: "/" + page
                }
                _ = await get(path, name: page, headers: headers, on: &connection, into: &tally)
            }
        }
    }

    func api(clients: Int, seconds: Double, token: String) async -> PageTally {
        await measure(clients: clients, seconds: seconds) { _, deadline, connection, tally in
            var headers = HTTPHeaders()
            headers.add(name: "Authorization", value: "Bearer \(token)")
            while ContinuousClock.now < deadline {
                _ = await get("/v1/nominations?limit=25", name: "v1-nominations", headers: headers, on: &connection, into: &tally)
            }
        }
    }

    private func measure(
        clients: Int, seconds: Double,
        _ work: @escaping @Sendable (Int, ContinuousClock.Instant, inout BenchHTTPConnection, inout PageTally) async -> Void
    ) async -> PageTally {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .milliseconds(Int(seconds * 1000))
        var tally = await withTaskGroup(of: PageTally.self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var tally = PageTally()
                    do {
                        try await BenchHTTPConnection.with(host: host, port: port) { connection in
                            await work(worker, deadline, &connection, &tally)
                        }
                    } catch {
                        tally.failures["connection", default: 0] += 1
                    }
                    return tally
                }
            }
            return await group.reduce(into: PageTally()) { $0.merge($1) }
        }
        tally.elapsed = clock.now - started
        return tally
    }

    /// Signs in through the form (its token from the page and the cookie beside it); the
    /// session's `Cookie` header value.
    private func signIn(_ login: String, on connection: inout BenchHTTPConnection, into tally: inout PageTally) async -> String? {
        do {
            let form = try await connection.execute(method: .GET, path: "/sign-in", headers: [:], body: nil)
            guard let token = Self.cookie("laurel_signin", in: form.headers) else {
                tally.failures["sign-in-form", default: 0] += 1
                return nil
            }
            var headers = HTTPHeaders()
            headers.add(name: "Cookie", value: "laurel_signin=\(token)")
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let body = "csrf=\(token)&login=\(login)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            let signedIn = try await connection.execute(method: .POST, path: "/sign-in", headers: headers, body: ByteBuffer(string: body))
            guard signedIn.status == .seeOther, let session = Self.cookie("laurel_session", in: signedIn.headers) else {
                tally.failures["sign-in \(signedIn.status.code)", default: 0] += 1
                return nil
            }
            return "laurel_session=\(session)"
        } catch {
            tally.failures["sign-in error", default: 0] += 1
            return nil
        }
    }

    private func get(
        _ path: String, name: String, headers: HTTPHeaders, on connection: inout BenchHTTPConnection, into tally: inout PageTally
    ) async -> BenchHTTPConnection.Response? {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await connection.execute(method: .GET, path: path, headers: headers, body: nil)
            let latency = clock.now - started
            guard response.status == .ok else {
                tally.failures["\(name) \(response.status.code)", default: 0] += 1
                return nil
            }
            tally.latencies[name, default: []].append(latency)
            return response
        } catch {
            tally.failures["\(name) error", default: 0] += 1
            return nil
        }
    }

    /// The value a response sets for cookie `name`.
    static func cookie(_ name: String, in headers: HTTPHeaders) -> String? {
        headers["Set-Cookie"].first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }
}
