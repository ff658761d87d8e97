import Foundation
import Testing
import Workflow

@Suite struct WorkflowValidationTests {
    @Test func sampleIsValid() throws {
        let registry = try loadSample()
        #expect(registry.kinds == ["sample"])
        #expect(registry.latest(kind: "sample")?.state(named: "submitted")?.deadlineWorkingDays == 5)
    }

    /// Each kind of error, produced by replacing one fragment of the valid sample, with the exact
    /// `file:line: message` expected.
    @Test(arguments: [
        ("to: approved, roles: [head]", "to: aproved, roles: [head]",
         "config/workflows/sample.yaml:18: transition 'approve' goes to unknown state 'aproved'"),
        ("command: approve, from: submitted", "command: approve, from: submited",
         "config/workflows/sample.yaml:18: transition 'approve' comes from unknown state 'submited'"),
        ("roles: [head] }", "roles: [boss] }",
         "config/workflows/sample.yaml:18: transition 'approve' allows unknown role 'boss'"),
        ("guards: [eligible]", "guards: [eligable]",
         "config/workflows/sample.yaml:17: transition 'submit' uses unknown guard 'eligable'"),
        ("  - { command: withdraw, from: submitted, to: withdrawn, roles: [clerk] }",
         "  - { command: withdraw, from: withdrawn, to: withdrawn, roles: [clerk] }",
         "config/workflows/sample.yaml:15: state 'withdrawn' cannot be reached from 'draft'"),
        ("  - { command: approve, from: submitted, to: approved, roles: [head] }",
         "  - { command: approve, from: submitted, to: approved, roles: [head] }\n  - { command: approve, from: submitted, to: withdrawn, roles: [head] }",
         "config/workflows/sample.yaml:19: transition 'approve' from state 'submitted' is already defined at line 18"),
        ("  - { name: approved, terminal: true }",
         "  - { name: approved, terminal: true }\n  - name: limbo\n    deadline_working_days: 3",
         "config/workflows/sample.yaml:15: state 'limbo' cannot be reached from 'draft'"),
        ("initial: draft", "initial: drafting", "config/workflows/sample.yaml:3: initial state 'drafting' is not declared"),
        ("deadline_working_days: 5", "deadline_working_days: five", "config/workflows/sample.yaml:13: expected a whole number"),
        ("version: 1", "version: 1\ncolour: blue", "config/workflows/sample.yaml:3: unknown key 'colour'"),
        ("place_roles: [head]", "place_roles: [chief]", "config/workflows/sample.yaml:6: holds name unknown role 'chief'"),
        ("allowed_commands: [withdraw]", "allowed_commands: [retreat]",
         "config/workflows/sample.yaml:6: holds allow unknown command 'retreat'"),
        ("  - { name: approved, terminal: true }\n  - { name: withdrawn, terminal: true }",
         "  - { name: approved }\n  - { name: withdrawn }",
         "config/workflows/sample.yaml:1: version 1 declares no terminal state"),
        ("initial: draft", "initial: draft: now", "config/workflows/sample.yaml:3: invalid YAML: mapping values are not allowed in this context"),
    ])
    func reportsErrorWithFileAndLine(original: String, replacement: String, expected: String) {
        let text = sampleWorkflow.replacingFirst(original, with: replacement)
        #expect(text != sampleWorkflow)
        #expect(loadErrors(text).contains(expected), "got \(loadErrors(text))")
    }

    @Test func reportsStateWithNoPathToTerminal() {
        let text = sampleWorkflow
            .replacingFirst("  - { command: approve, from: submitted, to: approved, roles: [head] }",
                            with: "  - { command: approve, from: submitted, to: approved, roles: [head] }\n  - { command: park, from: submitted, to: parked, roles: [head] }")
            .replacingFirst("  - { name: withdrawn, terminal: true }",
                            with: "  - { name: withdrawn, terminal: true }\n  - name: parked")
        #expect(loadErrors(text).contains("config/workflows/sample.yaml:16: state 'parked' has no path to a terminal state"))
    }

    @Test func reportsDuplicateVersionsAcrossFiles() {
        do {
            _ = try WorkflowLoader.load(files: [("a.yaml", sampleWorkflow), ("b.yaml", sampleWorkflow)], knownGuards: sampleGuards)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == ["b.yaml:1: sample v1 is also defined in a.yaml"])
        }
    }

    @Test func keepsEveryVersionAndPicksTheLatestForNewNominations() throws {
        let second = sampleWorkflow.replacingFirst("version: 1", with: "version: 2")
            .replacingFirst("roles: [head] }", with: "roles: [clerk, head] }")
        let registry = try loadSample(sampleWorkflow + "\n---\n" + second)
        #expect(registry.latest(kind: "sample")?.version == 2)
        let first = try #require(registry.definition(kind: "sample", version: 1))
        #expect(first.transition(for: "approve", from: "submitted")?.roles == ["head"])
        #expect(registry.definition(kind: "sample", version: 2)?.transition(for: "approve", from: "submitted")?.roles == ["clerk", "head"])
        #expect(registry.definition(kind: "sample", version: 3) == nil)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
