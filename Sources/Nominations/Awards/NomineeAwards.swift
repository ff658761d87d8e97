/// The titles one nominee holds, from the decisions on their nominations: an aggregate of its
/// own, so that eligibility reads what was decided up to the moment of the submission, revocations
/// included, and not a read model that may lag behind.
public struct NomineeAwards: Sendable, Equatable {
    /// One award, by the nomination that led to it.
    public struct Award: Sendable, Equatable, Codable {
        /// The nomination that led to it; for an award held before Laurel, its ``ImportedAward/awardID``.
        public let nominationID: String
        public let title: String
        public let year: Int
        /// Given by an ad hoc award, which may not count toward higher awards.
        public let wasAdHoc: Bool
        /// The emulation movement a thematic award rewards, which may not count toward higher awards.
        public let movement: String?
        public internal(set) var isRevoked: Bool

        public init(nominationID: String, title: String, year: Int, wasAdHoc: Bool, movement: String? = nil,
                    isRevoked: Bool = false) {
            self.nominationID = nominationID
            self.title = title
            self.year = year
            self.wasAdHoc = wasAdHoc
            self.movement = movement
            self.isRevoked = isRevoked
        }
    }

    public internal(set) var awards: [String: Award]

    public init(awards: [Award] = []) {
        self.awards = Dictionary(awards.map { ($0.nominationID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The titles held, revoked ones left out, oldest first.
    public var heldTitles: [HeldTitle] {
        awards.values.filter { !$0.isRevoked }
            .sorted { ($0.year, $0.nominationID) < ($1.year, $1.nominationID) }
            .map { HeldTitle(title: $0.title, year: $0.year, wasAdHoc: $0.wasAdHoc, wasThematic: $0.movement != nil) }
    }
}

/// What changes a nominee's awards: the decisions on their nominations.
public enum AwardsCommand: Sendable, Equatable {
    case grant(NomineeAwards.Award)
    case revoke(nominationID: String)
    case restore(nominationID: String)
    /// Records the awards made before nominees' awards had streams of their own (built from the log once).
    case open([NomineeAwards.Award])
    /// Records awards the person held before Laurel, from the import of the file with this SHA-256.
    case importEarlier(fileSHA256: String, [ImportedAward])

    /// Whether deciding the command needs the awards as they stand. A grant does not: it follows
    /// the nomination's approval, which the nomination's own stream lets happen once, so it is
    /// appended whatever the nominee's awards hold, without reading them first.
    /// An import of earlier awards does not either: the import's own stream, started by it, lets
    /// each file be imported once.
    public var readsAwards: Bool {
        switch self {
        case .grant, .importEarlier: false
        case .revoke, .restore, .open: true
        }
    }
}

/// `awards.granted`
public struct AwardGranted: EventPayload {
    public static let type = "awards.granted"
    public static let schemaVersion = 1
    public let award: NomineeAwards.Award
}

/// `awards.revoked`
public struct AwardRevoked: EventPayload {
    public static let type = "awards.revoked"
    public static let schemaVersion = 1
    public let nominationID: String
}

/// `awards.restored`
public struct AwardRestored: EventPayload {
    public static let type = "awards.restored"
    public static let schemaVersion = 1
    public let nominationID: String
}

/// `awards.opened`: the awards held when the nominee's awards got their stream, found in the log.
public struct AwardsOpened: EventPayload {
    public static let type = "awards.opened"
    public static let schemaVersion = 1
    public let awards: [NomineeAwards.Award]
}

/// `awards.imported`: awards the person held before Laurel, recorded by the import of a file
/// (who imported it is in the event's metadata). Each keeps the decision that made it.
public struct AwardsImported: EventPayload {
    public static let type = "awards.imported"
    public static let schemaVersion = 1
    /// The SHA-256 of the imported file, which names the import (`award_import-<sha256>`).
    public let fileSHA256: String
    public let awards: [ImportedAward]

    public init(fileSHA256: String, awards: [ImportedAward]) {
        self.fileSHA256 = fileSHA256
        self.awards = awards
    }
}

/// Events of a nominee's awards.
public enum AwardsEvent: Sendable, Equatable, DomainEvent {
    case opened(AwardsOpened)
    case granted(AwardGranted)
    case revoked(AwardRevoked)
    case restored(AwardRestored)
    case imported(AwardsImported)

    public var storedPayload: any EventPayload {
        switch self {
        case .opened(let payload): payload
        case .granted(let payload): payload
        case .revoked(let payload): payload
        case .restored(let payload): payload
        case .imported(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case AwardsOpened.type: self = .opened(try AwardsOpened(from: decoder))
        case AwardGranted.type: self = .granted(try AwardGranted(from: decoder))
        case AwardRevoked.type: self = .revoked(try AwardRevoked(from: decoder))
        case AwardRestored.type: self = .restored(try AwardRestored(from: decoder))
        case AwardsImported.type: self = .imported(try AwardsImported(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

extension NomineeAwards: Decider {
    public static let initialState = NomineeAwards()

    public static func evolve(_ awards: NomineeAwards, _ event: AwardsEvent) -> NomineeAwards {
        var awards = awards
        switch event {
        case .opened(let opened):
            for award in opened.awards { awards.awards[award.nominationID] = award }
        case .granted(let granted):
            awards.awards[granted.award.nominationID] = granted.award
        case .revoked(let revoked):
            awards.awards[revoked.nominationID]?.isRevoked = true
        case .restored(let restored):
            awards.awards[restored.nominationID]?.isRevoked = false
        case .imported(let imported):
            // The first import of an award stands; another file citing it again adds nothing.
            for award in imported.awards where awards.awards[award.awardID] == nil { awards.awards[award.awardID] = award.award }
        }
        return awards
    }

    /// Records decisions taken on nominations; one that changes nothing records nothing.
    public static func decide(_ command: AwardsCommand, _ awards: NomineeAwards, _ context: Void) throws(DomainError) -> [AwardsEvent] {
        switch command {
        case .grant(let award):
            return awards.awards[award.nominationID] == award ? [] : [.granted(AwardGranted(award: award))]
        case .revoke(let id):
            return awards.awards[id]?.isRevoked == false ? [.revoked(AwardRevoked(nominationID: id))] : []
        case .restore(let id):
            return awards.awards[id]?.isRevoked == true ? [.restored(AwardRestored(nominationID: id))] : []
        case .open(let list):
            return [.opened(AwardsOpened(awards: list.sorted { $0.nominationID < $1.nominationID }))]
        case .importEarlier(let sha, let list):
            return list.isEmpty ? [] : [.imported(AwardsImported(fileSHA256: sha, awards: list))]
        }
    }
}
