import Workflow

/// The person running a command, as the API reads them from the token.
public struct Actor: Sendable, Equatable {
    public let id: String
    public let roles: Set<String>
    /// The actor's unit; a `unit_officer` may only act on nominations of this unit.
    public let unit: String

    public init(id: String, roles: Set<String>, unit: String) {
        self.id = id
        self.roles = roles
        self.unit = unit
    }
}

/// A title the nominee already holds, from the nominee's awards (`NomineeAwards`).
public struct HeldTitle: Sendable, Equatable, Codable {
    public let title: String
    public let year: Int
    /// Whether it was given by an ad hoc award, which may not count toward higher awards.
    public let wasAdHoc: Bool
    /// Whether it was given by a thematic award (one for an emulation movement), which may not
    /// count toward higher awards either.
    public let wasThematic: Bool

    public init(title: String, year: Int, wasAdHoc: Bool, wasThematic: Bool = false) {
        self.title = title
        self.year = year
        self.wasAdHoc = wasAdHoc
        self.wasThematic = wasThematic
    }
}

/// A recognised initiative or research result of the nominee.
public struct RecognisedInitiative: Sendable, Equatable, Codable {
    public let year: Int
    public let scope: InitiativeScope

    public init(year: Int, scope: InitiativeScope) {
        self.year = year
        self.scope = scope
    }
}

/// The nominee's earlier titles (from their awards stream) and declared initiatives, filled in by
/// the caller before `decide`.
public struct NomineeHistory: Sendable, Equatable {
    public let titles: [HeldTitle]
    public let initiatives: [RecognisedInitiative]

    public init(titles: [HeldTitle] = [], initiatives: [RecognisedInitiative] = []) {
        self.titles = titles
        self.initiatives = initiatives
    }
}

/// How much of a unit's cap for a title is already used, for the `within_cap` guard.
public struct CapUsage: Sendable, Equatable {
    /// What the share applies to, as the rule names it: the unit's headcount in the year, or its
    /// advanced workers of the year.
    public let base: Int
    /// Places of the quota (the unit, title and year) taken by other nominations.
    public let alreadyAccepted: Int

    public init(base: Int, alreadyAccepted: Int) {
        self.base = base
        self.alreadyAccepted = alreadyAccepted
    }
}

/// Everything `decide` may consult besides the nomination itself. It holds values, not services,
/// so deciding stays pure and replayable: the caller loads what is needed first.
public struct DecisionContext: Sendable {
    /// Today's date in Vietnam, from the caller's clock.
    public let today: LocalDate
    public let actor: Actor
    public let configuration: DomainConfiguration
    /// The nominee's earlier titles and initiatives (used by `submit`).
    public let history: NomineeHistory
    /// The nominee's registration, rating and other nominations of the year (used by `submit`).
    public let nomineeYear: NomineeYear
    /// The unit's cap usage for the title (used by `accept` where the workflow has `within_cap`).
    public let capUsage: CapUsage?
    /// The council session the command refers to (used by `schedule_for_council`,
    /// `record_council_result`, and `reschedule` for the session it moves to); sessions are their
    /// own aggregate, see `CouncilSession`.
    public let session: CouncilSession?
    /// The delegation in force today from the head of the actor's unit to the actor, when the
    /// actor is a deputy head: the actor then also acts as the head, and the head's decisions
    /// say who signed for whom.
    public let delegation: DelegationGranted?
    /// The emulation movement a submission names as the one its award rewards (used by `submit`);
    /// nil when it names none, a movement never launched when it names an unknown one.
    public let movement: Movement?
    /// The year's head unit of the cluster or bloc whose ranking a submission comes from (used
    /// by `submit` with a ranking place): the one unit that proposes from it.
    public let rankingHead: String?

    public init(
        today: LocalDate, actor: Actor, configuration: DomainConfiguration,
        history: NomineeHistory = NomineeHistory(), nomineeYear: NomineeYear = NomineeYear(), capUsage: CapUsage? = nil,
        session: CouncilSession? = nil, delegation: DelegationGranted? = nil, movement: Movement? = nil, rankingHead: String? = nil
    ) {
        self.movement = movement
        self.rankingHead = rankingHead
        self.today = today
        self.actor = actor
        self.configuration = configuration
        self.history = history
        self.nomineeYear = nomineeYear
        self.capUsage = capUsage
        self.session = session
        self.delegation = delegation
    }

    /// The roles the actor acts in: their own, and the head's under a delegation to them in force
    /// today from the head of their own unit.
    var actingRoles: Set<String> { actor.roles(under: delegation) }

    /// Who signed for whom, when the actor runs a head's command as a deputy under a delegation.
    func signedOnBehalf(acting: Set<String>) -> SignedOnBehalf? {
        guard acting.contains(Nomination.headOfAgency), !actor.roles.contains(Nomination.headOfAgency), let delegation else {
            return nil
        }
        return SignedOnBehalf(deputy: delegation.deputy, forHeadOf: delegation.unit, delegation: delegation.decision.number)
    }
}
