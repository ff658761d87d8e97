import Workflow

/// Commands on a unit head's delegations.
public enum DelegationCommand: Sendable, Equatable {
    /// Records the decision by which the head of `unit` lets a deputy sign in the head's place.
    case grant(unit: String, decision: DelegationDecision, deputy: Deputy, validFrom: LocalDate, validUntil: LocalDate?)
    /// Ends the delegation granted by decision `number` of `year` from `endedOn` on, with the
    /// reason. Without a year: the one delegation under that number neither ended nor past its
    /// period (numbers start from 1 again every year, so two years' delegations may share one).
    case end(unit: String, number: String, year: Int? = nil, endedOn: LocalDate, reason: String)

    /// The unit whose head delegates: its stream's id.
    public var unit: String {
        switch self {
        case .grant(let unit, _, _, _, _), .end(let unit, _, _, _, _): unit
        }
    }
}

/// The decision (quyết định) delegating the head's signature, as it is written.
public struct DelegationDecision: Sendable, Equatable, Codable {
    /// Its number, for example `12/QĐ-VKSND`.
    public let number: String
    /// The day it was signed.
    public let date: LocalDate
    /// Who signed it, as the signature reads.
    public let signedBy: String

    public init(number: String, date: LocalDate, signedBy: String) {
        self.number = number
        self.date = date
        self.signedBy = signedBy
    }
}

/// The deputy a delegation names: the id their token carries as its subject.
public struct Deputy: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    /// For example `Phó Viện trưởng`.
    public let position: String

    public init(id: String, name: String, position: String) {
        self.id = id
        self.name = name
        self.position = position
    }
}

/// Who signed a head's decision in the head's place, carried by the decision's event.
public struct SignedOnBehalf: Sendable, Equatable, Codable {
    /// The deputy who signed.
    public let deputy: Deputy
    /// The unit whose head the deputy signed for.
    public let forHeadOf: String
    /// The delegation's decision number.
    public let delegation: String

    public init(deputy: Deputy, forHeadOf unit: String, delegation: String) {
        self.deputy = deputy
        self.forHeadOf = unit
        self.delegation = delegation
    }

    /// How the signature reads: "KT. head / deputy's position name (delegation N)".
    public var words: String {
        "signed for the head of \(forHeadOf) by \(deputy.position) \(deputy.name) under delegation \(delegation)"
    }
}

/// Events of a unit head's delegations.
public enum DelegationEvent: Sendable, Equatable, DomainEvent {
    case granted(DelegationGranted)
    case ended(DelegationEnded)

    public var storedPayload: any EventPayload {
        switch self {
        case .granted(let payload): payload
        case .ended(let payload): payload
        }
    }

    /// The stable type name, `delegation.granted` or `delegation.ended`.
    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    /// Decodes a stored payload of the given type.
    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case DelegationGranted.type: self = .granted(try DelegationGranted(from: decoder))
        case DelegationEnded.type: self = .ended(try DelegationEnded(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `delegation.granted`: from `valid_from` (through `valid_until`, if given) the deputy signs the
/// head of `unit`'s decisions. Who recorded it is in the event's metadata.
public struct DelegationGranted: EventPayload {
    public static let type = "delegation.granted"
    public static let schemaVersion = 1
    public let unit: String
    public let decision: DelegationDecision
    public let deputy: Deputy
    public let validFrom: LocalDate
    public let validUntil: LocalDate?

    public init(unit: String, decision: DelegationDecision, deputy: Deputy, validFrom: LocalDate, validUntil: LocalDate?) {
        self.unit = unit
        self.decision = decision
        self.deputy = deputy
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}

/// `delegation.ended`: the delegation granted by decision `number` is not in force from `ended_on`.
public struct DelegationEnded: EventPayload {
    public static let type = "delegation.ended"
    public static let schemaVersion = 1
    public let unit: String
    public let number: String
    /// The year of the decision that granted the delegation; absent from endings recorded before
    /// a number named a decision only with its year, each of which ended the one delegation
    /// recorded under its number.
    public let year: Int?
    public let endedOn: LocalDate
    public let reason: String

    public init(unit: String, number: String, year: Int?, endedOn: LocalDate, reason: String) {
        self.unit = unit
        self.number = number
        self.year = year
        self.endedOn = endedOn
        self.reason = reason
    }
}
