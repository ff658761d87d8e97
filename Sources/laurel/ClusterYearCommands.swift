import ArgumentParser
import Foundation
import NIOHTTP1

/// `laurel cluster-year`: a cluster's or bloc's emulation year, through a running `laurel serve`.
struct ClusterYearCommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster-year",
        abstract: "A cluster's or bloc's emulation year: its head unit, programme, pact, registrations and sending to the standing office.",
        discussion: """
            The standing office covering the members records the year's head unit (it rotates; the one recorded reviews the \
            members' scores of that year). The head unit's officer draws up the programme, gathers the members' registrations \
            and sends the whole to the standing office; each member's officer signs its own commitments. Once sent, every \
            change needs --reason. At the year's end the head unit's officer proposes the units the final ranking names \
            (propose), each as a nomination.
            """,
        subcommands: [Show.self, Head.self, Programme.self, Sign.self, Gather.self, Send.self, Propose.self])

    /// Which cluster or bloc and year.
    struct Year: ParsableArguments {
        @Option(help: "The cluster's or bloc's code, such as cum-1 (config/organization.yaml).") var cluster: String
        @Option(help: "The year.") var year: Int
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the year: head unit, programme, pact, registrations, sendings and history.")
        @OptionGroup var which: Year
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ClusterYearCommandGroup.send(.GET, "", body: nil, which, service, as: "reader")
        }
    }

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the year's head unit, one of the members (the standing office).")
        @OptionGroup var which: Year
        @Option(help: "The member that heads the cluster or bloc this year.") var unit: String
        @Option(help: "Why (needed once the year was sent).") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ClusterYearCommandGroup.send(.PUT, "/head", body: ClusterYearCommandGroup.body(["unit": unit], reason: reason), which, service,
                                              as: "standing office")
        }
    }

    struct Programme: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw up the year's programme, replacing any before (the head unit's officer).")
        @OptionGroup var which: Year
        @Option(help: "An item of the programme, one line; repeat for each.") var item: [String] = []
        @Option(help: "The programme's text.") var text: String
        @Option(help: "Why (needed once the year was sent).") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            guard !item.isEmpty else { throw ValidationError("give the programme's items with --item") }
            try await ClusterYearCommandGroup.send(.PUT, "/programme", body: ClusterYearCommandGroup.body(["items": item, "text": text], reason: reason),
                                              which, service, as: "head unit's officer")
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a member's own commitments and targets in the pact (the member's officer).")
        @OptionGroup var which: Year
        @Option(help: "The signing member, the officer's own unit.") var unit: String
        @Option(help: "A commitment, one line; repeat for each.") var commitment: [String] = []
        @Option(help: "A target, one line; repeat for each.") var target: [String] = []
        @Option(help: "Why (needed once the year was sent).") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            guard !commitment.isEmpty else { throw ValidationError("give the commitments with --commitment") }
            try await ClusterYearCommandGroup.send(
                .POST, "/pact/\(unit)", body: ClusterYearCommandGroup.body(["commitments": commitment, "targets": target], reason: reason),
                which, service, as: "member's officer")
        }
    }

    struct Gather: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gather the members' registrations of the year as they are, listing those without one (the head unit's officer).")
        @OptionGroup var which: Year
        @Option(help: "Why (needed once the year was sent).") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ClusterYearCommandGroup.send(.POST, "/registrations", body: ClusterYearCommandGroup.body([:], reason: reason), which, service,
                                              as: "head unit's officer")
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the programme, the pact and the registrations to the standing office (the head unit's officer).")
        @OptionGroup var which: Year
        @Option(help: "Why (needed for a sending after the first).") var reason: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ClusterYearCommandGroup.send(.POST, "/send", body: ClusterYearCommandGroup.body([:], reason: reason), which, service,
                                              as: "head unit's officer")
        }
    }

    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose the units the year's final ranking names for the scoring table's titles, each as a nomination (the head unit's officer).")
        @OptionGroup var which: Year
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ClusterYearCommandGroup.send(.POST, "/proposals", body: [String: Any](), which, service, as: "head unit's officer")
        }
    }

    static func body(_ fields: [String: Any], reason: String?) -> [String: Any] {
        var body = fields
        body["reason"] = reason
        return body
    }

    /// Sends to the year (`suffix` for one of its commands) and prints the year.
    static func send(_ method: HTTPMethod, _ suffix: String, body: Any?, _ which: Year, _ service: ServiceOptions, as role: String) async throws {
        try await ServiceRequest.report(try await ServiceRequest.json(
            method, "/v1/clusters/\(which.cluster)/years/\(which.year)\(suffix)", server: service.server,
            token: try ServiceRequest.token(service.token, of: role), body: body)) { describe($0) }
    }

    /// The year in a few lines: head, programme, each member's signature, the gathering, the sendings and the history.
    static func describe(_ year: [String: Any]) -> String {
        let recorded = year["head_recorded"] as? Bool == true ? "recorded" : "organisation file's"
        var lines = ["\(year["cluster"] ?? "?") \(year["year"] ?? "?")  head \(year["head"] ?? "?") (\(recorded))  version \(year["version"] ?? 0)"]
        if let programme = year["programme"] as? [String: Any] {
            lines.append("programme: \(programme["text"] ?? "")")
            for item in programme["items"] as? [String] ?? [] { lines.append("  - \(item)") }
        } else {
            lines.append("programme: none yet")
        }
        for entry in year["pact"] as? [[String: Any]] ?? [] {
            let commitments = (entry["commitments"] as? [String] ?? []).joined(separator: "; ")
            lines.append(entry["signed"] as? Bool == true ? "  signed  \(entry["unit"] ?? "?"): \(commitments)" : "  unsigned \(entry["unit"] ?? "?")")
        }
        if let registrations = year["registrations"] as? [String: Any] {
            let gathered = (registrations["gathered"] as? [[String: Any]] ?? []).map { "\($0["unit"] ?? "?")@\($0["version"] ?? "?")" }
            let missing = registrations["missing"] as? [String] ?? []
            lines.append("registrations gathered \(registrations["gathered_on"] ?? "?"): \(gathered.joined(separator: ", "))"
                         + (missing.isEmpty ? "" : "; without one: \(missing.joined(separator: ", "))"))
        }
        if let sent = year["sent_on"] { lines.append("sent \(year["sendings"] ?? 1) time(s), last on \(sent)") }
        if let proposals = year["proposals"] as? [String: Any] {
            lines.append("proposed on \(proposals["proposed_on"] ?? "?") from the ranking at version \(proposals["ranking_version"] ?? "?"):")
            for row in proposals["rows"] as? [[String: Any]] ?? [] {
                lines.append("  \(row["rank"] ?? "?"). \(row["unit"] ?? "?")  \(row["total"] ?? "?")  \(row["title"] ?? "?")  → \(row["nomination_id"] ?? "?")")
            }
        }
        for change in year["history"] as? [[String: Any]] ?? [] {
            let reason = (change["reason"] as? String).map { "  (\($0))" } ?? ""
            lines.append("  \(change["version"] ?? "?")  \(change["event"] ?? "?")  by \(change["by"] ?? "?")\(reason)")
        }
        return lines.joined(separator: "\n")
    }
}
