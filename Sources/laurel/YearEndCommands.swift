import ArgumentParser
import Foundation
import NIOHTTP1

/// The options of every command that talks to a running `laurel serve`.
struct ServiceOptions: ParsableArguments {
    @Option(help: "The service's address.") var server = "http://127.0.0.1:8080"
    @Option(help: "A bearer token; defaults to LAUREL_TOKEN.") var token: String?
}

extension ListsCommand {
    /// `laurel lists intake LIST`: the standing office takes a list's rows in.
    struct Intake: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "intake", abstract: "Take a list's rows in (every row waiting for intake, or --rows), all or none.")
        @Argument(help: "The list's id.") var list: String
        @Option(help: "Row numbers to take in, separated by commas (default: every row not taken in or returned).") var rows: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let numbers = try rows.map { try ServiceRequest.rowNumbers($0) }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/nomination-lists/\(list)/intake", server: service.server,
                token: try ServiceRequest.token(service.token, of: "standing office"), body: numbers.map { ["rows": $0] } ?? [:]),
                done: { "list \(list): \(($0["rows"] as? [[String: Any]] ?? []).filter { $0["taken_in"] as? Bool == true }.count) rows taken in" })
        }
    }

    /// `laurel lists return LIST --row N --reason TEXT`: the standing office returns a row.
    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "return", abstract: "Return rows of a list for amendment, with reasons.")
        @Argument(help: "The list's id.") var list: String
        @Option(help: "Row numbers to return, separated by commas.") var rows: String
        @Option(help: "The reason (repeat for several).") var reason: [String]
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let returned = try ServiceRequest.rowNumbers(rows).map { ["row": $0, "reasons": reason] as [String: Any] }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/nomination-lists/\(list)/returns", server: service.server,
                token: try ServiceRequest.token(service.token, of: "standing office"), body: ["rows": returned]),
                done: { _ in "list \(list): rows \(rows) returned" })
        }
    }
}

/// `laurel sessions`: a council session's agenda and ballot, and its minutes.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "A council session's agenda, ballot and minutes.", subcommands: [Agenda.self, Ballot.self, Minutes.self])

    struct Agenda: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agenda", abstract: "Put every row of a list (or the nominations named) on a session's agenda, all or none.")
        @Argument(help: "The session's id.") var session: String
        @Option(help: "A year-end list whose rows go on the agenda.") var list: String?
        @Option(help: "A nomination id (repeat for several).") var nomination: [String] = []
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let token = try ServiceRequest.token(service.token, of: "council secretary")
            var nominations = nomination
            if let list {
                let shown = try await ServiceRequest.json(.GET, "/v1/nomination-lists/\(list)", server: service.server, token: token)
                guard shown.status == 200 else { throw ServiceRequest.refusal(shown.object, status: shown.status, rowsCode: "") }
                nominations += (shown.object["rows"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String }
            }
            guard !nominations.isEmpty else { throw ValidationError("give --list or --nomination") }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/council-sessions/\(session)/agenda", server: service.server, token: token, body: ["nominations": nominations]),
                done: { "session \(session): \(($0["results"] as? [Any])?.count ?? 0) nominations on the agenda" })
        }
    }

    struct Ballot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ballot",
            abstract: "Record a session's results for its agenda from a CSV file, all or none.",
            discussion: """
                Columns: nomination_id, in_favour, against, abstaining, and for a secret ballot written_opinions_from (member ids \
                separated by spaces) and written_in_favour.
                """)
        @Argument(help: "The session's id.") var session: String
        @Argument(help: "The CSV file of results.") var file: String
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let results = try ServiceRequest.ballotResults(try ServiceRequest.file(file))
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/council-sessions/\(session)/ballot", server: service.server,
                token: try ServiceRequest.token(service.token, of: "council secretary"), body: ["results": results]),
                done: { answer in
                    let items = answer["results"] as? [[String: Any]] ?? []
                    return "session \(session): \(items.count) results recorded, \(items.filter { $0["recommended"] as? Bool == true }.count) recommended"
                })
        }
    }

    struct Minutes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "minutes", abstract: "Save a session's printable minutes (HTML).")
        @Argument(help: "The session's id.") var session: String
        @Option(help: "The file to write.") var out = "minutes.html"
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ServiceRequest.save("/v1/council-sessions/\(session)/minutes", to: out, service: service)
        }
    }
}

