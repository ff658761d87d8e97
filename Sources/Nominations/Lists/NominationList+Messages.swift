import Workflow

/// Commands on a year-end list.
public enum NominationListCommand: Sendable, Equatable {
    /// A unit officer sends `unit`'s list of nominations for `year` (their submissions are the
    /// batch's own commands).
    case submit(listID: String, unit: String, year: Int, nominations: [String])
    /// The standing office takes in the rows of these nominations.
    case takeIn(listID: String, nominations: [String])
    /// The standing office returns the rows of these nominations for amendment.
    case returnRows(listID: String, nominations: [String])

    public var listID: String {
        switch self {
        case .submit(let listID, _, _, _), .takeIn(let listID, _), .returnRows(let listID, _): listID
        }
    }
}

/// Events of a year-end list.
public enum NominationListEvent: Sendable, Equatable, DomainEvent {
    case submitted(NominationListSubmitted)
    case takenIn(NominationListTakenIn)
    case rowsReturned(NominationListRowsReturned)

    public var storedPayload: any EventPayload {
        switch self {
        case .submitted(let payload): payload
        case .takenIn(let payload): payload
        case .rowsReturned(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case NominationListSubmitted.type: self = .submitted(try NominationListSubmitted(from: decoder))
        case NominationListTakenIn.type: self = .takenIn(try NominationListTakenIn(from: decoder))
        case NominationListRowsReturned.type: self = .rowsReturned(try NominationListRowsReturned(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `nomination_list.submitted`: the list and its nominations in row order. Who sent it is in the
/// event's metadata; each nomination's own `nomination.submitted` is appended with it.
public struct NominationListSubmitted: EventPayload {
    public static let type = "nomination_list.submitted"
    public static let schemaVersion = 1
    public let listID: String
    public let unit: String
    public let year: Int
    public let nominations: [String]
    public let submittedOn: LocalDate
}

/// `nomination_list.taken_in`: the standing office took these rows in, in one command.
public struct NominationListTakenIn: EventPayload {
    public static let type = "nomination_list.taken_in"
    public static let schemaVersion = 1
    public let listID: String
    public let nominations: [String]
}

/// `nomination_list.rows_returned`: the standing office returned these rows for amendment, in one
/// command (each nomination's own event carries its reasons).
public struct NominationListRowsReturned: EventPayload {
    public static let type = "nomination_list.rows_returned"
    public static let schemaVersion = 1
    public let listID: String
    public let nominations: [String]
}
