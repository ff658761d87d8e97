import Workflow

/// One import of awards held before Laurel: a file of earlier awards (person, unit, title, year and
/// the decision that made each), recorded once by the standing office. Its own aggregate, one
/// stream per file named by the file's SHA-256 (`award_import-<sha256>`), so the same file imported
/// again adds nothing and answers with what the first import recorded.
///
/// The awards themselves go to each person's awards (``NomineeAwards``, `awards.imported`) in the
/// same transaction, where eligibility counts them as it counts awards decided in Laurel.
public struct AwardImport: Sendable, Equatable {
    /// What the import recorded.
    public let recorded: AwardImportRecorded

    public init(recorded: AwardImportRecorded) { self.recorded = recorded }

    /// The roles that import: the standing office, which keeps the agency's emulation and
    /// commendation records; each only for the units its token's unit covers. Not a unit officer
    /// (who proposes, and records no decision), nor the heads, who sign decisions rather than
    /// keep their records.
    public static let roles: Set<String> = ["standing_office"]

    /// The most rows one file may hold: every row goes into one transaction.
    public static let maxRows = 5_000
}

/// Commands on an import of earlier awards.
public enum AwardImportCommand: Sendable, Equatable {
    /// Records the rows of the file whose SHA-256 is `fileSHA256`, all of them or none.
    case record(fileSHA256: String, rows: [AwardImportRow])

    /// The file's SHA-256: the import's stream id.
    public var fileSHA256: String {
        switch self {
        case .record(let sha, _): sha
        }
    }
}

/// `award_import.recorded`: a file of earlier awards was imported. Who imported it is also in
/// the event's metadata; it is kept here so that a repeated import answers with it.
public struct AwardImportRecorded: EventPayload {
    public static let type = "award_import.recorded"
    public static let schemaVersion = 1
    /// The SHA-256 of the imported file's bytes, lower-case hex: the import's stream id.
    public let fileSHA256: String
    /// The importing officer (the token's subject).
    public let recordedBy: String
    /// The day of the import in Vietnam.
    public let recordedOn: LocalDate
    /// Every row of the file, in file order.
    public let awards: [ImportedAward]

    public init(fileSHA256: String, recordedBy: String, recordedOn: LocalDate, awards: [ImportedAward]) {
        self.fileSHA256 = fileSHA256
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn
        self.awards = awards
    }

    /// Each person's awards, by person id in order: what goes to each person's awards stream.
    public var awardsByPerson: [(personID: String, awards: [ImportedAward])] {
        Dictionary(grouping: awards, by: \.personID).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// Events of an import of earlier awards.
public typealias AwardImportEvent = SoleEvent<AwardImportRecorded>
