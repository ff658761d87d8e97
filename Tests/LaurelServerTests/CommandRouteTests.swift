@testable import LaurelServer
import Nominations
import Testing

/// The routes are made from the domain's commands: every command has a body reader and a route,
/// and every command a workflow names is one of them.
@Suite struct CommandRouteTests {
    @Test func everyCommandOfTheDomainHasABodyReaderAndARoute() {
        let names = NominationCommand.payloadTypes.map { $0.name }
        #expect(Set(names).count == names.count, "names are unique")
        #expect(Set(CommandRoute.bodies.keys) == Set(names))
        #expect(Set(CommandRoute.commands + ["submit"]) == Set(names))
    }

    @Test func everyCommandAWorkflowNamesIsACommandOfTheDomain() throws {
        let contents = try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))
        let workflows = try ConfigFiles.load(contents).workflows
        let names = Set(NominationCommand.payloadTypes.map { $0.name })
        for definition in workflows.allDefinitions {
            for transition in definition.transitions {
                #expect(names.contains(transition.command), "\(definition.kind) v\(definition.version): \(transition.command)")
            }
        }
    }
}
