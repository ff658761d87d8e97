import Workflow

/// Commands on a council's membership. Only the standing office of a unit covering the council runs them.
public enum CouncilMembershipCommand: Sendable, Equatable {
    /// Records the decision that changed the council of the unit `council`: from the decision's
    /// effective date its membership is `members`, each with their role (one `chair`, at least one
    /// `standing_member`), replacing the whole list.
    case recordChange(council: String, decision: MembershipDecision, members: [CouncilSeat])

    /// The unit whose council the command changes: its stream's id.
    public var council: String {
        switch self {
        case .recordChange(let council, _, _): council
        }
    }
}

/// The decision (quyết định) that changed a council's membership, as it is written.
public struct MembershipDecision: Sendable, Equatable, Codable {
    /// Its number, for example `45/QĐ-VKSTC`.
    public let number: String
    /// The day it was signed.
    public let date: LocalDate
    /// Who signed it, as the signature reads (for a deputy: `KT. VIỆN TRƯỞNG / PHÓ VIỆN TRƯỞNG …`).
    public let signedBy: String
    /// The day the new membership takes effect: sessions held from that day count against it.
    public let effectiveFrom: LocalDate

    public init(number: String, date: LocalDate, signedBy: String, effectiveFrom: LocalDate) {
        self.number = number
        self.date = date
        self.signedBy = signedBy
        self.effectiveFrom = effectiveFrom
    }
}

/// Events of a council's membership.
public enum CouncilMembershipEvent: Sendable, Equatable, DomainEvent {
    case changed(CouncilMembershipChanged)

    public var storedPayload: any EventPayload {
        switch self {
        case .changed(let payload): payload
        }
    }

    /// The stable type name, `council_membership.changed`.
    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    /// Decodes a stored payload of the given type.
    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case CouncilMembershipChanged.type: self = .changed(try CouncilMembershipChanged(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `council_membership.changed`: from the decision's effective date the council's membership is
/// `members`. Who recorded it is in the event's metadata.
public struct CouncilMembershipChanged: EventPayload {
    public static let type = "council_membership.changed"
    public static let schemaVersion = 1
    /// The unit whose council changed.
    public let council: String
    public let decision: MembershipDecision
    /// The whole new membership with each member's role, as the organisation file lists a council's.
    public let members: [CouncilSeat]

    public init(council: String, decision: MembershipDecision, members: [CouncilSeat]) {
        self.council = council
        self.decision = decision
        self.members = members
    }
}
