import Testing
import Workflow

@Suite struct AuthorizationTests {
    let definition: WorkflowDefinition

    init() throws {
        definition = try #require(try loadSample().latest(kind: "sample"))
    }

    @Test func allowsAPermittedTransition() throws {
        let transition = try definition.authorize(command: "approve", from: "submitted", roles: ["head"], holdActive: false)
        #expect(transition?.target() == "approved")
    }

    @Test(arguments: [
        ("approve", "draft", ["head"], false, WorkflowViolation.transitionNotAllowed(command: "approve", state: "draft")),
        ("approve", "submitted", ["clerk"], false, .roleNotAllowed(command: "approve", roles: ["clerk"])),
        ("approve", "submitted", ["head"], true, .holdActive(command: "approve")),
        ("place_hold", "approved", ["head"], false, .transitionNotAllowed(command: "place_hold", state: "approved")),
        ("place_hold", "submitted", ["clerk"], false, .roleNotAllowed(command: "place_hold", roles: ["clerk"])),
    ])
    func refuses(command: String, state: String, roles: [String], held: Bool, expected: WorkflowViolation) {
        #expect(throws: expected) {
            try definition.authorize(command: command, from: state, roles: Set(roles), holdActive: held)
        }
    }

    @Test func allowsListedCommandsDuringAHold() throws {
        let transition = try definition.authorize(command: "withdraw", from: "submitted", roles: ["clerk"], holdActive: true)
        #expect(transition?.target() == "withdrawn")
    }

    @Test(arguments: [
        ("submitted", ["head"], false, ["approve", "place_hold"]),
        ("submitted", ["head"], true, ["place_hold", "lift_hold"]),
        ("submitted", ["clerk"], true, ["withdraw"]),
        ("submitted", ["clerk", "head"], false, ["approve", "withdraw", "place_hold"]),
        ("draft", ["clerk"], false, ["submit"]),
        ("approved", ["head"], false, []),
    ])
    func listsAvailableCommands(state: String, roles: [String], held: Bool, expected: [String]) {
        #expect(definition.availableCommands(from: state, roles: Set(roles), holdActive: held) == expected)
    }
}
