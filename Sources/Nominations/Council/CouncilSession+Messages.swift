import Workflow

/// Commands on a council session. Only the council secretary and the standing office run them.
public enum CouncilSessionCommand: Sendable, Equatable, Codable {
    /// Opens a sitting of the council of the unit `council`, as constituted on `date` (the
    /// organisation's membership, or the last recorded change in force that day): who of its
    /// members is present, and who chairs (the council's chair when nil).
    case convene(sessionID: String, council: String, date: LocalDate, present: [String], chairID: String?)
    /// Records that a member does not vote on a nomination (conflict of interest).
    case recuseMember(sessionID: String, memberID: String, nominationID: String, reason: String)
    /// Ends the sitting; no more tallies may be recorded against it.
    case close(sessionID: String)

    /// The session the command addresses.
    public var sessionID: String {
        switch self {
        case .convene(let id, _, _, _, _), .recuseMember(let id, _, _, _), .close(let id): return id
        }
    }
}

/// Events of a council session.
public enum CouncilSessionEvent: Sendable, Equatable, DomainEvent {
    case convened(CouncilConvened)
    case memberRecused(CouncilMemberRecused)
    case closed(CouncilClosed)

    /// The payload, for the event store.
    public var payload: any EventPayload {
        switch self {
        case .convened(let payload): return payload
        case .memberRecused(let payload): return payload
        case .closed(let payload): return payload
        }
    }

    public var storedPayload: any EventPayload { payload }

    /// The stable type name, for example `council.convened`.
    public var type: String { Swift.type(of: payload).type }
    public var schemaVersion: Int { Swift.type(of: payload).schemaVersion }

    /// Decodes a stored payload of the given type.
    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case CouncilConvened.type: self = .convened(try CouncilConvened(from: decoder))
        case CouncilMemberRecused.type: self = .memberRecused(try CouncilMemberRecused(from: decoder))
        case CouncilClosed.type: self = .closed(try CouncilClosed(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

extension CouncilSessionEvent: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        let type = try container.decode(String.self, forKey: .type)
        try self.init(type: type, payloadDecoder: try container.superDecoder(forKey: .payload))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try payload.encode(to: container.superEncoder(forKey: .payload))
    }
}

/// `council.convened`
public struct CouncilConvened: EventPayload {
    public static let type = "council.convened"
    public static let schemaVersion = 1
    public let sessionID: String
    public let council: String
    public let date: LocalDate
    public let members: [CouncilMember]
    public let present: [String]
    public let chairID: String
    /// What `members` rests on: the organisation file or the decision that changed the council.
    ///
    /// Optional, with the schema version unchanged: sessions convened before changes of
    /// membership were recorded have no such key and took the organisation's membership.
    public let membershipBasis: MembershipBasis?

    public init(
        sessionID: String, council: String, date: LocalDate, members: [CouncilMember], present: [String], chairID: String,
        membershipBasis: MembershipBasis?
    ) {
        self.sessionID = sessionID
        self.council = council
        self.date = date
        self.members = members
        self.present = present
        self.chairID = chairID
        self.membershipBasis = membershipBasis
    }
}

/// `council.member_recused`
public struct CouncilMemberRecused: EventPayload {
    public static let type = "council.member_recused"
    public static let schemaVersion = 1
    public let sessionID: String
    public let memberID: String
    public let nominationID: String
    public let reason: String
}

/// `council.closed`
public struct CouncilClosed: EventPayload {
    public static let type = "council.closed"
    public static let schemaVersion = 1
    public let sessionID: String
}

extension CouncilSessionCommand {
    /// The reason a person gave with the command, kept in the event's metadata for auditors.
    public var reason: String? {
        guard case .recuseMember(_, _, _, let reason) = self else { return nil }
        return reason
    }
}
