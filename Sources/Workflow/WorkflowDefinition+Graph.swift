/// Output formats for `WorkflowDefinition.graph(format:)`.
public enum GraphFormat: String, CaseIterable, Sendable {
    case mermaid
    case dot
}

extension WorkflowDefinition {
    /// Draws the state machine. The output depends only on the definition (file order of states and
    /// transitions), so the same file always gives the same bytes and diagrams diff cleanly.
    public func graph(format: GraphFormat) -> String {
        switch format {
        case .mermaid: return mermaid()
        case .dot: return dot()
        }
    }

    private struct Edge {
        let from: String
        let to: String
        let label: String
    }

    private var edges: [Edge] {
        transitions.flatMap { transition in
            transition.from.flatMap { source in
                transition.targets.map { target in
                    var label = transition.command
                    if let outcome = target.outcome { label += " (\(outcome))" }
                    if !transition.guards.isEmpty { label += " [\(transition.guards.joined(separator: ", "))]" }
                    return Edge(from: source, to: target.state, label: label)
                }
            }
        }
    }

    private func mermaid() -> String {
        var lines = ["---", "title: \(kind) v\(version)", "---", "stateDiagram-v2", "    [*] --> \(initialState)"]
        for state in states {
            if let days = state.deadlineWorkingDays {
                lines.append("    \(state.name) : \(state.name) (\(days) working days)")
            }
        }
        lines += edges.map { "    \($0.from) --> \($0.to) : \($0.label)" }
        lines += states.filter(\.isTerminal).map { "    \($0.name) --> [*]" }
        return lines.joined(separator: "\n") + "\n"
    }

    private func dot() -> String {
        var lines = [
            "digraph \(quoted("\(kind)_v\(version)")) {",
            "    rankdir=LR;",
            "    node [shape=box, style=rounded];",
            "    \"__start\" [shape=point];",
        ]
        for state in states {
            var label = state.name
            if let days = state.deadlineWorkingDays { label += "\\n(\(days) working days)" }
            let shape = state.isTerminal ? ", peripheries=2" : ""
            lines.append("    \(quoted(state.name)) [label=\"\(label)\"\(shape)];")
        }
        lines.append("    \"__start\" -> \(quoted(initialState));")
        lines += edges.map { "    \(quoted($0.from)) -> \(quoted($0.to)) [label=\(quoted($0.label))];" }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.map { $0 == "\"" ? "\\\"" : String($0) }.joined() + "\""
    }
}
