import Workflow

/// The movements whose period starts in a year, in the order they were listed: an index of the
/// tenant's movements, one stream per year (`movement_index-YEAR`), so the year's movements are
/// read without scanning the log. A movement is listed under its first day's year in the same
/// append as its launch, and again under a new year if an amendment moves its start; a reader
/// keeps the movements that still start in the year.
public struct MovementIndex: Sendable, Equatable {
    public internal(set) var movements: [String]

    public init(movements: [String] = []) { self.movements = movements }
}

/// Lists a movement under its start year: what follows from its launch or amendment, never sent by a caller.
public struct ListMovement: Sendable, Equatable {
    public let movement: String
    public let year: Int

    public init(movement: String, year: Int) {
        self.movement = movement
        self.year = year
    }
}

/// Events of a year's index of movements.
public enum MovementIndexEvent: Sendable, Equatable, DomainEvent {
    case listed(MovementListed)

    public var storedPayload: any EventPayload {
        switch self {
        case .listed(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case MovementListed.type: self = .listed(try MovementListed(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `movement_index.listed`: the movement starts in the year (or did when it was listed).
public struct MovementListed: EventPayload {
    public static let type = "movement_index.listed"
    public static let schemaVersion = 1
    public let movement: String
    public let year: Int
}

extension MovementIndex: Decider {
    public static let initialState = MovementIndex()

    /// Lists the movement once; listing it again changes nothing.
    public static func decide(_ command: ListMovement, _ index: MovementIndex, _ context: CommandContext) -> [MovementIndexEvent] {
        index.movements.contains(command.movement) ? [] : [.listed(MovementListed(movement: command.movement, year: command.year))]
    }

    public static func evolve(_ index: MovementIndex, _ event: MovementIndexEvent) -> MovementIndex {
        var index = index
        switch event {
        case .listed(let listed): index.movements.append(listed.movement)
        }
        return index
    }
}
