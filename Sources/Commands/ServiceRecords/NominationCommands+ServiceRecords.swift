import Crypto
import EventStore
import Foundation
import Nominations
import Workflow

/// Imports of service records through the command handler, and the commemorative medal's
/// candidates read from them: the import's own stream, started by the import, and the tenant's
/// index of imports, appended in the same transaction.
extension NominationCommands {
    /// Imports the `rows` read from `file`, the body as received, whose SHA-256 names the import.
    ///
    /// - Throws: `invalid_rows` when any row is bad, listing every one; nothing is stored then.
    public func importServiceRecords(
        _ rows: [ServiceRecordRow], from file: Data, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<ServiceRecordImport?>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let command = ServiceRecordImportCommand.record(fileSHA256: SHA256.hash(data: file).lowercaseHex, rows: rows)
        var options = options
        options.startsStream = true
        return try await handler.handle(ServiceRecordImport.self, command, on: streams.serviceRecordImport(command.fileSHA256),
                                        options: options, prepare: { [configuration, today, streams] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration)) { _, _, events in
                // The import's stream, started here, lets each file be listed once: the index is
                // appended to without reading it, so imports of different files never retry on it.
                try events.compactMap { event -> LinkedAppend? in
                    guard case .recorded(let recorded) = event else { return nil }
                    let command = ListServiceRecordImport(fileSHA256: recorded.fileSHA256, records: recorded.records.count)
                    return try LinkedAppend.unconditional(ServiceRecordIndex.self, command, on: streams.serviceRecordIndex, context: ())
                }
            }
        }, reply: reply)
    }

    /// The import of the file whose SHA-256 is `fileSHA256`, as it is now (nil: not imported).
    public func serviceRecordImport(_ fileSHA256: String) async throws -> Loaded<ServiceRecordImport?> {
        try await reader.load(ServiceRecordImport.self, streams.serviceRecordImport(fileSHA256))
    }

    /// Every person's service record as the imports left it (a person in several imports has the
    /// latest's), and the medal year each holds the commemorative medal for, from their awards
    /// (imported or decided in Laurel, revocations left out). Read from the streams, never a read
    /// model: a list built from it is as current as the log.
    public func serviceRecordsAndMedals() async throws -> (records: [ServiceRecord], awarded: [String: Int]) {
        let index = try await reader.load(ServiceRecordIndex.self, streams.serviceRecordIndex).state
        let imports = try await reader.loadMany(ServiceRecordImport.self, index.imports.map(streams.serviceRecordImport))
        let recorded = index.imports.compactMap { imports[streams.serviceRecordImport($0)]?.state?.recorded }
        let records = ServiceRecordIndex.latestRecords(recorded)
        let awards = try await reader.loadMany(NomineeAwards.self, records.map { streams.awards(of: $0.personID) })
        var awarded: [String: Int] = [:]
        for record in records {
            let held = awards[streams.awards(of: record.personID)]?.state.heldTitles ?? []
            if let medal = held.first(where: { $0.title == CommemorativeMedal.title }) { awarded[record.personID] = medal.year }
        }
        return (records, awarded)
    }
}
