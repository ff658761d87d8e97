import Crypto
import EventStore
import Foundation
import Nominations

/// Imports of awards held before Laurel through the command handler: the import's own stream,
/// started by the import, and each person's awards stream, appended in the same transaction.
extension NominationCommands {
    /// Imports the `rows` read from `file`, the body as received, whose SHA-256 names the import.
    ///
    /// - Throws: `invalid_rows` when any row is bad, listing every one; nothing is stored then.
    public func importAwards(
        _ rows: [AwardImportRow], from file: Data, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<AwardImport?>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let command = AwardImportCommand.record(fileSHA256: SHA256.hash(data: file).lowercaseHex, rows: rows)
        return try await run(command, actor: actor, options: options, reply: reply)
    }

    /// Decides and stores an import: the import's stream is started (a file imported before fails
    /// the append, and the retry reads the stream and answers with the first import), and each
    /// person's awards are appended without reading them, as an approval's award is.
    public func run(
        _ command: AwardImportCommand, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<AwardImport?>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        var options = options
        options.startsStream = true
        return try await handler.handle(AwardImport.self, command, on: streams.awardImport(command.fileSHA256), options: options,
                                        prepare: { [configuration, today, streams] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration)) { _, _, events in
                var appends: [LinkedAppend] = []
                for case .recorded(let recorded) in events {
                    for person in recorded.awardsByPerson {
                        let command = AwardsCommand.importEarlier(fileSHA256: recorded.fileSHA256, person.awards)
                        if let append = try LinkedAppend.unconditional(NomineeAwards.self, command, on: streams.awards(of: person.personID),
                                                                       context: ()) {
                            appends.append(append)
                        }
                    }
                }
                return appends
            }
        }, reply: reply)
    }

    /// The import of the file whose SHA-256 is `fileSHA256`, as it is now (nil: not imported).
    public func awardImport(_ fileSHA256: String) async throws -> Loaded<AwardImport?> {
        try await reader.load(AwardImport.self, streams.awardImport(fileSHA256))
    }
}
