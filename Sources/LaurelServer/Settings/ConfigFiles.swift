import Foundation
import LaurelDefaults
import Nominations
import Workflow

/// Reads the configuration directory (`workflows/`, `rules/`, `calendar/`, `organization.yaml`) from disk.
///
/// The domain modules take text, never paths, so that they stay pure; this is the one place that
/// touches the file system for configuration, shared by the CLI and the server.
public enum ConfigFiles {
    /// A configuration file's name (as shown in messages) and content.
    public typealias File = (name: String, text: String)

    /// The raw files of each configuration directory, sorted by name, and the organisation file.
    public struct Contents {
        public let workflows: [File]
        public let rules: [File]
        public let calendar: [File]
        /// `organization.yaml`: units, emulation clusters and blocs, councils.
        public let organization: File

        /// Every file name, in the order `laurel workflow check` reports them.
        public var fileNames: [String] { (workflows + rules + calendar + [organization]).map(\.name) }
    }

    /// Reads every `.yaml`/`.yml` file under `root`'s three directories, and `root/organization.yaml`.
    ///
    /// File names in messages are `root`'s relative path plus the file, for example
    /// `config/workflows/annual.yaml`, so an editor can jump to them.
    public static func read(root: URL) throws -> Contents {
        Contents(
            workflows: try files(in: root, directory: "workflows"),
            rules: try files(in: root, directory: "rules"),
            calendar: try files(in: root, directory: "calendar"),
            organization: try file(root.appendingPathComponent("organization.yaml"), named: "\(root.relativePath)/organization.yaml")
        )
    }

    /// The configuration built into the binary (the repository's `config/` when it was built),
    /// named `config/workflows/annual.yaml` and so on in messages.
    public static var builtIn: Contents {
        let files = LaurelDefaults.configuration.map { (name: $0.path, text: $0.text) }
        func directory(_ name: String) -> [File] {
            files.filter { $0.name.hasPrefix("config/\(name)/") }.sorted { $0.name < $1.name }
        }
        return Contents(workflows: directory("workflows"), rules: directory("rules"), calendar: directory("calendar"),
                        organization: files.first { $0.name == "config/organization.yaml" } ?? (name: "config/organization.yaml", text: ""))
    }

    /// Reads and validates the whole configuration.
    ///
    /// - Throws: `ConfigErrors` for invalid content, and for a file or directory that cannot be read.
    public static func load(root: URL) throws -> DomainConfiguration {
        try load(read(root: root))
    }

    /// Validates configuration already read from disk, including that every sector-wide role is
    /// one the service knows: a misspelt one would silently leave that role scoped by unit.
    public static func load(_ contents: Contents) throws(ConfigErrors) -> DomainConfiguration {
        let domain = try DomainConfiguration.load(
            workflowFiles: contents.workflows, ruleFiles: contents.rules, calendarFiles: contents.calendar,
            organizationFile: contents.organization)
        let unknown = domain.organization.sectorWideRoles.subtracting(LaurelServices.knownRoles(of: domain))
        guard unknown.isEmpty else {
            throw ConfigErrors([ConfigError(file: contents.organization.name, line: nil,
                                            message: "sector_wide_roles names roles no workflow or service knows: "
                                                + unknown.sorted().joined(separator: ", "))])
        }
        return domain
    }

    /// Every problem in the configuration read from disk, across all its files.
    public static func problems(in contents: Contents) -> [ConfigError] {
        do {
            _ = try load(contents)
            return []
        } catch {
            return error.errors
        }
    }

    private static func files(in root: URL, directory: String) throws -> [File] {
        let folder = root.appendingPathComponent(directory, isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
        } catch {
            throw ConfigErrors([ConfigError(file: "\(root.relativePath)/\(directory)", line: nil, message: Self.unreadable)])
        }
        return try names.map { name in
            try file(folder.appendingPathComponent(name), named: "\(root.relativePath)/\(directory)/\(name)")
        }
    }

    /// - Throws: `ConfigError` naming the file when it is missing or unreadable.
    private static func file(_ url: URL, named name: String) throws -> File {
        do {
            return (name: name, text: try String(contentsOf: url, encoding: .utf8))
        } catch {
            throw ConfigErrors([ConfigError(file: name, line: nil, message: Self.unreadable)])
        }
    }

    /// What a missing or unreadable file's message says, with the way to name another directory.
    static let unreadable = "missing or unreadable; name the configuration directory with --config-dir or LAUREL_CONFIG_DIR "
        + "(`laurel init DIR` writes one), or leave config_dir empty for the built-in one"
}
