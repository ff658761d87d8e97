import ArgumentParser
import EventStore
import Foundation
import Postgres

/// `laurel audit`: checks that the event log was not altered, and seals it.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the event log's integrity, and seal it.",
        subcommands: [AuditVerifyCommand.self, AuditSealCommand.self]
    )
}

/// `laurel audit verify`: recomputes every hash and seal; exits 1 when anything does not match.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the event hashes and seals; exit 1 if any event or seal does not match.",
        discussion: "Names the first event of each stream that was altered, removed, inserted or reordered, and every seal that no longer matches."
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: ArgumentHelp("Check only this stream.", valueName: "TENANT/CATEGORY-ID"))
    var stream: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if let stream, StreamName(parsing: stream) == nil {
            throw ValidationError("--stream takes TENANT/CATEGORY-ID, such as vksnd/nomination-42")
        }
    }

    func run() async throws {
        let pool = ConnectionPool(configuration: try await options.resolveConfiguration(), options: .init(maxConnections: 1))
        let store = EventStore(pool: pool)
        let report: IntegrityReport
        do {
            if let name = stream.flatMap(StreamName.init(parsing:)) {
                report = try await store.verify(stream: name)
            } else {
                report = try await store.verifyAll()
            }
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
        if json {
            try printJSON(AuditOutput(report: report))
        } else {
            print(report)
        }
        if !report.isIntact { throw ExitCode.failure }
    }

    /// The JSON form: the report plus its verdict, so scripts need not count issues.
    private struct AuditOutput: Encodable {
        var intact: Bool
        var report: IntegrityReport

        init(report: IntegrityReport) {
            intact = report.isIntact
            self.report = report
        }
    }
}

/// `laurel audit seal`: seals the log written since the last seal.
struct AuditSealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal the part of the event log written since the last seal (run it periodically)."
    )

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let pool = ConnectionPool(configuration: try await options.resolveConfiguration(), options: .init(maxConnections: 1))
        do {
            if let seal = try await EventStore(pool: pool).seal() {
                print("seal \(seal.number): \(seal.eventCount) events after \(seal.from) through \(seal.to), hash \(seal.hash)")
            } else {
                print("nothing new to seal")
            }
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
    }
}
