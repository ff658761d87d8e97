import Workflow

/// A member of an emulation-commendation council.
public struct CouncilMember: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    /// The member's own unit, for recusal where the rule set extends it to the nominee's unit.
    public let unit: String

    public init(id: String, name: String, unit: String) {
        self.id = id
        self.name = name
        self.unit = unit
    }
}

/// A declared conflict of interest: the member does not vote on that nomination.
public struct Recusal: Sendable, Equatable, Codable {
    public let memberID: String
    public let nominationID: String
    public let reason: String
}

/// A sitting of a council, its own aggregate.
///
/// Design: the session is decided and evolved separately from nominations (its own commands and
/// events, `council.*`), and a snapshot of it is passed in `DecisionContext.session` when a
/// nomination is scheduled or its tally recorded. The nomination's decision can then check the
/// quorum and recusals without the two aggregates writing to each other.
public struct CouncilSession: Sendable, Equatable, Codable {
    public let id: String
    /// The unit whose council sits (for example the Supreme People's Procuracy).
    public let council: String
    public let date: LocalDate
    /// The whole council on the session's date; its count is the total membership thresholds refer to.
    public let members: [CouncilMember]
    /// IDs of the members present.
    public let present: [String]
    public let chairID: String
    /// What the membership rests on: the organisation file or a recorded decision; nil for
    /// sessions convened before changes of membership were recorded (the organisation's).
    public let membershipBasis: MembershipBasis?
    public internal(set) var recusals: [Recusal]
    public internal(set) var isClosed: Bool

    /// The council's total membership.
    public var totalMembership: Int { members.count }

    /// The member with `id`, if on the council.
    public func member(_ id: String) -> CouncilMember? {
        members.first { $0.id == id }
    }
}

extension CouncilSession: Decider {
    /// Before it is convened a session does not exist.
    public static let initialState: CouncilSession? = nil
}

/// What a council session command is decided with: who acts, the configuration (the
/// organisation's councils, the rule sets), and the recorded changes of membership of the council
/// a session is convened for.
public struct CouncilSessionContext: Sendable {
    public let actor: Actor
    public let configuration: DomainConfiguration
    /// The changes of membership of the council `convene` names; only that council's are used.
    public let membership: CouncilMembership

    public init(actor: Actor, configuration: DomainConfiguration, membership: CouncilMembership = .initialState) {
        self.actor = actor
        self.configuration = configuration
        self.membership = membership
    }
}
