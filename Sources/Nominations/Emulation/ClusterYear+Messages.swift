import Workflow

/// Commands on a cluster's or bloc's year. `reason` is needed once the year was sent to the
/// standing office, and ignored when blank before.
public enum ClusterYearCommand: Sendable, Equatable {
    /// The standing office records the year's head unit, one of the members.
    case recordHead(unit: String, reason: String?)
    /// The head unit draws up the programme, or replaces it whole.
    case drawUpProgramme(items: [String], text: String, reason: String?)
    /// A member's officer signs the member's own commitments and targets in the pact, or signs new ones.
    case signPact(unit: String, commitments: [String], targets: [String], reason: String?)
    /// The head unit gathers the members' registrations as they are, listing the members without one.
    case gatherRegistrations(reason: String?)
    /// The head unit sends the programme, the pact and the registrations to the standing office.
    case send(reason: String?)
    /// The head unit proposes the units its final ranking names for the table's titles, each as
    /// a nomination submitted in the same append.
    case propose(ProposalBasis)

    var reason: String? {
        switch self {
        case .recordHead(_, let reason), .drawUpProgramme(_, _, let reason), .signPact(_, _, _, let reason),
             .gatherRegistrations(let reason), .send(let reason):
            reason.flatMap { $0.isBlank ? nil : $0 }
        case .propose:
            nil
        }
    }
}

/// One member's registration for the year as the decision reads it: the version of its stream
/// (0: none) and whether it registers anything.
public struct MemberRegistration: Sendable, Equatable {
    public let version: Int64
    public let isRegistered: Bool

    public init(version: Int64, registration: EmulationRegistration) {
        self.version = version
        isRegistered = version > 0 && !registration.isEmpty
    }
}

/// What a cluster year's decision reads besides the year: who acts, today, the configuration,
/// which cluster and year, and (to gather them) the members' registrations of the year.
public struct ClusterYearContext: Sendable {
    public let command: CommandContext
    public let key: GroupYear
    /// By member; read only to gather them.
    public let registrations: [String: MemberRegistration]

    public init(command: CommandContext, key: GroupYear, registrations: [String: MemberRegistration] = [:]) {
        self.command = command
        self.key = key
        self.registrations = registrations
    }
}

/// Events of a cluster's or bloc's year. Who acted is in each event's metadata; `reason` is
/// given after the year was sent.
public enum ClusterYearEvent: Sendable, Equatable, DomainEvent {
    case headRecorded(ClusterHeadRecorded)
    case programmeDrawnUp(ClusterProgrammeDrawnUp)
    case pactSigned(ClusterPactSigned)
    case registrationsGathered(ClusterRegistrationsGathered)
    case sent(ClusterYearSent)
    case proposed(ClusterProposalsMade)

    public var storedPayload: any EventPayload {
        switch self {
        case .headRecorded(let payload): payload
        case .programmeDrawnUp(let payload): payload
        case .pactSigned(let payload): payload
        case .registrationsGathered(let payload): payload
        case .sent(let payload): payload
        case .proposed(let payload): payload
        }
    }

    /// The unit the event is about (the head recorded, the member that signed) and the reason
    /// given, as the year's history shows them.
    public var subject: (unit: String?, reason: String?) {
        switch self {
        case .headRecorded(let event): (event.unit, event.reason)
        case .programmeDrawnUp(let event): (nil, event.reason)
        case .pactSigned(let event): (event.unit, event.reason)
        case .registrationsGathered(let event): (nil, event.reason)
        case .sent(let event): (nil, event.reason)
        case .proposed: (nil, nil)
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case ClusterHeadRecorded.type: self = .headRecorded(try ClusterHeadRecorded(from: decoder))
        case ClusterProgrammeDrawnUp.type: self = .programmeDrawnUp(try ClusterProgrammeDrawnUp(from: decoder))
        case ClusterPactSigned.type: self = .pactSigned(try ClusterPactSigned(from: decoder))
        case ClusterRegistrationsGathered.type: self = .registrationsGathered(try ClusterRegistrationsGathered(from: decoder))
        case ClusterYearSent.type: self = .sent(try ClusterYearSent(from: decoder))
        case ClusterProposalsMade.type: self = .proposed(try ClusterProposalsMade(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `cluster_year.head_recorded`: the year's head unit, and the one it replaces (nil: the file's).
public struct ClusterHeadRecorded: EventPayload {
    public static let type = "cluster_year.head_recorded"
    public static let schemaVersion = 1
    public let group: String
    public let year: Int
    public let unit: String
    public let previous: String?
    public let reason: String?
    public let recordedOn: LocalDate
}

/// `cluster_year.programme_drawn_up`: the programme from now on, drawn up by `headUnit`.
public struct ClusterProgrammeDrawnUp: EventPayload {
    public static let type = "cluster_year.programme_drawn_up"
    public static let schemaVersion = 1
    public let group: String
    public let year: Int
    public let headUnit: String
    public let programme: ClusterProgramme
    public let reason: String?
    public let drawnUpOn: LocalDate
}

/// `cluster_year.pact_signed`: a member's commitments and targets from now on.
public struct ClusterPactSigned: EventPayload {
    public static let type = "cluster_year.pact_signed"
    public static let schemaVersion = 1
    public let group: String
    public let year: Int
    public let unit: String
    public let commitments: [String]
    public let targets: [String]
    public let reason: String?
    public let signedOn: LocalDate
}

/// `cluster_year.registrations_gathered`: which members' registrations, at which versions, the
/// head unit gathered, and which members had none.
public struct ClusterRegistrationsGathered: EventPayload {
    public static let type = "cluster_year.registrations_gathered"
    public static let schemaVersion = 1
    public let group: String
    public let year: Int
    public let headUnit: String
    public let gathered: [RegistrationGathering.Gathered]
    public let missing: [String]
    public let reason: String?
    public let gatheredOn: LocalDate
}

/// `cluster_year.sent`: the programme, the pact and the registrations sent to the standing
/// office, with the members that had not signed.
public struct ClusterYearSent: EventPayload {
    public static let type = "cluster_year.sent"
    public static let schemaVersion = 1
    public let group: String
    public let year: Int
    public let headUnit: String
    public let unsigned: [String]
    public let reason: String?
    public let sentOn: LocalDate
}

/// `cluster_year.proposed`: the units the year's final ranking proposed, each with its title,
/// place and nomination, and the ranking's version they come from.
public struct ClusterProposalsMade: EventPayload {
    public static let type = "cluster_year.proposed"
    public static let schemaVersion = 1
    public let group: String
    public let year: Int
    public let headUnit: String
    public let rankingVersion: Int64
    public let proposals: [RankingProposal]
    public let proposedOn: LocalDate
}
