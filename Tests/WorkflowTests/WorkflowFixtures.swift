import Workflow

/// A small valid workflow; tests change one line of it to produce each kind of error.
let sampleWorkflow = """
    kind: sample
    version: 1
    initial: draft
    roles: [clerk, head]
    holds:
      kinds: [discipline]
      place_roles: [head]
      lift_roles: [head]
      allowed_commands: [withdraw]
    states:
      - name: draft
      - name: submitted
        deadline_working_days: 5
      - { name: approved, terminal: true }
      - { name: withdrawn, terminal: true }
    transitions:
      - { command: submit, from: draft, to: submitted, roles: [clerk], guards: [eligible] }
      - { command: approve, from: submitted, to: approved, roles: [head] }
      - { command: withdraw, from: submitted, to: withdrawn, roles: [clerk] }
    """

let sampleGuards: Set<String> = ["eligible"]

func loadSample(_ text: String = sampleWorkflow, file: String = "config/workflows/sample.yaml") throws -> WorkflowRegistry {
    try WorkflowLoader.load(files: [(name: file, text: text)], knownGuards: sampleGuards)
}

/// The messages `WorkflowLoader` reports for `text`, as `file:line: message`.
func loadErrors(_ text: String) -> [String] {
    do {
        _ = try loadSample(text)
        return []
    } catch let error as ConfigErrors {
        return error.errors.map(\.description)
    } catch {
        return ["unexpected \(error)"]
    }
}

func date(_ text: String) -> LocalDate {
    guard let date = LocalDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}
