import ArgumentParser
import Synchronization
import EventStore
import Foundation
import Postgres
import Projections

/// `laurel projections`: the read models' progress, and rebuilds.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Show the read models' progress, or rebuild one from the log without downtime.",
        subcommands: [Status.self, Rebuild.self]
    )

    /// Opens what the projection service needs on the chosen database.
    static func withService<T>(_ options: DatabaseOptions, _ body: (ProjectionService) async throws -> T) async throws -> T {
        let configuration = try await options.resolveConfiguration()
        let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: 2))
        let listener = Listener(configuration: configuration)
        let store = EventStore(pool: pool, listener: listener)
        let service = ProjectionService(configuration: configuration, pool: pool, store: store, listener: listener)
        do {
            let value = try await body(service)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each read model's checkpoint, events applied and lag.")
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let statuses = try await ProjectionsCommand.withService(options) { try await $0.status() }
            if json {
                struct Output: Encodable {
                    let name: String
                    let checkpoint: String
                    let eventsApplied: Int
                    let lag: Int
                }
                try printJSON(statuses.map {
                    Output(name: $0.name, checkpoint: $0.checkpoint.description, eventsApplied: Int($0.eventsApplied), lag: Int($0.lag))
                })
                return
            }
            print("projection    checkpoint            applied       lag  updated")
            for status in statuses {
                let updated = status.updatedAt.map { PostgresTimestamp.format($0) } ?? "never"
                print(status.name.padding(toLength: 13, withPad: " ", startingAt: 0)
                      + status.checkpoint.description.padding(toLength: 20, withPad: " ", startingAt: 0)
                      + String(status.eventsApplied).leftPadded(9) + String(status.lag).leftPadded(10) + "  " + updated)
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a read model from the start of the log into new tables, then switch to them.")
        @Argument(help: "The projection: nominations, council, deadlines, awards, statistics, people, accounts, or all (one pass over the log).",
                  completion: .list(["nominations", "council", "deadlines", "awards", "statistics", "people", "accounts", "all"]))
        var name: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await ProjectionsCommand.withService(options) { service in
                let interactive = isatty(STDOUT_FILENO) == 1
                // On a terminal, a bar redrawn in place; redirected, a line on stderr at each tenth of the work.
                let tenths = Mutex(-1)
                let report: @Sendable (RebuildProgress) -> Void = { progress in
                    guard !interactive else {
                        FileHandle.standardOutput.write(Data(("\r" + ProgressBar.render(progress)).utf8))
                        return
                    }
                    let tenth = progress.total > 0 ? min(progress.applied * 10 / progress.total, 10) : 10
                    guard tenths.withLock({ last in
                        defer { last = max(last, tenth) }
                        return tenth > last
                    }) else { return }
                    progressLine("\(progress.applied)/\(progress.total) events, \(Int(progress.eventsPerSecond)) events/s")
                }
                if name == "all" {
                    try await service.rebuildAll(progress: report)
                } else {
                    try await service.runner(named: name).rebuild(progress: report)
                }
                if interactive { print() }
                print("rebuilt \(name)")
            }
        }
    }
}

/// A one-line progress bar with rate and time left.
enum ProgressBar {
    static func render(_ progress: RebuildProgress, width: Int = 30) -> String {
        let fraction = progress.total > 0 ? Double(progress.applied) / Double(progress.total) : 1
        let left = progress.secondsLeft.map { " ~\(Int($0.rounded()))s left" } ?? ""
        return "\(bar(fraction: fraction, width: width)) \(progress.applied)/\(progress.total) events, "
            + "\(Int(progress.eventsPerSecond)) events/s\(left)"
    }

    /// The bar alone, `fraction` of it filled.
    static func bar(fraction: Double, width: Int = 30) -> String {
        let filled = Int(min(max(fraction, 0), 1) * Double(width))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
