/// Records ratings of the unit's people for a year; a rating that replaces another needs a reason.
public struct RecordTaskRatings: Sendable, Equatable {
    public let unitYear: UnitYear
    public let ratings: [RatedPerson]
    public let reason: String?

    public init(unitYear: UnitYear, ratings: [RatedPerson], reason: String?) {
        self.unitYear = unitYear
        self.ratings = ratings
        self.reason = reason
    }
}

/// `task_ratings.recorded`: the unit rated these people for the year. Who recorded it is in the
/// event's metadata.
public struct TaskRatingsRecorded: EventPayload {
    public static let type = "task_ratings.recorded"
    public static let schemaVersion = 1
    public let unit: String
    public let year: Int
    public let ratings: [RatedPerson]
    /// Why earlier ratings changed; nil when none did.
    public let reason: String?
}

/// Events of a unit's task ratings.
public enum TaskRatingsEvent: Sendable, Equatable, DomainEvent {
    case recorded(TaskRatingsRecorded)

    public var storedPayload: any EventPayload {
        switch self {
        case .recorded(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case TaskRatingsRecorded.type: self = .recorded(try TaskRatingsRecorded(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}
