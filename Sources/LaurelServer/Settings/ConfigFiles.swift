import Foundation
import Nominations
import Workflow

/// Reads the configuration directory (`workflows/`, `rules/`, `calendar/`) from disk.
///
/// The domain modules take text, never paths, so that they stay pure; this is the one place that
/// touches the file system for configuration, shared by the CLI and the server.
public enum ConfigFiles {
    /// A configuration file's name (as shown in messages) and content.
    public typealias File = (name: String, text: String)

    /// The raw files of each configuration directory, sorted by name.
    public struct Contents {
        public let workflows: [File]
        public let rules: [File]
        public let calendar: [File]

        /// Every file name, in the order `laurel workflow check` reports them.
        public var fileNames: [String] { (workflows + rules + calendar).map(\.name) }
    }

    /// Reads every `.yaml`/`.yml` file under `root`'s three directories.
    ///
    /// File names in messages are `root`'s relative path plus the file, for example
    /// `config/workflows/annual.yaml`, so an editor can jump to them.
    public static func read(root: URL) throws -> Contents {
        Contents(
            workflows: try files(in: root, directory: "workflows"),
            rules: try files(in: root, directory: "rules"),
            calendar: try files(in: root, directory: "calendar")
        )
    }

    /// Reads and validates the whole configuration.
    ///
    /// - Throws: `ConfigErrors` for invalid content, or a Foundation error when a directory cannot be read.
    public static func load(root: URL) throws -> DomainConfiguration {
        try load(read(root: root))
    }

    /// Validates configuration already read from disk.
    public static func load(_ contents: Contents) throws(ConfigErrors) -> DomainConfiguration {
        try DomainConfiguration.load(
            workflowFiles: contents.workflows, ruleFiles: contents.rules, calendarFiles: contents.calendar)
    }

    private static func files(in root: URL, directory: String) throws -> [File] {
        let folder = root.appendingPathComponent(directory, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        return try names.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return (name: "\(root.relativePath)/\(directory)/\(name)", text: text)
        }
    }
}
