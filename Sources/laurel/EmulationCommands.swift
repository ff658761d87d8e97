import ArgumentParser
import Foundation
import NIOHTTP1

/// `laurel scoring-table`: the sector's scoring table of a year.
struct ScoringTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring-table", abstract: "Publish and show the sector's scoring and classification table of a year.",
        subcommands: [Publish.self, Show.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the table from a JSON file as the API takes it (the standing office; a new edition needs --reason once a unit has scored).")

        @Option(help: "The year scored.") var year: Int
        @Option(help: "The table as JSON (docs/emulation.md shows one).") var file: String
        @Option(help: "Why a new edition replaces one units have scored on.") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            guard var table = try JSONSerialization.jsonObject(with: try ServiceRequest.file(file)) as? [String: Any] else {
                throw ValidationError("\(file) does not hold a JSON object")
            }
            if let reason { table["reason"] = reason }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/scoring-tables/\(year)", server: service.server,
                token: try ServiceRequest.token(service.token, of: "standing office"), body: table)) { answer in
                "published the \(year) table, edition \(answer["edition"] ?? "?"): highest total \(answer["highest_total"] ?? "?")"
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the table in force.")
        @Option(help: "The year scored.") var year: Int
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ServiceRequest.report(try await ServiceRequest.json(
                .GET, "/v1/scoring-tables/\(year)", server: service.server, token: try ServiceRequest.token(service.token, of: "reader"))) {
                ScoresCommand.describeTable($0)
            }
        }
    }
}

