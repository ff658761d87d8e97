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

    /// The stored fields, shared by copies of a nomination until one of them changes (copy on
    /// write). A nomination is 1,280 bytes holding some forty counted references, and a batch
    /// hands each of its nominations on many times (kept, read, decided, evolved, answered): in a
    /// profile of a year-end agenda those copies led the client's CPU (moving the bytes, retaining
    /// and releasing each reference), and sharing them took about a tenth off each step's client CPU.
    struct Fields: Sendable, Equatable, Codable {
        var id: String
        var kind: String
        var title: String
        var titleName: String
        var year: Int
        var nominee: Nominee
        var movement: String?
        var ranking: RankingLink?
        var achievementSummary: String
        var documents: [DossierDocument]
        var ruleSetVersion: String
        var workflowVersion: Int
        var submittedOn: LocalDate
        var state: String
        var stageEnteredOn: LocalDate
        var stageDeadline: LocalDate?
        var holds: [Hold]
        var pausedSince: LocalDate?
        var returnReasons: [String]
        var consultation: Consultation?
        var councilSessionID: String?
        var councilResult: CouncilResult?
        var forwardedTo: String?
        var decision: Decision?
        var rejectionReasons: [String]
        var withdrawalReason: String?
        var revocation: NominationRevoked?
    }

    /// Mutated only while one value owns it (see ``fields``), as `Array`'s buffer is.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// The fields to read, or to change once this value has a copy of its own.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    init(fields: Fields) { storage = Storage(fields) }

    public var id: String { storage.fields.id }
    public var kind: String { storage.fields.kind }
    public var title: String { storage.fields.title }
    public var titleName: String { storage.fields.titleName }
    public var year: Int { storage.fields.year }
    public internal(set) var nominee: Nominee {
        get { storage.fields.nominee }
        set { fields.nominee = newValue }
    }
    /// The emulation movement the award rewards (a thematic award); nil for none.
    public var movement: String? { storage.fields.movement }
    /// The cluster's or bloc's ranking place it was proposed from; nil for a unit's own submission.
    public var ranking: RankingLink? { storage.fields.ranking }
    public internal(set) var achievementSummary: String {
        get { storage.fields.achievementSummary }
        set { fields.achievementSummary = newValue }
    }
    public internal(set) var documents: [DossierDocument] {
        get { storage.fields.documents }
        set { fields.documents = newValue }
    }
    /// The rule set in force on the submission date, kept to the end.
    public var ruleSetVersion: String { storage.fields.ruleSetVersion }
    /// The workflow version the nomination was submitted under, kept to the end.
    public var workflowVersion: Int { storage.fields.workflowVersion }
    public var submittedOn: LocalDate { storage.fields.submittedOn }
    /// The workflow state.
    public internal(set) var state: String {
        get { storage.fields.state }
        set { fields.state = newValue }
    }
    public internal(set) var stageEnteredOn: LocalDate {
        get { storage.fields.stageEnteredOn }
        set { fields.stageEnteredOn = newValue }
    }
    public internal(set) var stageDeadline: LocalDate? {
        get { storage.fields.stageDeadline }
        set { fields.stageDeadline = newValue }
    }
    public internal(set) var holds: [Hold] {
        get { storage.fields.holds }
        set { fields.holds = newValue }
    }
    /// While a hold is in force, the day the pause began: the day a hold was placed while none
    /// was in force (holds placed since overlap that pause). The stage's clock has been stopped
    /// since the end of that day; lifting the last hold moves the deadline by the working days
    /// held (`NominationHoldLifted.stageDeadline`). Nil while no hold is in force.
    public internal(set) var pausedSince: LocalDate? {
        get { storage.fields.pausedSince }
        set { fields.pausedSince = newValue }
    }
    public internal(set) var returnReasons: [String] {
        get { storage.fields.returnReasons }
        set { fields.returnReasons = newValue }
    }
    public internal(set) var consultation: Consultation? {
        get { storage.fields.consultation }
        set { fields.consultation = newValue }
    }
    /// The session whose agenda the nomination is on, or that last reviewed it; nil before it is
    /// scheduled and after it is taken off an agenda (`unschedule`).
    public internal(set) var councilSessionID: String? {
        get { storage.fields.councilSessionID }
        set { fields.councilSessionID = newValue }
    }
    /// The latest council result; a second council level replaces the first.
    public internal(set) var councilResult: CouncilResult? {
        get { storage.fields.councilResult }
        set { fields.councilResult = newValue }
    }
    public internal(set) var forwardedTo: String? {
        get { storage.fields.forwardedTo }
        set { fields.forwardedTo = newValue }
    }
    public internal(set) var decision: Decision? {
        get { storage.fields.decision }
        set { fields.decision = newValue }
    }
    public internal(set) var rejectionReasons: [String] {
        get { storage.fields.rejectionReasons }
        set { fields.rejectionReasons = newValue }
    }
    public internal(set) var withdrawalReason: String? {
        get { storage.fields.withdrawalReason }
        set { fields.withdrawalReason = newValue }
    }
    public internal(set) var revocation: NominationRevoked? {
        get { storage.fields.revocation }
        set { fields.revocation = newValue }
    }

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

extension Nomination {
    public static func == (lhs: Nomination, rhs: Nomination) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Coded as its fields, under the keys they had as stored properties.
    public init(from decoder: any Decoder) throws {
        self.init(fields: try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try storage.fields.encode(to: encoder)
    }
}

extension Nomination: Decider {
    /// Before its submission a nomination does not exist.
    public static let initialState: Nomination? = nil
}
