/// The person or collective proposed for a title or form of commendation.
///
/// One struct for both kinds keeps the JSON payload flat for read models; the fields that apply
/// to only one kind are optional and checked when a nomination is submitted.
public struct Nominee: Sendable, Equatable, Codable {
    public let type: NomineeType
    /// A stable identifier (staff number or unit code), used for eligibility and recusal.
    public let id: String
    public let name: String
    /// The unit the nominee belongs to (the collective's parent unit for a collective).
    public let unit: String
    /// Individual only.
    public let position: String?
    /// Individual only: front-line staff, whose share of awards the agency reports on; set at
    /// submission by the rule set's definition (``FrontLineDefinition``).
    public let isFrontLine: Bool?
    /// Collective only: number of members.
    public let size: Int?
    /// Collective only: a small collective (team, department), also reported on; set at
    /// submission by the rule set's definition (``SmallCollectiveDefinition``).
    public let isSmallCollective: Bool?

    /// An individual nominee; `isFrontLine` is needed only under a rule set that does not define front-line staff.
    public static func individual(id: String, name: String, unit: String, position: String, isFrontLine: Bool? = nil) -> Nominee {
        Nominee(type: .individual, id: id, name: name, unit: unit, position: position, isFrontLine: isFrontLine,
                size: nil, isSmallCollective: nil)
    }

    /// A collective nominee; `isSmall` is needed only under a rule set that does not define small collectives.
    public static func collective(id: String, name: String, unit: String, size: Int, isSmall: Bool? = nil) -> Nominee {
        Nominee(type: .collective, id: id, name: name, unit: unit, position: nil, isFrontLine: nil,
                size: size, isSmallCollective: isSmall)
    }

    /// What is wrong with the nominee's fields, if anything.
    var problem: String? {
        if id.isEmpty || name.isEmpty || unit.isEmpty { return "the nominee needs an id, a name and a unit" }
        switch type {
        case .individual:
            if position == nil || isFrontLine == nil { return "an individual nominee needs a position and the front-line flag" }
            if size != nil || isSmallCollective != nil { return "an individual nominee has no size" }
        case .collective:
            guard let size, size > 0, isSmallCollective != nil else {
                return "a collective nominee needs a positive size and the small-collective flag"
            }
            if position != nil || isFrontLine != nil { return "a collective nominee has no position" }
        }
        return nil
    }
}

/// A file of the dossier, identified by its SHA-256 so the stored file can be checked later.
public struct DossierDocument: Sendable, Equatable, Codable {
    /// The document kind the rule set's checklist refers to, for example `achievement_report`.
    public let kind: String
    public let title: String
    /// Lower-case hexadecimal SHA-256 of the file.
    public let sha256: String

    public init(kind: String, title: String, sha256: String) {
        self.kind = kind
        self.title = title
        self.sha256 = sha256
    }

    var hasValidChecksum: Bool { Self.isLowercaseSHA256(sha256) }

    /// Whether `text` is a SHA-256 as 64 lower-case hexadecimal digits, in ASCII only
    /// (`Character.isHexDigit` would also take their fullwidth forms).
    public static func isLowercaseSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
