import Workflow

/// Commands on award decisions.
public enum AwardDecisionCommand: Sendable, Equatable {
    /// Issues `decision`; its listed nominations are approved in the same append.
    case issue(AwardDecision)
    /// Records that decision `by` corrects this one.
    case markCorrected(by: String, reason: String)
}

/// `award_decision.issued`: the whole decision as signed.
public struct AwardDecisionIssued: EventPayload {
    public static let type = "award_decision.issued"
    public static let schemaVersion = 1
    public let decision: AwardDecision
}

/// `award_decision.corrected`: a later decision corrects this one.
public struct AwardDecisionCorrected: EventPayload {
    public static let type = "award_decision.corrected"
    public static let schemaVersion = 1
    public let by: String
    public let reason: String
}

/// Events of an award decision.
public enum AwardDecisionEvent: Sendable, Equatable, DomainEvent {
    case issued(AwardDecisionIssued)
    case corrected(AwardDecisionCorrected)

    public var storedPayload: any EventPayload {
        switch self {
        case .issued(let payload): payload
        case .corrected(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case AwardDecisionIssued.type: self = .issued(try AwardDecisionIssued(from: decoder))
        case AwardDecisionCorrected.type: self = .corrected(try AwardDecisionCorrected(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

extension AwardDecision: Decider {
    public typealias State = AwardDecision?

    public static let initialState: AwardDecision? = nil

    /// Who issues a decision: the head of the authority (a deputy under a delegation acts as the head).
    public static let roles: Set<String> = [Nomination.headOfAgency]

    public static func evolve(_ decision: AwardDecision?, _ event: AwardDecisionEvent) -> AwardDecision? {
        switch event {
        case .issued(let issued): return issued.decision
        case .corrected(let corrected):
            guard var decision else { return nil }
            decision.correctedBy = corrected.by
            return decision
        }
    }

    /// The decision as a whole: issued once, by the head of its authority, with its content
    /// complete; a correction cites a decision of the same authority not corrected yet. Each
    /// listed nomination's approval is decided on the nomination itself.
    public static func decide(
        _ command: AwardDecisionCommand, _ decision: AwardDecision?, _ context: DecisionContext
    ) throws(DomainError) -> [AwardDecisionEvent] {
        switch command {
        case .issue(let issued):
            // Its id is its number: a decision there already took the number, after the register was read.
            if let decision { throw DomainError(.decisionNumberTaken, "decision \(decision.number) is already issued") }
            let acting = context.actingRoles.intersection(roles)
            guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only the head of \(issued.authority) issues its decisions") }
            guard context.actor.unit == issued.authority else {
                throw DomainError(.authorityNotAllowed, "the head of \(context.actor.unit) does not sign the decisions of \(issued.authority)")
            }
            guard issued.date <= context.today else {
                throw DomainError(.invalidCommand, "a decision is dated today (\(context.today)) or earlier, not \(issued.date)")
            }
            guard issued.corrects != nil || !issued.awardees.isEmpty else {
                throw DomainError(.invalidCommand, "a decision awards at least one nomination, or corrects an earlier decision")
            }
            guard !issued.subject.isBlank, !issued.signer.name.isBlank, !issued.place.isBlank else {
                throw DomainError(.invalidCommand, "a decision has its subject, place and signer")
            }
            if issued.corrects != nil, issued.correction?.isBlank ?? true {
                throw DomainError(.invalidCommand, "a correcting decision says what it corrects and why")
            }
            // A deputy signs on the head's behalf, and the signature says so.
            let signer = DecisionSigner(name: issued.signer.name, position: issued.signer.position,
                                        signedOnBehalf: context.signedOnBehalf(acting: acting))
            return [.issued(AwardDecisionIssued(decision: issued.signed(by: signer)))]
        case let .markCorrected(by, reason):
            guard let decision else { throw DomainError(.decisionNotFound, "the decision to correct does not exist") }
            if let earlier = decision.correctedBy {
                throw DomainError(.invalidCommand, "decision \(decision.number) was corrected by \(earlier) already: correct that one")
            }
            return [.corrected(AwardDecisionCorrected(by: by, reason: reason))]
        }
    }
}
