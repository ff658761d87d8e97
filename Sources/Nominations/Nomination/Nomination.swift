import Workflow

/// The current state of one nomination, folded from its events by `Nomination.evolve`.
///
/// Read models and the API can use it directly, for example to ask which commands a role may run next.
public struct Nomination: Sendable, Equatable, Codable {
    /// A hold that is in force.
    public struct Hold: Sendable, Equatable, Codable {
        public let id: String
        public let kind: String
        public let reference: String
        public let placedOn: LocalDate
    }

    /// A comment from the public consultation.
    public struct Comment: Sendable, Equatable, Codable {
        public let commenter: String
        public let comment: String
        public let receivedOn: LocalDate
    }

    /// The public consultation, once opened.
    public struct Consultation: Sendable, Equatable, Codable {
        public let opensOn: LocalDate
        /// The last day of the period.
        public let closesOn: LocalDate
        public internal(set) var comments: [Comment]
        public internal(set) var isClosed: Bool
    }

    /// A decision on the award (the agency's own or the higher authority's).
    public struct Decision: Sendable, Equatable, Codable {
        public let authority: String?
        public let number: String
        public let date: LocalDate
        public let outcome: HigherOutcome
    }

    public let id: String
    public let kind: String
    public let title: String
    public let titleName: String
    public let year: Int
    public internal(set) var nominee: Nominee
    /// The emulation movement the award rewards (a thematic award); nil for none.
    public let movement: String?
    /// The cluster's or bloc's ranking place it was proposed from; nil for a unit's own submission.
    public let ranking: RankingLink?
    public internal(set) var achievementSummary: String
    public internal(set) var documents: [DossierDocument]
    /// The rule set in force on the submission date, kept to the end.
    public let ruleSetVersion: String
    /// The workflow version the nomination was submitted under, kept to the end.
    public let workflowVersion: Int
    public let submittedOn: LocalDate
    /// The workflow state.
    public internal(set) var state: String
    public internal(set) var stageEnteredOn: LocalDate
    public internal(set) var stageDeadline: LocalDate?
    public internal(set) var holds: [Hold]
    /// While a hold is in force, the day the pause began: the day a hold was placed while none
    /// was in force (holds placed since overlap that pause). The stage's clock has been stopped
    /// since the end of that day; lifting the last hold moves the deadline by the working days
    /// held (`NominationHoldLifted.stageDeadline`). Nil while no hold is in force.
    public internal(set) var pausedSince: LocalDate?
    public internal(set) var returnReasons: [String]
    public internal(set) var consultation: Consultation?
    /// The session whose agenda the nomination is on, or that last reviewed it; nil before it is
    /// scheduled and after it is taken off an agenda (`unschedule`).
    public internal(set) var councilSessionID: String?
    /// The latest council result; a second council level replaces the first.
    public internal(set) var councilResult: CouncilResult?
    public internal(set) var forwardedTo: String?
    public internal(set) var decision: Decision?
    public internal(set) var rejectionReasons: [String]
    public internal(set) var withdrawalReason: String?
    public internal(set) var revocation: NominationRevoked?

    /// Whether a hold currently blocks progress.
    public var isOnHold: Bool { !holds.isEmpty }

    /// The commands an actor with `roles` may attempt next, from the pinned workflow version.
    ///
    /// Guards (dossier, threshold, consultation period…) are not evaluated here; `decide` explains
    /// a refusal with its error code.
    public func availableCommands(for roles: Set<String>, workflows: WorkflowRegistry) -> [String] {
        guard let definition = workflows.definition(kind: kind, version: workflowVersion) else { return [] }
        return definition.availableCommands(from: state, roles: roles, holdActive: isOnHold)
    }
}

extension Nomination: Decider {
    /// Before its submission a nomination does not exist.
    public static let initialState: Nomination? = nil
}
