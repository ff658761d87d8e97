import Commands
import EventStore
import Nominations
import Workflow

/// An import of earlier awards as the API shows it: the file's SHA-256, who imported it and when,
/// and every award it recorded.
struct AwardImportResource: Encodable {
    /// Spelt so that the key is `file_sha256`.
    let fileSha256: String
    let recordedBy: String
    let recordedOn: LocalDate
    /// How many rows (awards) and people the file held, and their units.
    let rows: Int
    let people: Int
    let units: [String]
    let awards: [ImportedAward]
    let version: Int64
    let checkpoint: String?

    init(_ recorded: AwardImportRecorded, version: Int64, checkpoint: String?) {
        fileSha256 = recorded.fileSHA256
        recordedBy = recorded.recordedBy
        recordedOn = recorded.recordedOn
        rows = recorded.awards.count
        people = Set(recorded.awards.map(\.personID)).count
        units = Set(recorded.awards.map(\.unit)).sorted()
        awards = recorded.awards
        self.version = version
        self.checkpoint = checkpoint
    }

    /// The path of the import of the file `sha256`.
    static func path(_ sha256: String) -> String { "/v1/award-imports/\(sha256)" }

    func response(status: Int) throws -> StoredResponse {
        StoredResponse(status: status, headers: ["Content-Type": "application/json", "ETag": "\"\(version)\"",
                                                 "Location": Self.path(fileSha256)],
                       body: try ResponseJSON.encode(self))
    }
}
