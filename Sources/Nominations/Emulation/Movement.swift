import Workflow

/// An emulation movement (phong trào thi đua): its own aggregate, one stream per movement
/// (`movement-ID`). The standing office of the launching unit, or of a unit above it, launches
/// it with the launching document, amends it with a reason until its last day, and closes it at
/// or after its end (early only with a reason). Units respond to it with their own plans, each in
/// its own stream (``MovementResponse``), so one unit's plan never waits on another's.
public struct Movement: Sendable, Equatable {
    /// Where the movement stands.
    public enum Stage: String, Sendable, Codable {
        case notLaunched = "not_launched"
        case running
        case closed
    }

    public internal(set) var stage: Stage
    /// The movement as launched and last amended; nil before the launch.
    public internal(set) var details: MovementDetails?
    public internal(set) var launchedOn: LocalDate?
    /// How many times it was amended.
    public internal(set) var amendments: Int
    public internal(set) var closedOn: LocalDate?
    /// Why it closed before its last day; nil when it closed at or after its end.
    public internal(set) var closeReason: String?

    public init(stage: Stage = .notLaunched, details: MovementDetails? = nil, launchedOn: LocalDate? = nil, amendments: Int = 0,
                closedOn: LocalDate? = nil, closeReason: String? = nil) {
        self.stage = stage
        self.details = details
        self.launchedOn = launchedOn
        self.amendments = amendments
        self.closedOn = closedOn
        self.closeReason = closeReason
    }

    /// How many years before a year a movement still running in it may have started: longer than
    /// any movement the sector runs (its longest are five-year plans).
    public static let longestRunInYears = 20

    /// Whether the launched movement ran on some day from `from` to `to`: it started by `to` and
    /// neither ended nor was closed before `from`.
    public func ran(from: LocalDate, to: LocalDate) -> Bool {
        guard let details else { return false }
        let end = min(details.to, closedOn ?? details.to)
        return details.from <= to && end >= from
    }

    /// Whether the launched movement ran on some day of `year`.
    public func ran(in year: Int) -> Bool {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return false }
        return ran(from: first, to: last)
    }

    /// Whether units may respond on `day`: launched, not closed, and its last day not past.
    public func takesResponses(on day: LocalDate) -> Bool {
        guard stage == .running, let details else { return false }
        return day <= details.to
    }
}

/// What a movement is: who launched it and by which document, its period, goals and criteria,
/// and the anniversary it celebrates, if any.
public struct MovementDetails: Sendable, Equatable, Codable {
    /// The name, in Vietnamese as launched (e.g. "Thi đua lập thành tích chào mừng kỷ niệm 60 năm…").
    public let name: String
    /// The unit of the organisation whose movement it is; its units respond to it.
    public let authority: String
    /// The launching decision or plan, by number and date (e.g. "Kế hoạch 09/KH-VKSTC ngày 10/01/2020").
    public let decision: String
    /// The first and last day of the movement.
    public let from: LocalDate
    public let to: LocalDate
    public let goals: [String]
    public let criteria: [String]
    /// The anniversary it is tied to (e.g. "60 năm thành lập ngành KSND (26/7/1960-26/7/2020)").
    public let anniversary: String?

    public init(name: String, authority: String, decision: String, from: LocalDate, to: LocalDate, goals: [String],
                criteria: [String], anniversary: String? = nil) {
        self.name = name
        self.authority = authority
        self.decision = decision
        self.from = from
        self.to = to
        self.goals = goals
        self.criteria = criteria
        self.anniversary = anniversary
    }
}

/// Commands on a movement.
public enum MovementCommand: Sendable, Equatable {
    case launch(MovementDetails)
    /// New details replacing the old, for `reason`; the authority stays.
    case amend(MovementDetails, reason: String)
    /// Closes the movement; a reason is needed before its last day.
    case close(reason: String?)
}

/// Events of a movement. Who acted is in each event's metadata.
public enum MovementEvent: Sendable, Equatable, DomainEvent {
    case launched(MovementLaunched)
    case amended(MovementAmended)
    case closed(MovementClosed)

    public var storedPayload: any EventPayload {
        switch self {
        case .launched(let payload): payload
        case .amended(let payload): payload
        case .closed(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case MovementLaunched.type: self = .launched(try MovementLaunched(from: decoder))
        case MovementAmended.type: self = .amended(try MovementAmended(from: decoder))
        case MovementClosed.type: self = .closed(try MovementClosed(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `movement.launched`: the movement as launched.
public struct MovementLaunched: EventPayload {
    public static let type = "movement.launched"
    public static let schemaVersion = 1
    public let details: MovementDetails
    public let launchedOn: LocalDate
}

/// `movement.amended`: the movement's details from now on, and why they changed.
public struct MovementAmended: EventPayload {
    public static let type = "movement.amended"
    public static let schemaVersion = 1
    public let details: MovementDetails
    public let reason: String
    public let amendedOn: LocalDate
}

/// `movement.closed`: no more responses; `reason` says why it closed before its last day.
public struct MovementClosed: EventPayload {
    public static let type = "movement.closed"
    public static let schemaVersion = 1
    public let closedOn: LocalDate
    public let reason: String?
}