/// `laurel decisions`: numbered award decisions, issued and printed.
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions", abstract: "Issue a numbered award decision, and print it.", subcommands: [Issue.self, Print.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a decision from a JSON file (the body of POST /v1/award-decisions); --list adds every row of a list.")
        @Argument(help: "The decision as JSON: authority, date, symbol, subject, signed_by, signer_position, …") var file: String
        @Option(help: "A year-end list whose rows the decision awards.") var list: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let token = try ServiceRequest.token(service.token, of: "head")
            guard var draft = try JSONSerialization.jsonObject(with: try ServiceRequest.file(file)) as? [String: Any] else {
                throw ValidationError("\(file) is not a JSON object")
            }
            if let list {
                let shown = try await ServiceRequest.json(.GET, "/v1/nomination-lists/\(list)", server: service.server, token: token)
                guard shown.status == 200 else { throw ServiceRequest.refusal(shown.object, status: shown.status, rowsCode: "") }
                draft["nominations"] = (draft["nominations"] as? [String] ?? [])
                    + (shown.object["rows"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String }
            }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/award-decisions", server: service.server, token: token, body: draft),
                done: { "decision \($0["number"] as? String ?? "?") (\($0["id"] as? String ?? "?")): "
                        + "\(($0["awardees"] as? [Any])?.count ?? 0) awarded" })
        }
    }

    struct Print: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "print", abstract: "Save a decision, its certificates or its list.")
        enum Page: String, ExpressibleByArgument { case document, certificates, csv }
        @Argument(help: "The decision's id, such as vksnd-hanoi-2026-1.") var decision: String
        @Option(help: "document, certificates or csv.") var page: Page = .document
        @Option(help: "The file to write.") var out: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let path = "/v1/award-decisions/\(decision)/" + (page == .csv ? "awardees.csv" : page.rawValue)
            try await ServiceRequest.save(path, to: out ?? "\(decision)-\(page.rawValue).\(page == .csv ? "csv" : "html")", service: service)
        }
    }
}

extension ServiceRequest {
    /// `1,3,4` as row numbers.
    static func rowNumbers(_ text: String) throws -> [Int] {
        let numbers = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("rows are numbers from 1 separated by commas, such as 1,3,4")
        }
        return numbers.compactMap { $0 }
    }

    /// A ballot's CSV as the results the service takes.
    static func ballotResults(_ data: Data) throws -> [[String: Any]] {
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("the ballot file is not UTF-8 text") }
        let lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw ValidationError("the ballot file has no header row")
        }
        return try lines.dropFirst().enumerated().map { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == header.count else { throw ValidationError("row \(index + 1) has \(fields.count) fields, not \(header.count)") }
            var result: [String: Any] = [:]
            for (column, value) in zip(header, fields) where !value.isEmpty {
                switch column {
                case "nomination_id": result[column] = value
                case "written_opinions_from": result[column] = value.split(separator: " ").map(String.init)
                default:
                    guard let number = Int(value) else { throw ValidationError("row \(index + 1): \(column) is not a number") }
                    result[column] = number
                }
            }
            return result
        }
    }

    /// Prints what `done` says of a 2xx answer; a refusal as `refusal` prints it.
    static func report(_ answer: (status: Int, body: Data, object: [String: Any]), done: ([String: Any]) -> String) async throws {
        guard (200..<300).contains(answer.status) else {
            throw refusal(answer.object, status: answer.status, rowsCode: "list_rows_invalid")
        }
        print(done(answer.object))
    }

    /// Saves the page at `path` to `file`.
    static func save(_ path: String, to file: String, service: ServiceOptions) async throws {
        let answer = try await json(.GET, path, server: service.server, token: try token(service.token, of: "reader"))
        guard answer.status == 200 else { throw refusal(answer.object, status: answer.status, rowsCode: "") }
        try answer.body.write(to: URL(fileURLWithPath: file))
        print("saved \(file) (\(answer.body.count) bytes)")
    }
}
