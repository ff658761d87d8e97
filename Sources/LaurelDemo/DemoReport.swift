import Foundation
import LaurelServer

/// What a demo run did and found, and its rendering for a terminal.
public struct DemoReport {
    /// One expected outcome and whether it held.
    public struct Check: Sendable {
        public let name: String
        public let passed: Bool
        public let detail: String
    }

    /// A nomination's decision timeline, from the history read model.
    struct Timeline {
        let nominationID: String
        let label: String
        let entries: [[String: Any]]
    }

    /// The narrated steps, each with its (simulated) date.
    public internal(set) var steps: [String] = []
    public internal(set) var checks: [Check] = []
    var nominations: [(id: String, label: String)] = []
    var refusals: [(title: String, reason: String)] = []
    var timelines: [Timeline] = []
    var statistics: [String: Any] = [:]
    var overdue: [[String: Any]] = []
    var integrity: [String: Any] = [:]
    var annualApproved: [String] = []
    var overdueExpected = ""
    /// The printable pages of the year-end decision: what each is, and its path on the service.
    public internal(set) var printables: [(label: String, path: String)] = []

    /// The checks that did not hold; empty when the demo did what it should.
    public var failures: [Check] { checks.filter { !$0.passed } }

    /// The report as text, with ANSI colours when `colour` is set.
    public func render(colour: Bool) -> String {
        let style = Style(enabled: colour)
        var out = [style.bold("What happened (dates on the demo's simulated calendar; timelines below show real times)")]
        out += steps.map { "  \($0)" }
        for refusal in refusals {
            out.append("")
            out.append(style.bold("Refused at submission: \(refusal.title)"))
            out.append("  " + style.yellow(refusal.reason))
        }
        for timeline in timelines {
            out.append("")
            out.append(style.bold("\(timeline.label)") + style.dim("  \(timeline.nominationID)"))
            for entry in timeline.entries {
                let time = (entry["recorded_at"] as? String).map { String($0.prefix(19)).replacingOccurrences(of: "T", with: " ") } ?? ""
                let actor = entry["actor_id"] as? String ?? "?"
                let roles = (entry["actor_roles"] as? [String] ?? []).joined(separator: ",")
                out.append("  \(style.dim(time))  v\(entry["version"] as? Int ?? 0)  \(style.cyan(entry["summary"] as? String ?? ""))"
                           + "  by \(actor) (\(roles))")
                if let reason = entry["reason"] as? String, !reason.isEmpty { out.append("      why: \(reason)") }
                for explanation in entry["explanations"] as? [[String: Any]] ?? [] {
                    let satisfied = explanation["satisfied"] as? Bool ?? false
                    let mark = satisfied ? style.green("✓") : style.red("✗")
                    out.append("      \(mark) \(explanation["text"] as? String ?? "")")
                    out.append(style.dim("        rule \(explanation["rule"] as? String ?? "") of rule set \(explanation["rule_set_version"] as? String ?? ""): \(explanation["source"] as? String ?? "")"))
                }
                if let hash = entry["hash"] as? String { out.append(style.dim("      hash \(hash.prefix(16))…")) }
            }
        }
        out.append("")
        out.append(style.bold("Statistics for 2026 (per unit, kind and title)"))
        out.append("  " + ["unit", "kind", "title", "submitted", "approved", "rejected", "withdrawn", "revoked"]
            .map { $0.padding(toLength: $0 == "title" ? 30 : ($0 == "unit" ? 14 : ($0 == "kind" ? 13 : 10)), withPad: " ", startingAt: 0) }
            .joined())
        for outcome in statistics["outcomes"] as? [[String: Any]] ?? [] {
            let cells = [("unit", 14), ("kind", 13), ("title", 30)].map { key, width in
                (outcome[key] as? String ?? "").padding(toLength: width, withPad: " ", startingAt: 0)
            } + ["submitted", "approved", "rejected", "withdrawn", "revoked"].map {
                String(outcome[$0] as? Int ?? 0).padding(toLength: 10, withPad: " ", startingAt: 0)
            }
            out.append("  " + cells.joined())
        }
        let frontLine = (statistics["front_line_share"] as? Double).map { String(format: "%.0f%%", $0 * 100) } ?? "–"
        let small = (statistics["small_collective_share"] as? Double).map { String(format: "%.0f%%", $0 * 100) } ?? "–"
        out.append("  share of awards to front-line staff: \(frontLine); to small collectives: \(small)")
        out.append("")
        out.append(style.bold("Overdue stages (the standing office's morning list)"))
        for stage in overdue {
            out.append("  \(stage["nomination_id"] as? String ?? "")  \(stage["nominee_name"] as? String ?? "")  "
                       + "\(stage["state"] as? String ?? "") since \(stage["entered_on"] as? String ?? ""), due \(style.red(stage["due_on"] as? String ?? ""))")
        }
        if overdue.isEmpty { out.append("  none") }
        out.append("")
        let issues = integrity["issues"] as? [Any] ?? []
        out.append(style.bold("Integrity verification"))
        out.append("  \(integrity["streams_checked"] as? Int ?? 0) streams, \(integrity["events_checked"] as? Int ?? 0) events, "
                   + "\(integrity["seals_checked"] as? Int ?? 0) seals checked: "
                   + (issues.isEmpty ? style.green("intact") : style.red("\(issues.count) issues")))
        out.append("")
        out.append(style.bold("Checks"))
        for check in checks {
            out.append("  \(check.passed ? style.green("✓") : style.red("✗")) \(check.name)" + style.dim(" (\(check.detail))"))
        }
        return out.joined(separator: "\n")
    }

    /// ANSI styling, or none.
    private struct Style {
        let enabled: Bool
        func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func bold(_ text: String) -> String { wrap(text, "1") }
        func dim(_ text: String) -> String { wrap(text, "2") }
        func red(_ text: String) -> String { wrap(text, "31") }
        func green(_ text: String) -> String { wrap(text, "32") }
        func yellow(_ text: String) -> String { wrap(text, "33") }
        func cyan(_ text: String) -> String { wrap(text, "36") }
    }
}
