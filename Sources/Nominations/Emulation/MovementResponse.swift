import Workflow

/// A unit's response to a movement (đăng ký hưởng ứng phong trào): the unit's own plan, its
/// own aggregate, one stream per movement and unit (`movement_response-MOVEMENT.UNIT`). The
/// unit's officer records it and amends it while the movement takes responses.
public struct MovementResponse: Sendable, Equatable {
    /// The plan as it stands; nil before the unit responds.
    public internal(set) var plan: MovementPlan?
    public internal(set) var recordedOn: LocalDate?
    /// How many times the plan was amended after it was first recorded.
    public internal(set) var amendments: Int

    public init(plan: MovementPlan? = nil, recordedOn: LocalDate? = nil, amendments: Int = 0) {
        self.plan = plan
        self.recordedOn = recordedOn
        self.amendments = amendments
    }
}

/// Which unit responds to which movement.
public struct MovementUnit: Sendable, Hashable, CustomStringConvertible {
    public let movement: String
    public let unit: String

    public init(movement: String, unit: String) {
        self.movement = movement
        self.unit = unit
    }

    /// The stream's id within its category; a movement's id has no `.`.
    public var streamID: String { "\(movement).\(unit)" }
    public var description: String { "\(unit)'s response to \(movement)" }
}

/// Records the unit's plan, or replaces it with a new one.
public struct RecordMovementResponse: Sendable, Equatable {
    public let key: MovementUnit
    public let plan: MovementPlan

    public init(key: MovementUnit, plan: MovementPlan) {
        self.key = key
        self.plan = plan
    }
}

/// What a response's decision reads besides the response: who acts, today, the configuration,
/// and the movement as it is.
public struct MovementResponseContext: Sendable {
    public let command: CommandContext
    public let movement: Movement

    public init(command: CommandContext, movement: Movement) {
        self.command = command
        self.movement = movement
    }
}

/// Events of a unit's response. Who recorded it is in each event's metadata.
public enum MovementResponseEvent: Sendable, Equatable, DomainEvent {
    case recorded(MovementResponseRecorded)
    case amended(MovementResponseAmended)

    public var storedPayload: any EventPayload {
        switch self {
        case .recorded(let payload): payload
        case .amended(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case MovementResponseRecorded.type: self = .recorded(try MovementResponseRecorded(from: decoder))
        case MovementResponseAmended.type: self = .amended(try MovementResponseAmended(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `movement_response.recorded`: the unit's first plan for the movement.
public struct MovementResponseRecorded: EventPayload {
    public static let type = "movement_response.recorded"
    public static let schemaVersion = 1
    public let movement: String
    public let unit: String
    public let plan: MovementPlan
    public let recordedOn: LocalDate
}

/// `movement_response.amended`: the unit's plan from now on, replacing the one before whole.
public struct MovementResponseAmended: EventPayload {
    public static let type = "movement_response.amended"
    public static let schemaVersion = 1
    public let movement: String
    public let unit: String
    public let plan: MovementPlan
    public let amendedOn: LocalDate
}
