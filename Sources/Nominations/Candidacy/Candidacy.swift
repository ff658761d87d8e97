/// One person's candidacy for one title in one year: its own aggregate, so that two submissions
/// of the same person for the same title and year, racing or months apart, are ordered by this
/// stream's version and the second is refused, naming the first.
///
/// A nomination claims the candidacy when it is submitted and releases it when it leaves the
/// procedure without the title (rejected, refused, withdrawn, revoked); restoring a revoked award
/// claims it again. Ad hoc awards have none: each rewards one deed, and a person may receive
/// several in a year.
public struct Candidacy: Sendable, Equatable {
    /// The nomination holding the candidacy: live, or awarded.
    public internal(set) var holder: String?

    public init(holder: String? = nil) { self.holder = holder }
}

/// Whose candidacy, for which title and year.
public struct CandidacyKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public let nomineeID: String
    public let title: String
    public let year: Int

    public init(nomineeID: String, title: String, year: Int) {
        self.nomineeID = nomineeID
        self.title = title
        self.year = year
    }

    /// The candidacy stream's id within its category.
    public var streamID: String { "\(nomineeID).\(title).\(year)" }
    public var description: String { "\(title) \(year) for \(nomineeID)" }
}

/// What changes a candidacy: a nomination claims or releases it.
public enum CandidacyCommand: Sendable, Equatable {
    case claim(nominationID: String)
    case release(nominationID: String)
    /// Records the nomination that held the candidacy before candidacies had streams (built from the log once).
    case open(holder: String)
}

/// `candidacy.claimed`
public struct CandidacyClaimed: EventPayload {
    public static let type = "candidacy.claimed"
    public static let schemaVersion = 1
    public let nominationID: String
}

/// `candidacy.released`
public struct CandidacyReleased: EventPayload {
    public static let type = "candidacy.released"
    public static let schemaVersion = 1
    public let nominationID: String
}

/// `candidacy.opened`: the nomination holding the candidacy when it got its stream, found in the log.
public struct CandidacyOpened: EventPayload {
    public static let type = "candidacy.opened"
    public static let schemaVersion = 1
    public let holder: String
}

/// Events of a candidacy.
public enum CandidacyEvent: Sendable, Equatable, DomainEvent {
    case opened(CandidacyOpened)
    case claimed(CandidacyClaimed)
    case released(CandidacyReleased)

    public var storedPayload: any EventPayload {
        switch self {
        case .opened(let payload): payload
        case .claimed(let payload): payload
        case .released(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case CandidacyOpened.type: self = .opened(try CandidacyOpened(from: decoder))
        case CandidacyClaimed.type: self = .claimed(try CandidacyClaimed(from: decoder))
        case CandidacyReleased.type: self = .released(try CandidacyReleased(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

extension Candidacy: Decider {
    public static let initialState = Candidacy()

    public static func evolve(_ candidacy: Candidacy, _ event: CandidacyEvent) -> Candidacy {
        switch event {
        case .opened(let opened): Candidacy(holder: opened.holder)
        case .claimed(let claimed): Candidacy(holder: claimed.nominationID)
        case .released(let released): candidacy.holder == released.nominationID ? Candidacy() : candidacy
        }
    }

    /// Claiming a candidacy another nomination holds is refused with `already_nominated`, naming
    /// that nomination; claiming one's own again, or releasing one not held, changes nothing.
    public static func decide(
        _ command: CandidacyCommand, _ candidacy: Candidacy, _ key: CandidacyKey
    ) throws(DomainError) -> [CandidacyEvent] {
        switch command {
        case .claim(let id):
            switch candidacy.holder {
            case nil: return [.claimed(CandidacyClaimed(nominationID: id))]
            case id: return []
            case let other?:
                throw DomainError(.alreadyNominated, "\(key.nomineeID) already has nomination \(other) for \(key.title) in \(key.year), "
                                  + "under way or awarded; a person is nominated once per title and year (withdrawn, rejected, "
                                  + "refused and revoked nominations don't count)")
            }
        case .release(let id):
            return candidacy.holder == id ? [.released(CandidacyReleased(nominationID: id))] : []
        case .open(let holder):
            return [.opened(CandidacyOpened(holder: holder))]
        }
    }
}
