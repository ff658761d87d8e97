import Commands
import Nominations
import Workflow

/// An import of service records as the API shows it: the file's SHA-256, who imported it and
/// when, and every record it holds.
struct ServiceRecordImportResource: Encodable {
    /// Spelt so that the key is `file_sha256`.
    let fileSha256: String
    let recordedBy: String
    let recordedOn: LocalDate
    /// How many rows (people) the file held, and their units.
    let rows: Int
    let units: [String]
    let records: [ServiceRecord]
    let version: Int64
    let checkpoint: String?

    init(_ recorded: ServiceRecordImportRecorded, version: Int64, checkpoint: String?) {
        fileSha256 = recorded.fileSHA256
        recordedBy = recorded.recordedBy
        recordedOn = recorded.recordedOn
        rows = recorded.records.count
        units = Set(recorded.records.map(\.unit)).sorted()
        records = recorded.records
        self.version = version
        self.checkpoint = checkpoint
    }

    /// The path of the import of the file `sha256`.
    static func path(_ sha256: String) -> String { "/v1/service-record-imports/\(sha256)" }

    func response(status: Int) throws -> StoredResponse {
        StoredResponse(status: status, headers: ["Content-Type": "application/json", "ETag": "\"\(version)\"",
                                                 "Location": Self.path(fileSha256)],
                       body: try ResponseJSON.encode(self))
    }
}
