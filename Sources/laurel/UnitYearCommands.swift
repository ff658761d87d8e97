import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// Where the service runs and whose token acts: the CLI's commands that change the record go
/// through the HTTP API, so they are authorised, scoped and recorded as any other request.
struct ServerOptions: ParsableArguments {
    @Option(help: "The service's base URL (or LAUREL_SERVER).")
    var server = ProcessInfo.processInfo.environment["LAUREL_SERVER"] ?? "http://127.0.0.1:8080"

    @Option(help: "A bearer token (or LAUREL_TOKEN), such as `laurel token issue` prints.")
    var token = ProcessInfo.processInfo.environment["LAUREL_TOKEN"] ?? ""

    @Option(help: "The unit's code, such as vksnd-hanoi.") var unit: String

    @Option(help: "The year of the emulation.") var year: Int

    @Flag(help: "Print the service's JSON answer as it is.") var json = false

    func validate() throws {
        guard !token.isEmpty else { throw ValidationError("pass --token or set LAUREL_TOKEN") }
    }

    /// Sends one request and returns the JSON answer; a problem document is printed as one line
    /// on stderr with exit status 1.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> [String: Any] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        var request = HTTPClientRequest(url: server + "/v1/units/\(unit)/\(path)/\(year)")
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Idempotency-Key", value: UUID().uuidString)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let data = Data(buffer: try await response.body.collect(upTo: 16 << 20))
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard (200..<300).contains(Int(response.status.code)) else {
            let detail = object["detail"] as? String ?? String(decoding: data, as: UTF8.self)
            FileHandle.standardError.write(Data("laurel: \(response.status.code) \(object["type"] as? String ?? ""): \(detail)\n".utf8))
            throw ExitCode(1)
        }
        if json { print(String(decoding: data, as: UTF8.self)) }
        return object
    }
}

/// The request's body: `--file` as it is (a JSON body as the API takes it; `-` for standard
/// input), or else the object `build` makes of the options.
private func body(file: String?, _ build: () throws -> [String: Any]) throws -> Data {
    guard let file else { return try JSONSerialization.data(withJSONObject: try build()) }
    return file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
}

/// `laurel registration`: a unit's emulation registration for a year.
struct RegistrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration", abstract: "File, amend and show a unit's emulation registration for a year.",
        subcommands: [Record.self, Show.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File or amend the registration (the unit's officer until the deadline; the standing office after it, with --reason).")

        @OptionGroup var server: ServerOptions
        @Option(help: "The collective title the unit aims for.") var collectiveTitle: String?
        @Option(help: ArgumentHelp("A person registering for a title.", valueName: "title:id:name")) var add: [String] = []
        @Option(help: ArgumentHelp("A person taken off a title.", valueName: "title:id")) var remove: [String] = []
        @Option(help: "Why (required after the deadline).") var reason: String?
        @Option(help: "The whole body as JSON instead of the options above (`-` for standard input).") var file: String?

        func run() async throws {
            let data = try body(file: file) {
                var object: [String: Any] = [:]
                object["collective_title"] = collectiveTitle
                object["reason"] = reason
                object["add"] = try add.map { text -> [String: Any] in
                    let parts = try colonFields(text, option: "--add", form: "title:id:name")
                    return ["title": parts[0], "person": ["id": parts[1], "name": parts[2]]]
                }
                object["remove"] = try remove.map { text -> [String: Any] in
                    let parts = try colonFields(text, option: "--remove", form: "title:id")
                    return ["title": parts[0], "person_id": parts[1]]
                }
                return object
            }
            let answer = try await server.send("POST", "registrations", body: data)
            if !server.json { printRegistration(answer) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the registration as it stands.")
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let answer = try await server.send("GET", "registrations")
            if !server.json { printRegistration(answer) }
        }
    }
}

/// `text` split at its colons into as many fields as `form` names (the last field may hold
/// colons of its own), or a usage error naming the option.
private func colonFields(_ text: String, option: String, form: String) throws -> [String] {
    let count = form.split(separator: ":").count
    let parts = text.split(separator: ":", maxSplits: count - 1).map(String.init)
    guard parts.count == count else { throw ValidationError("\(option) takes \(form), not '\(text)'") }
    return parts
}

private func printRegistration(_ answer: [String: Any]) {
    print("\(answer["unit"] ?? "?") \(answer["year"] ?? "?")  deadline \(answer["deadline"] ?? "none")  "
          + "rule set \(answer["rule_set"] ?? "none")  version \(answer["version"] ?? 0)")
    print("collective title: \(answer["collective_title"] as? String ?? "none")")
    for title in answer["individuals"] as? [[String: Any]] ?? [] {
        let people = title["people"] as? [[String: Any]] ?? []
        print("\(title["title"] ?? "?") (\(people.count)):")
        for person in people { print("  \(person["id"] ?? "?")  \(person["name"] ?? "?")") }
    }
}

/// `laurel ratings`: the yearly task ratings a unit records for its people.
struct TaskRatingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratings", abstract: "Record and show a unit's yearly task ratings.", subcommands: [Record.self, Show.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record ratings (changing one needs --reason).")

        @OptionGroup var server: ServerOptions
        @Option(help: ArgumentHelp("A person's rating: excellent, well, completed or not_completed.", valueName: "id:rating:name"))
        var rate: [String] = []
        @Option(help: "Why (required when a rating changes).") var reason: String?
        @Option(help: "The whole body as JSON instead of the options above (`-` for standard input).") var file: String?

        func run() async throws {
            let data = try body(file: file) {
                let ratings = try rate.map { text -> [String: Any] in
                    let parts = try colonFields(text, option: "--rate", form: "id:rating:name")
                    return ["person_id": parts[0], "rating": parts[1], "name": parts[2]]
                }
                var object: [String: Any] = ["ratings": ratings]
                object["reason"] = reason
                return object
            }
            let answer = try await server.send("POST", "task-ratings", body: data)
            if !server.json { printRatings(answer) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every rating recorded for the year.")
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let answer = try await server.send("GET", "task-ratings")
            if !server.json { printRatings(answer) }
        }
    }
}

private func printRatings(_ answer: [String: Any]) {
    print("\(answer["unit"] ?? "?") \(answer["year"] ?? "?")  version \(answer["version"] ?? 0)")
    for rating in answer["ratings"] as? [[String: Any]] ?? [] {
        print("  \(rating["person_id"] ?? "?")  \(rating["name"] ?? "?")  \(rating["rating_vi"] ?? "?")")
    }
}
