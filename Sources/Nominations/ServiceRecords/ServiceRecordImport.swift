import Workflow

/// One import of service records: a file naming, for each person, their service in the sector,
/// recorded once by the standing office. Its own aggregate, one stream per file named by the
/// file's SHA-256 (`service_record_import-<sha256>`), so the same file imported again adds
/// nothing and answers with what the first import recorded. The import is listed in the
/// tenant's index of imports (``ServiceRecordIndex``) in the same append, so the records are read
/// without scanning the log.
public struct ServiceRecordImport: Sendable, Equatable {
    /// What the import recorded.
    public let recorded: ServiceRecordImportRecorded

    public init(recorded: ServiceRecordImportRecorded) { self.recorded = recorded }

    /// The roles that import: the standing office, which keeps the agency's emulation and
    /// commendation records, each only for the units its token's unit covers (as for awards held
    /// before Laurel).
    public static let roles: Set<String> = ["standing_office"]

    /// The most rows one file may hold: every row goes into one event.
    public static let maxRows = 5_000
}

/// Commands on an import of service records.
public enum ServiceRecordImportCommand: Sendable, Equatable {
    /// Records the rows of the file whose SHA-256 is `fileSHA256`, all of them or none.
    case record(fileSHA256: String, rows: [ServiceRecordRow])

    /// The file's SHA-256: the import's stream id.
    public var fileSHA256: String {
        switch self {
        case .record(let sha, _): sha
        }
    }
}

/// `service_record_import.recorded`: a file of service records was imported. Who imported it is
/// also in the event's metadata; it is kept here so that a repeated import answers with it.
public struct ServiceRecordImportRecorded: EventPayload {
    public static let type = "service_record_import.recorded"
    public static let schemaVersion = 1
    /// The SHA-256 of the imported file's bytes, lower-case hex: the import's stream id.
    public let fileSHA256: String
    /// The importing officer (the token's subject).
    public let recordedBy: String
    /// The day of the import in Vietnam.
    public let recordedOn: LocalDate
    /// Every row of the file, in file order.
    public let records: [ServiceRecord]

    public init(fileSHA256: String, recordedBy: String, recordedOn: LocalDate, records: [ServiceRecord]) {
        self.fileSHA256 = fileSHA256
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn
        self.records = records
    }
}

/// Events of an import of service records.
public typealias ServiceRecordImportEvent = SoleEvent<ServiceRecordImportRecorded>
