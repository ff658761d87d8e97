/// The places a unit has used of its cap for one title in one year: its own aggregate, so that
/// intakes racing for the last places are ordered by this stream's version, not by counting
/// other nominations.
///
/// A nomination takes a place when intake accepts it (the `within_cap` guard counts the places
/// taken before it) and gives it back when it leaves the procedure without the title (refused,
/// rejected, withdrawn, revoked); restoring a revoked award takes it again.
public struct TitleQuota: Sendable, Equatable {
    /// The nominations holding a place.
    public internal(set) var holders: Set<String>

    public init(holders: Set<String> = []) { self.holders = holders }

    /// Places taken by nominations other than `nominationID`.
    public func placesTaken(besides nominationID: String) -> Int {
        holders.subtracting([nominationID]).count
    }
}

/// Which cap a quota counts: a unit's nominations for a title in a year.
public struct QuotaKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public let unit: String
    public let title: String
    public let year: Int

    public init(unit: String, title: String, year: Int) {
        self.unit = unit
        self.title = title
        self.year = year
    }

    /// The quota stream's id within its category.
    public var streamID: String { "\(unit).\(title).\(year)" }
    public var description: String { "\(title) \(year) of \(unit)" }
}

/// What changes a quota: a nomination takes or gives back a place.
public enum QuotaCommand: Sendable, Equatable {
    case take(nominationID: String)
    case giveBack(nominationID: String)
    /// Records the places nominations held before quotas had streams of their own (built from the log once).
    case open(holders: [String])
}

/// `quota.place_taken`
public struct QuotaPlaceTaken: EventPayload {
    public static let type = "quota.place_taken"
    public static let schemaVersion = 1
    public let nominationID: String
}

/// `quota.place_given_back`
public struct QuotaPlaceGivenBack: EventPayload {
    public static let type = "quota.place_given_back"
    public static let schemaVersion = 1
    public let nominationID: String
}

/// `quota.opened`: the places held when the quota got its stream, found in the log.
public struct QuotaOpened: EventPayload {
    public static let type = "quota.opened"
    public static let schemaVersion = 1
    public let holders: [String]
}

/// Events of a title quota.
public enum QuotaEvent: Sendable, Equatable, DomainEvent {
    case opened(QuotaOpened)
    case placeTaken(QuotaPlaceTaken)
    case placeGivenBack(QuotaPlaceGivenBack)

    public var storedPayload: any EventPayload {
        switch self {
        case .opened(let payload): payload
        case .placeTaken(let payload): payload
        case .placeGivenBack(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case QuotaOpened.type: self = .opened(try QuotaOpened(from: decoder))
        case QuotaPlaceTaken.type: self = .placeTaken(try QuotaPlaceTaken(from: decoder))
        case QuotaPlaceGivenBack.type: self = .placeGivenBack(try QuotaPlaceGivenBack(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

extension TitleQuota: Decider {
    public static let initialState = TitleQuota()

    public static func evolve(_ quota: TitleQuota, _ event: QuotaEvent) -> TitleQuota {
        var quota = quota
        switch event {
        case .opened(let opened): quota.holders.formUnion(opened.holders)
        case .placeTaken(let taken): quota.holders.insert(taken.nominationID)
        case .placeGivenBack(let given): quota.holders.remove(given.nominationID)
        }
        return quota
    }

    /// Taking a place held already, or giving back one not held, changes nothing. The cap itself
    /// is the nomination's `within_cap` guard, which counts ``placesTaken(besides:)``.
    public static func decide(_ command: QuotaCommand, _ quota: TitleQuota, _ context: Void) throws(DomainError) -> [QuotaEvent] {
        switch command {
        case .take(let id):
            return quota.holders.contains(id) ? [] : [.placeTaken(QuotaPlaceTaken(nominationID: id))]
        case .giveBack(let id):
            return quota.holders.contains(id) ? [.placeGivenBack(QuotaPlaceGivenBack(nominationID: id))] : []
        case .open(let holders):
            return [.opened(QuotaOpened(holders: holders.sorted()))]
        }
    }
}
