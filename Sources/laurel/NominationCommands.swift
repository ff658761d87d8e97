import ArgumentParser
import EventStore
import Foundation
import LaurelServer
import Nominations
import Postgres
import Projections
import Workflow

/// `laurel history ID`: a nomination's decisions from the log itself.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print a nomination's decision timeline from the event log: who, when, what, why, under which rule.",
        discussion: "Exit status 3 when the nomination does not exist (or did not yet at --as-of).")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The nomination id, such as N-4ac3a3dc8cd8.") var id: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Only events recorded up to this ISO 8601 time.", valueName: "time"))
    var asOf: String?

    @Option(help: "The tenant; default: the tenant setting (LAUREL_TENANT).") var tenant: String?

    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let asOf, Timestamp.parse(asOf) == nil {
            throw ValidationError("--as-of takes an existing time written as RFC 3339, such as 2026-12-09T10:00:00Z")
        }
    }

    /// A timeline entry as the HTTP timeline gives it, with the hash it chains to.
    struct Entry: Encodable {
        let entry: TimelineEntry
        let previousHash: String?

        private enum CodingKeys: CodingKey { case previousHash }

        func encode(to encoder: any Encoder) throws {
            try entry.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(previousHash, forKey: .previousHash)
        }
    }

    func run() async throws {
        let settings = try options.settings()
        let pool = ConnectionPool(configuration: try await options.resolveConfiguration(settings), options: .init(maxConnections: 1))
        let store = EventStore(pool: pool)
        let stream = StreamName(tenant: tenant ?? settings.tenant, category: "nomination", id: id)
        let records = try await store.readStream(stream, asOf: .time(asOf.flatMap(Timestamp.parse) ?? .distantFuture))
        await pool.close()
        guard !records.isEmpty else {
            FileHandle.standardError.write(Data("laurel: no nomination \(id)\(asOf.map { " as of \($0)" } ?? "")\n".utf8))
            throw ExitCode(3)
        }
        let entries = try records.compactMap { record -> Entry? in
            guard case .nomination(let event) = try ProjectedEvent(record).body else { return nil }
            return Entry(entry: TimelineEntry(record, event), previousHash: record.previousHash)
        }
        if json { return try printJSON(entries) }
        for entry in entries.map(\.entry) {
            print("v\(entry.version)  \(Timestamp.format(entry.recordedAt))  \(entry.summary)")
            print("    by \(entry.actorID ?? "?") (\(entry.actorRoles.joined(separator: ", ")))")
            if let reason = entry.reason { print("    why: \(reason)") }
            for explanation in entry.explanations {
                print("    \(explanation.satisfied ? "✓" : "✗") \(explanation.text)")
                print("      rule \(explanation.rule), rule set \(explanation.ruleSetVersion): \(explanation.source)")
            }
            print("    hash \(entry.hash)")
        }
    }
}

/// `laurel nominations list`: the nominations read model, filtered.
struct NominationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nominations", abstract: "Query nominations.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List nominations from the read model, newest submissions last, a page at a time.",
            discussion: "The next page's cursor is printed last (and is next_cursor in --json).")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "ad_hoc, annual or labour_hero.", completion: .list(kinds)) var kind: String?
        @Option(help: "A title or form, such as certificate_of_merit.") var title: String?
        @Option(help: "The nominee's unit, such as vksnd-hanoi.") var unit: String?
        @Option(help: "The achievement year.") var year: Int?
        @Option(help: "The workflow state, such as accepted.") var state: String?
        @Flag(name: .customLong("on-hold"), help: "Only nominations with a hold in force.") var onHold = false
        @Option(help: "The nominee's name; diacritics are ignored.") var name: String?
        @Option(help: "Page size (1–200).") var limit = 50
        @Option(help: "The cursor printed at the end of the previous page.") var cursor: String?
        @Option(help: "The tenant; default: the tenant setting (LAUREL_TENANT).") var tenant: String?
        @Flag(help: "Print JSON.") var json = false

        /// The workflow kinds a nomination can be of.
        static let kinds = ["ad_hoc", "annual", "labour_hero"]

        func validate() throws {
            guard (1...200).contains(limit) else { throw ValidationError("--limit must be from 1 to 200") }
            if let kind, !Self.kinds.contains(kind) {
                throw ValidationError("--kind is one of \(Self.kinds.joined(separator: ", ")), not '\(kind)'")
            }
        }

        func run() async throws {
            let settings = try options.settings()
            let pool = ConnectionPool(configuration: try await options.resolveConfiguration(settings), options: .init(maxConnections: 1))
            let filter = NominationFilter(kind: kind, title: title, units: unit.map { [$0] }, year: year, state: state,
                                          onHold: onHold ? true : nil, nomineeName: name)
            let page: Page<NominationSummary>
            do {
                page = try await NominationListQuery(pool: pool).list(tenant: tenant ?? settings.tenant, filter: filter, after: cursor, limit: limit)
            } catch let error as ProjectionError {
                await pool.close()
                throw ValidationError(error.message)
            }
            await pool.close()
            if json { return try printJSON(page) }
            for item in page.items {
                let hold = item.holds.isEmpty ? "" : "  on hold"
                print("\(item.nominationID)  \(item.kind)/\(item.title)  \(item.year)  \(item.unit)  \(item.nomineeName)  "
                      + "\(item.state)\(item.stageDeadline.map { " (due \($0))" } ?? "")\(hold)")
            }
            if let next = page.nextCursor { print("next page: --cursor \(next)") }
        }
    }
}

/// Prints `value` as the pretty JSON scripts read: snake_case keys, sorted, RFC 3339 times.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .timestamp
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
