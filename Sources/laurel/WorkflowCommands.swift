import ArgumentParser
import Foundation
import LaurelServer
import Nominations
import Workflow

/// `laurel workflow`: checks the configuration and draws the state machines.
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Check workflow, rule, calendar and organisation configuration, and draw workflows.",
        subcommands: [Check.self, Graph.self]
    )

    /// `laurel workflow check`
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every file under the configuration directory.",
            discussion: "Prints one line per valid file, or each problem as file:line: message; exits non-zero on any problem."
        )

        @OptionGroup var settingsOptions: SettingsOptions

        func run() async throws {
            let contents = try settingsOptions.load().configurationContents()
            let problems = ConfigFiles.problems(in: contents)
            for name in contents.fileNames {
                let fileProblems = problems.filter { $0.file == name }
                if fileProblems.isEmpty {
                    print("\(name): OK")
                } else {
                    fileProblems.forEach { print($0) }
                }
            }
            let known = Set(contents.fileNames)
            problems.filter { !known.contains($0.file) }.forEach { print($0) }
            if !problems.isEmpty { throw ExitCode.failure }
        }
    }

    /// `laurel workflow graph <kind> --format mermaid|dot`
    struct Graph: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw a workflow's state machine.")

        @Argument(help: "The kind of nomination: ad_hoc, annual or labour_hero.",
                  completion: .list(NominationsCommand.List.kinds))
        var kind: String

        @Option(name: .long, help: "mermaid or dot.", completion: .list(["mermaid", "dot"]))
        var format = GraphFormat.mermaid.rawValue

        @Option(name: .customLong("workflow-version"), help: "The version to draw (default: the latest).")
        var workflowVersion: Int?

        @OptionGroup var settingsOptions: SettingsOptions

        func validate() throws {
            guard GraphFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be one of: \(GraphFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let workflows = try ConfigFiles.load(try settingsOptions.load().configurationContents()).workflows
            let definition = workflowVersion.map { workflows.definition(kind: kind, version: $0) } ?? workflows.latest(kind: kind)
            guard let definition, let graphFormat = GraphFormat(rawValue: format) else {
                throw ValidationError("no workflow '\(kind)'\(workflowVersion.map { " version \($0)" } ?? ""); known: \(workflows.kinds.joined(separator: ", "))")
            }
            print(definition.graph(format: graphFormat), terminator: "")
        }
    }
}
