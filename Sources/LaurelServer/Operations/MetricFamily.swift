import Foundation

/// A metric family computed when `/metrics` is read, written in the Prometheus text format.
///
/// The registry's counters only count up from where the process started; figures that already
/// exist elsewhere (the read models' counts, the process's CPU time, the pool's state) are read at
/// scrape time and written as they are, with the same `# HELP` and `# TYPE` lines.
struct MetricFamily: Sendable {
    enum Kind: String, Sendable {
        case counter, gauge
    }

    struct Sample: Sendable {
        let labels: [(String, String)]
        let value: Double
    }

    let name: String
    let help: String
    let kind: Kind
    var samples: [Sample] = []

    init(_ name: String, _ kind: Kind, help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }

    mutating func add(_ value: some BinaryInteger, _ labels: (String, String)...) {
        samples.append(Sample(labels: labels, value: Double(value)))
    }

    mutating func add(_ value: Double, _ labels: (String, String)...) {
        samples.append(Sample(labels: labels, value: value))
    }

    /// The family as exposition text; nothing for a family without samples.
    var text: String {
        guard !samples.isEmpty else { return "" }
        var text = "# HELP \(name) \(Self.escaped(help, quote: false))\n# TYPE \(name) \(kind.rawValue)\n"
        for sample in samples {
            text += name
            if !sample.labels.isEmpty {
                text += "{" + sample.labels.map { "\($0)=\"\(Self.escaped($1, quote: true))\"" }.joined(separator: ",") + "}"
            }
            text += " \(Self.format(sample.value))\n"
        }
        return text
    }

    /// Backslash and newline escaped everywhere, the double quote in label values too.
    private static func escaped(_ text: String, quote: Bool) -> String {
        var escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        if quote { escaped = escaped.replacingOccurrences(of: "\"", with: "\\\"") }
        return escaped
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
