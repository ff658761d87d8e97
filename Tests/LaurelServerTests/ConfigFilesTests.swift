@testable import LaurelServer
import Workflow
import Testing

/// What the service checks in the configuration before it starts.
@Suite struct ConfigFilesTests {
    /// A role misspelt in `sector_wide_roles` would leave that role scoped by unit without a word:
    /// the configuration is refused instead.
    @Test func sectorWideRolesMustBeKnownRoles() throws {
        let shipped = try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))
        #expect(ConfigFiles.problems(in: shipped).isEmpty)
        let line = "sector_wide_roles: [auditor, administrator]"
        #expect(shipped.organization.text.contains(line))
        let misspelt = ConfigFiles.Contents(
            workflows: shipped.workflows, rules: shipped.rules, calendar: shipped.calendar,
            organization: (shipped.organization.name,
                           shipped.organization.text.replacingOccurrences(of: line, with: "sector_wide_roles: [auditor, administrater]")))
        #expect(ConfigFiles.problems(in: misspelt).map(\.message)
                == ["sector_wide_roles names roles no workflow or service knows: administrater"])
        #expect(throws: ConfigErrors.self, "every path that loads the configuration refuses it") { try ConfigFiles.load(misspelt) }
    }
}