/// `laurel scores`: a unit's score on the year's table.
struct ScoresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores", abstract: "Record, review, correct and show a unit's score on the year's scoring table.",
        subcommands: [Record.self, Review.self, Correct.self, Show.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The unit scores itself (its officer; again until the review): every criterion, and the bonus and penalty items it claims.")

        @Option(help: "The unit's code, such as vksnd-hanoi.") var unit: String
        @Option(help: "The year scored.") var year: Int
        @Option(help: ArgumentHelp("An item's points, with its evidence in words when it needs some.", valueName: "item:points[:evidence]"))
        var line: [String] = []
        @Option(help: "The whole body as JSON instead of --line (`-` for standard input).") var file: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let body: Any
            if let file {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try ServiceRequest.file(file)
                body = try JSONSerialization.jsonObject(with: data)
            } else {
                guard !line.isEmpty else { throw ValidationError("give each item's points with --line, or the body with --file") }
                body = ["lines": try line.map { text -> [String: Any] in
                    let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
                    guard parts.count >= 2 else { throw ValidationError("--line takes item:points[:evidence], not '\(text)'") }
                    var object: [String: Any] = ["item": parts[0], "points": try points(parts[1], option: "--line")]
                    if parts.count == 3 { object["evidence"] = [["text": parts[2]]] }
                    return object
                }]
            }
            try await send(.POST, "", body: body, unit: unit, year: year, service: service, as: "unit officer")
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review a unit's score (its cluster or bloc head's officer, or the standing office), adjusting items with a reason each.")

        @Option(help: "The unit's code.") var unit: String
        @Option(help: "The year scored.") var year: Int
        @Option(help: ArgumentHelp("New points for an item, and why.", valueName: "item:points:reason")) var adjust: [String] = []
        @Option(help: "A note on the review.") var note: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            var body: [String: Any] = ["adjustments": try adjustments(adjust, reasonRequired: true)]
            body["note"] = note
            try await send(.POST, "/review", body: body, unit: unit, year: year, service: service, as: "reviewer")
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a reviewed score, with a reason (the reviewers).")

        @Option(help: "The unit's code.") var unit: String
        @Option(help: "The year scored.") var year: Int
        @Option(help: ArgumentHelp("New points for an item.", valueName: "item:points[:reason]")) var adjust: [String] = []
        @Option(help: "Why the reviewed score changes.") var reason: String
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            guard !adjust.isEmpty else { throw ValidationError("give the items corrected with --adjust") }
            let body: [String: Any] = ["adjustments": try adjustments(adjust, reasonRequired: false), "reason": reason]
            try await send(.POST, "/corrections", body: body, unit: unit, year: year, service: service, as: "reviewer")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a unit's score, item by item, with its totals and band.")
        @Option(help: "The unit's code.") var unit: String
        @Option(help: "The year scored.") var year: Int
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await send(.GET, "", body: nil, unit: unit, year: year, service: service, as: "reader")
        }
    }

    /// Sends to the unit's score (`suffix` for its review or corrections) and prints the score.
    static func send(_ method: HTTPMethod, _ suffix: String, body: Any?, unit: String, year: Int, service: ServiceOptions,
                     as role: String) async throws {
        try await ServiceRequest.report(try await ServiceRequest.json(
            method, "/v1/units/\(unit)/scores/\(year)\(suffix)", server: service.server,
            token: try ServiceRequest.token(service.token, of: role), body: body)) { describeScore($0) }
    }

    static func describeScore(_ score: [String: Any]) -> String {
        let totals = score["totals"] as? [String: Any]
        let band = (score["band"] as? [String: Any])?["name"] as? String ?? "no band"
        var lines = ["\(score["unit"] ?? "?") \(score["year"] ?? "?")  \(score["stage"] ?? "?")  "
                     + "total \(totals?["total"] ?? "-")  \(band)  version \(score["version"] ?? 0)"]
        for line in score["lines"] as? [[String: Any]] ?? [] {
            let evidence = (line["evidence"] as? [[String: Any]] ?? []).compactMap { $0["text"] ?? $0["document_sha256"] }
            lines.append("  \(line["item"] ?? "?")  \(line["points"] ?? 0)/\(line["max_points"] ?? "?")  \(line["name"] ?? "")"
                         + (evidence.isEmpty ? "" : "  [\(evidence.map { "\($0)" }.joined(separator: "; "))]"))
        }
        return lines.joined(separator: "\n")
    }

    static func describeTable(_ table: [String: Any]) -> String {
        var lines = ["\(table["year"] ?? "?") edition \(table["edition"] ?? "?")  \(table["source"] ?? "")  highest total \(table["highest_total"] ?? "?")"]
        for group in table["groups"] as? [[String: Any]] ?? [] {
            lines.append("\(group["code"] ?? "?")  \(group["name"] ?? "")  (\(group["max_points"] ?? "?"))")
            for item in group["criteria"] as? [[String: Any]] ?? [] {
                lines.append("  \(item["code"] ?? "?")  \(item["max_points"] ?? "?")  \(item["name"] ?? "")")
            }
        }
        for (title, key) in [("bonus", "bonuses"), ("penalty", "penalties")] {
            for item in table[key] as? [[String: Any]] ?? [] {
                lines.append("\(title) \(item["code"] ?? "?")  \(item["max_points"] ?? "?")  \(item["name"] ?? "")")
            }
        }
        let bands = (table["bands"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "?") ≥ \($0["minimum"] ?? "?")" }
        lines.append("bands: \(bands.joined(separator: ", "))")
        lines.append("tie-break: \((table["tie_break"] as? [String] ?? []).joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}

/// `laurel ranking`: the ranking of a cluster or bloc, or sector-wide.
struct RankingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranking", abstract: "Show the year's ranking of a cluster or bloc, or sector-wide.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The units in rank order with their totals and bands, and the changes behind it.")
        @Option(help: "The year scored.") var year: Int
        @Option(help: "The cluster or bloc (config/organization.yaml); leave out for the sector-wide ranking.") var group: String?
        @Flag(help: "Also list every change behind the ranking.") var history = false
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let query = group.map { "?group=\($0)" } ?? ""
            try await ServiceRequest.report(try await ServiceRequest.json(
                .GET, "/v1/rankings/\(year)\(query)", server: service.server, token: try ServiceRequest.token(service.token, of: "reader"))) {
                describe($0)
            }
        }

        func describe(_ ranking: [String: Any]) -> String {
            let group = (ranking["group"] as? [String: Any])?["name"] as? String ?? "sector-wide"
            var lines = ["\(group) \(ranking["year"] ?? "?")  table edition \(ranking["edition"] ?? "?")  version \(ranking["version"] ?? "?")"]
            for entry in ranking["entries"] as? [[String: Any]] ?? [] {
                let total = (entry["totals"] as? [String: Any])?["total"] ?? "?"
                let band = (entry["band"] as? [String: Any])?["name"] as? String ?? "no band"
                let shared = entry["shared_rank"] as? Bool == true ? "=" : " "
                let rule = (entry["decided_by"] as? String).map { "  (tie broken by \($0))" } ?? ""
                lines.append("\(shared)\(entry["rank"] ?? "?")  \(entry["unit"] ?? "?")  \(total)  \(band)\(rule)")
            }
            for pending in ranking["pending"] as? [[String: Any]] ?? [] {
                lines.append("   -  \(pending["unit"] ?? "?")  \(pending["stage"] ?? "?")")
            }
            if history {
                for change in ranking["history"] as? [[String: Any]] ?? [] {
                    let items = (change["changes"] as? [[String: Any]] ?? []).map { item in
                        "\(item["item"] ?? "?") \(item["from"] ?? "?")→\(item["to"] ?? "?")" + ((item["reason"] as? String).map { " (\($0))" } ?? "")
                    }
                    lines.append("  \(change["recorded_at"] ?? "?")  \(change["by"] ?? "?")  \(change["unit"] ?? "table")  \(change["event"] ?? "?")"
                                 + (items.isEmpty ? "" : "  \(items.joined(separator: ", "))")
                                 + ((change["reason"] as? String).map { "  — \($0)" } ?? ""))
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// `text` as points for the API (a whole number as one), or a usage error naming `option`.
private func points(_ text: String, option: String) throws -> Any {
    guard let number = Double(text), number.isFinite else { throw ValidationError("\(option): '\(text)' is not a number of points") }
    return number == number.rounded() && abs(number) < 1e9 ? Int(number) as Any : number as Any
}

/// `--adjust` options as the API's adjustments.
private func adjustments(_ texts: [String], reasonRequired: Bool) throws -> [[String: Any]] {
    try texts.map { text in
        let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3 || (!reasonRequired && parts.count == 2) else {
            throw ValidationError("--adjust takes item:points\(reasonRequired ? ":reason" : "[:reason]"), not '\(text)'")
        }
        var object: [String: Any] = ["item": parts[0], "points": try points(parts[1], option: "--adjust")]
        if parts.count == 3 { object["reason"] = parts[2] }
        return object
    }
}
