import ArgumentParser
import Foundation
import NIOHTTP1

/// `laurel movements`: emulation movements (phong trào thi đua) and the units' plans in response,
/// through a running `laurel serve`.
struct MovementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movements",
        abstract: "Launch, list, show and close emulation movements; record a unit's plan; count a movement's thematic awards.",
        subcommands: [List.self, Show.self, Launch.self, Close.self, Respond.self, Statistics.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The movements whose period starts in a year (or, with --running, that ran in it), in the order launched.")
        @Option(help: "The year the movements start in.") var year: Int
        @Flag(help: "List the movements that ran on some day of the year, whenever they started.") var running = false
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ServiceRequest.report(try await ServiceRequest.json(
                .GET, "/v1/movements?year=\(year)" + (running ? "&running=true" : ""), server: service.server,
                token: try ServiceRequest.token(service.token, of: "reader"))) {
                let movements = $0["movements"] as? [[String: Any]] ?? []
                guard !movements.isEmpty else { return running ? "no movement ran in \(year)" : "no movement starts in \(year)" }
                return movements.map(MovementsCommand.describe).joined(separator: "\n")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A movement as it stands: its details, period and stage.")
        @Option(help: "The movement's id.") var id: String
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ServiceRequest.report(try await ServiceRequest.json(
                .GET, "/v1/movements/\(id)", server: service.server, token: try ServiceRequest.token(service.token, of: "reader"))) {
                MovementsCommand.describe($0)
            }
        }
    }

    struct Launch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Launch a movement from a JSON file as the API takes it (the standing office of its authority or above).")
        @Option(help: "The movement as JSON (id, name, authority, decision, from, to, goals, criteria, anniversary).") var file: String
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let body = try JSONSerialization.jsonObject(with: try ServiceRequest.file(file))
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/movements", server: service.server, token: try ServiceRequest.token(service.token, of: "standing office"),
                body: body)) { "launched " + MovementsCommand.describe($0) }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a movement: on or after its last day, or before it with --reason.")
        @Option(help: "The movement's id.") var id: String
        @Option(help: "Why it closes before its last day.") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let body: [String: Any] = reason.map { ["reason": $0] } ?? [:]
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/movements/\(id)/close", server: service.server,
                token: try ServiceRequest.token(service.token, of: "standing office"), body: body)) { "closed " + MovementsCommand.describe($0) }
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a unit's plan in response (its officer), replacing an earlier plan whole.")
        @Option(help: "The movement's id.") var id: String
        @Option(help: "The unit's code, such as vksnd-hanoi.") var unit: String
        @Option(help: "One target of the plan; repeat for each.") var target: [String] = []
        @Option(help: "The SHA-256 of the signed plan uploaded with POST /v1/documents.") var documentSHA256: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            guard !target.isEmpty else { throw ValidationError("give each target of the plan with --target") }
            var body: [String: Any] = ["targets": target]
            if let documentSHA256 { body["document_sha256"] = documentSHA256 }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/movements/\(id)/responses/\(unit)", server: service.server,
                token: try ServiceRequest.token(service.token, of: "unit officer"), body: body)) { answer in
                "\(unit)'s plan for \(id), version \(answer["version"] ?? "?"): \((answer["targets"] as? [String] ?? target).count) target(s)"
            }
        }
    }

    struct Statistics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The thematic awards' nominations for a movement by unit, title and state, of the units the token covers.")
        @Option(help: "The movement's id.") var id: String
        @Option(help: "One unit the token covers.") var unit: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let query = unit.map { "?unit=\($0)" } ?? ""
            try await ServiceRequest.report(try await ServiceRequest.json(
                .GET, "/v1/movements/\(id)/statistics\(query)", server: service.server,
                token: try ServiceRequest.token(service.token, of: "reader"))) { answer in
                let counts = answer["counts"] as? [[String: Any]] ?? []
                let lines = counts.map { "  \($0["unit"] ?? "?")  \($0["title_name"] ?? "?")  \($0["state"] ?? "?"): \($0["nominations"] ?? 0)" }
                return (["\(id): \(answer["nominations"] ?? 0) nomination(s)"] + lines).joined(separator: "\n")
            }
        }
    }

    /// One line for a movement: its id, stage, period, authority and name.
    static func describe(_ movement: [String: Any]) -> String {
        "\(movement["id"] ?? "?")  \(movement["stage"] ?? "?")  \(movement["from"] ?? "?") – \(movement["to"] ?? "?")  "
            + "\(movement["authority"] ?? "?")  \(movement["name"] ?? "")"
    }
}
