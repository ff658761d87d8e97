import ArgumentParser
import Foundation
import LaurelDefaults

/// `laurel init DIR`: an editable copy of the configuration built into laurel.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write an editable copy of the built-in configuration and settings to a directory.",
        discussion: """
            Writes laurel.yaml (the settings, its config_dir pointing at DIR), organization.yaml and the workflows/, \
            rules/ and calendar/ directories. Existing files are left alone unless --force is given. Then edit them, \
            check them with `laurel workflow check --config-dir DIR`, and run `laurel serve --settings DIR/laurel.yaml`.
            """)

    @Argument(help: "The directory to write (created if needed).", completion: .directory)
    var directory: String

    @Flag(help: "Overwrite files that already exist.")
    var force = false

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let files = LaurelDefaults.configuration.map { (path: String($0.path.dropFirst("config/".count)), text: $0.text) }
        let existing = files.map(\.path).filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
        guard force || existing.isEmpty else {
            throw CommandLineFailure("\(root.path) already holds \(existing.joined(separator: ", ")); --force overwrites them")
        }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            let text = file.path == "laurel.yaml" ? Self.pointingAt(root, file.text) : file.text
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            } catch {
                throw CommandLineFailure("\(url.path) cannot be written: \((error as NSError).localizedDescription)")
            }
        }
        print("""
            wrote \(files.count) files to \(root.path)
            check them:  laurel workflow check --config-dir \(root.path)
            serve them:  laurel serve --settings \(root.path)/laurel.yaml
            """)
    }

    /// The settings file with `config_dir` naming the copy, whichever directory `laurel` runs from.
    static func pointingAt(_ root: URL, _ settings: String) -> String {
        settings.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("config_dir:") ? "config_dir: \"\(root.path)\"" : String(line)
        }.joined(separator: "\n")
    }
}
