import Foundation
import Workflow

/// A workflow's state machine drawn as SVG on the server, through its template
/// (`workflows.mustache`), so every name is escaped as any other value.
///
/// The states that go on are laid out in levels, top to bottom, by how many steps they are from
/// the initial state (a page is taller than it is wide); the terminal states stand in a last level
/// of their own, each naming the commands that lead to it, so the many ways to an end (withdrawal,
/// rejection) do not fill the diagram with labels. A step forward is a curve downwards, labelled
/// with its commands; a step back (a return, a resubmission) arcs out to the left; a command that
/// stays in its state is named in the state.
enum WorkflowDiagram {
    static let nodeWidth = 170
    static let nodeHeight = 62
    static let columnGap = 40
    static let rowGap = 70
    static let margin = 16
    /// Room left of the states for the arcs of steps back.
    static let arcRoom = 90

    private struct Step: Hashable {
        let from: String
        let to: String
    }

    static func model(_ definition: WorkflowDefinition, language: Language) -> [String: Any] {
        var commands: [Step: [String]] = [:]
        var staying: [String: [String]] = [:]
        for transition in definition.transitions {
            for from in transition.from {
                for target in transition.targets {
                    if from == target.state {
                        staying[from, default: []].append(transition.command)
                    } else {
                        let step = Step(from: from, to: target.state)
                        if !(commands[step] ?? []).contains(transition.command) { commands[step, default: []].append(transition.command) }
                    }
                }
            }
        }
        let terminal = Set(definition.states.filter(\.isTerminal).map(\.name))
        // Columns: steps from the initial state over the states that go on; the ends last.
        var column = [definition.initialState: 0]
        var queue = [definition.initialState]
        while !queue.isEmpty {
            let state = queue.removeFirst()
            for step in commands.keys.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }) where step.from == state
                && !terminal.contains(step.to) && column[step.to] == nil {
                column[step.to] = column[state]! + 1
                queue.append(step.to)
            }
        }
        let reached = (column.values.max() ?? 0) + 1
        for state in definition.states where column[state.name] == nil && !terminal.contains(state.name) {
            column[state.name] = reached
        }
        let ends = (column.values.max() ?? 0) + 1
        for state in terminal { column[state] = ends }
        // Levels top to bottom (what `column` counted), each centred on the widest.
        var levels: [Int: [String]] = [:]
        for state in definition.states { levels[column[state.name]!, default: []].append(state.name) }
        let widest = levels.values.map(\.count).max() ?? 1
        var place: [String: (x: Int, y: Int)] = [:]
        for (level, states) in levels {
            let offset = (widest - states.count) * (nodeWidth + columnGap) / 2
            for (index, state) in states.enumerated() {
                place[state] = (arcRoom + offset + index * (nodeWidth + columnGap), margin + level * (nodeHeight + rowGap))
            }
        }
        let nodes = definition.states.map { state -> [String: Any] in
            let at = place[state.name]!
            var subtitle: String
            if state.isTerminal {
                let into = commands.filter { $0.key.to == state.name }.flatMap(\.value)
                subtitle = "← " + Array(Set(into)).sorted().map { language.text("command.\($0)") }.joined(separator: ", ")
            } else {
                subtitle = state.deadlineWorkingDays.map { "\($0) \(language.text("workflow.working_days"))" } ?? ""
                if let stays = staying[state.name] {
                    subtitle += (subtitle.isEmpty ? "" : " · ") + "↻ " + stays.map { language.text("command.\($0)") }.joined(separator: ", ")
                }
            }
            let name = language.text("state.\(state.name)")
            let lines = wrapped(subtitle, width: 30)
            return [
                "x": at.x, "y": at.y, "name": name, "nameSize": name.count <= 18 ? 14 : name.count <= 24 ? 12 : 11,
                "nameX": at.x + nodeWidth / 2, "nameY": at.y + 22, "terminal": state.isTerminal, "initial": state.name == definition.initialState,
                "lines": lines.enumerated().map { ["text": $0.element, "y": at.y + 40 + 13 * $0.offset] },
            ]
        }
        var arcs = 0
        // Between two ends (revoked, restored) the commands are named in the ends themselves.
        let drawn = commands.keys.filter { !(terminal.contains($0.from) && terminal.contains($0.to)) }
        let edges = drawn.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }).map { step -> [String: Any] in
            let from = place[step.from]!, to = place[step.to]!
            let label = terminal.contains(step.to) ? "" : commands[step]!.map { language.text("command.\($0)") }.joined(separator: ", ")
            if column[step.to]! > column[step.from]! {
                let (x1, y1, x2, y2) = (from.x + nodeWidth / 2, from.y + nodeHeight, to.x + nodeWidth / 2, to.y)
                let middle = (y1 + y2) / 2
                return ["path": "M \(x1) \(y1) C \(x1) \(middle), \(x2) \(middle), \(x2) \(y2 - 2)", "label": label,
                        "labelX": (x1 + x2) / 2, "labelY": middle + 4]
            }
            // A step back arcs out to the left of the states, each a little further than the one before.
            arcs += 1
            let (y1, y2) = (from.y + nodeHeight / 2 + 8, to.y + nodeHeight / 2 - 8)
            let (x1, x2) = (from.x, to.x)
            let side = max(8, min(x1, x2) - 30 - 16 * arcs)
            return ["path": "M \(x1) \(y1) C \(side) \(y1), \(side) \(y2), \(x2 - 2) \(y2)", "label": label,
                    "labelX": side + 4, "labelY": (y1 + y2) / 2 + 4, "leftLabel": true]
        }
        let levelCount = (levels.keys.max() ?? 0) + 1
        let width = arcRoom + widest * nodeWidth + (widest - 1) * columnGap + margin
        let height = margin * 2 + levelCount * nodeHeight + (levelCount - 1) * rowGap
        return [
            "kind": definition.kind, "title": language.text("kind.\(definition.kind)"), "version": definition.version,
            "nodes": nodes, "edges": edges, "width": width, "height": height,
            "nodeWidth": nodeWidth, "nodeHeight": nodeHeight,
        ]
    }

    /// `text` in lines of at most about `width` characters, broken after commas, at most two.
    private static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let last = lines.last, last.count + part.count + 2 <= width {
                lines[lines.count - 1] = last + ", " + part
            } else {
                lines.append(part)
            }
        }
        guard lines.count > 2 else { return lines }
        return [lines[0], lines[1...].joined(separator: ", ")]
    }
}
