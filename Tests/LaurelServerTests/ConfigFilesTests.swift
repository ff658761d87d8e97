import Foundation
import LaurelDefaults
@testable import LaurelServer
import Postgres
import Testing
import Workflow

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

    /// The binary carries the repository's configuration and migrations as they were when it was
    /// built, so it runs from any directory: the same files, byte for byte, and a valid configuration.
    @Test func theBuiltInConfigurationAndMigrationsAreTheRepositorys() throws {
        let onDisk = try ConfigFiles.read(root: URL(fileURLWithPath: "config", relativeTo: repositoryRoot))
        let builtIn = ConfigFiles.builtIn
        #expect(builtIn.fileNames == onDisk.fileNames)
        for (disk, embedded) in zip(onDisk.workflows + onDisk.rules + onDisk.calendar + [onDisk.organization],
                                    builtIn.workflows + builtIn.rules + builtIn.calendar + [builtIn.organization]) {
            #expect(disk.text == embedded.text, "\(disk.name)")
        }
        #expect(ConfigFiles.problems(in: builtIn).isEmpty)
        let directory = try Migrator(directory: repositoryRoot.appendingPathComponent("sql")).migrations
        let embedded = try Migrator(files: LaurelDefaults.migrations).migrations
        #expect(embedded.map(\.fileName) == directory.map(\.fileName))
        #expect(embedded.map(\.checksum) == directory.map(\.checksum), "a database migrated from either is the same")
        #expect(directory.count > 10)
        #expect(try OpenAPIDocument.text() == String(contentsOf: repositoryRoot.appendingPathComponent("Sources/LaurelServer/openapi.yaml"),
                                                      encoding: .utf8))
    }

    /// Settings with no directories name the built-in ones; a directory that is not there is one
    /// problem naming it and the flag that names another.
    @Test func emptyDirectoriesAreTheBuiltInOnesAndAMissingOneIsNamed() throws {
        let settings = ServerSettings()
        #expect(settings.configDirectory.isEmpty && settings.migrationsDirectory.isEmpty)
        #expect(try settings.configurationContents().fileNames == ConfigFiles.builtIn.fileNames)
        #expect(try settings.migrator().migrations.count == LaurelDefaults.migrations.count)
        var elsewhere = settings
        elsewhere.configDirectory = "/nonexistent/laurel-config"
        #expect {
            try elsewhere.configurationContents()
        } throws: { error in
            let problems = (error as? ConfigErrors)?.errors ?? []
            return problems.count == 1 && problems[0].file == "/nonexistent/laurel-config/workflows"
                && problems[0].message.contains("--config-dir")
        }
        elsewhere.migrationsDirectory = "/nonexistent/laurel-sql"
        #expect(throws: PostgresError.self) { try elsewhere.migrator() }
    }

    @Test func migrationsReadFromFilesAreNamedNNNNAndUnique() throws {
        let migrator = try Migrator(files: [("x/0002_b.sql", "SELECT 2;"), ("x/0001_a.sql", "SELECT 1;")])
        #expect(migrator.migrations.map(\.fileName) == ["0001_a.sql", "0002_b.sql"])
        #expect(throws: PostgresError.self) { try Migrator(files: [("x/1_a.sql", "")]) }
        #expect(throws: PostgresError.self) { try Migrator(files: [("x/0001_a.sql", ""), ("y/0001_b.sql", "")]) }
    }
}
