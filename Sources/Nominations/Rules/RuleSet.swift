import Workflow

/// One dated, versioned set of rules, as declared in `config/rules/`. Every value carries the legal
/// source it comes from, so an explanation can cite it.
///
/// A nomination uses the rule set in force on its submission date and keeps it to the end.
public struct RuleSet: Sendable, Equatable {
    public let version: String
    public let effectiveFrom: LocalDate
    /// The instruments this set implements, as a whole.
    public let source: String
    public let file: String
    public let council: CouncilRules
    public let consultation: ConsultationRule
    public let eligibility: GeneralEligibilityRule
    /// Deadline overrides per kind and state; when absent the workflow file's deadline applies.
    public let stageDeadlines: [String: [String: Int]]
    public let stageDeadlinesSource: String?
    /// When units register their emulation targets for a year; nil where the set says nothing.
    public let registration: RegistrationRule?
    /// Who counts as front-line staff and which collectives as small; nil where the set says
    /// nothing (the submission then states both flags).
    public let shares: ShareDefinitions?
    public let titles: [String: TitleRule]

    /// The rule for `title`, or nil when this set does not know the title.
    public func title(_ id: String) -> TitleRule? { titles[id] }
}

/// Whose conflict of interest keeps a council member from voting on a nomination.
public enum RecusalScope: String, Sendable, Codable {
    /// Only the nominee (when a member) abstains from their own nomination.
    case nominee
    /// The nominee and every member of the nominee's unit, except at the council of that unit
    /// itself, where every member belongs to it and the rule would leave nobody to vote.
    case nomineeAndUnit = "nominee_and_unit"
}

/// How the council works.
public struct CouncilRules: Sendable, Equatable {
    /// Members who must be present, as a share of the total membership.
    public let quorum: Share
    public let recusal: RecusalScope
    /// Whether recused members are taken out of the membership a threshold is computed on.
    public let recusalLowersMembership: Bool
    /// Whether absent members may vote by written opinion.
    public let writtenOpinionsOfAbsent: Bool
    public let source: String
}

/// The public consultation period (Labour Hero proposals).
public struct ConsultationRule: Sendable, Equatable {
    public let workingDays: Int
    public let source: String
}

/// Rules that apply to every title's eligibility.
public struct GeneralEligibilityRule: Sendable, Equatable {
    /// Whether a title received through an ad hoc award counts toward a higher award.
    public let adHocCountsTowardHigherAwards: Bool
    /// Whether a title received through a thematic award (one naming the emulation movement it
    /// rewards) counts toward a higher award.
    public let thematicCountsTowardHigherAwards: Bool
    public let source: String
}

/// Individual or collective nominee.
public enum NomineeType: String, Sendable, Codable, CaseIterable {
    case individual
    case collective
}

/// The rules for one title or form of commendation.
public struct TitleRule: Sendable, Equatable {
    public let id: String
    /// The official name, in Vietnamese.
    public let name: String
    /// The workflow kind (`ad_hoc`, `annual`, `labour_hero`).
    public let kind: String
    /// Who may receive it; nil when both individuals and collectives may.
    public let nomineeType: NomineeType?
    public let vote: VoteRule?
    public let dossier: DossierRule
    public let eligibility: TitleEligibilityRule?
    public let cap: CapRule?
    /// Whether a nominee must have been registered for the title and year (đăng ký thi đua).
    public let registration: TitleRegistrationRule?
    /// Which council reviews the title and who decides it.
    public let authority: AuthorityRule
    /// For a title awarded on years of service (the commemorative medal): the years and what
    /// does not count; nil for every other title.
    public let service: ServiceRule?
}

/// A level of the procuracy that reviews or decides.
public enum AuthorityLevel: String, Sendable, Codable {
    /// The nominee's unit: its own council, or the nearest one above (a provincial procuracy's for
    /// its units), and the head of that council's unit.
    case unit
    /// The sector: the Supreme People's Procuracy's council and the Prosecutor General.
    case sector
}

/// Who decides a title: a head within the agency, or an authority outside it, to whom the agency
/// only forwards the proposal and whose decision it records.
public enum DecidingAuthority: String, Sendable, Codable {
    case unitHead = "unit_head"
    case sectorHead = "sector_head"
    case primeMinister = "prime_minister"
    case president

    /// The level whose head decides; nil for an authority outside the agency.
    public var level: AuthorityLevel? {
        switch self {
        case .unitHead: .unit
        case .sectorHead: .sector
        case .primeMinister, .president: nil
        }
    }

    var words: String {
        switch self {
        case .unitHead: "the head of the nominee's unit"
        case .sectorHead: "the Prosecutor General"
        case .primeMinister: "the Prime Minister"
        case .president: "the President"
        }
    }
}

/// The council that reviews a title at each stage and the authority that decides it.
public struct AuthorityRule: Sendable, Equatable {
    /// The council that reviews the title, and whose standing office, secretary and head act on it.
    public let reviewedBy: AuthorityLevel
    /// Workflow states at which the sector acts whatever `reviewedBy` says: the second review of a
    /// Labour Hero proposal and what follows it.
    public let sectorStages: Set<String>
    public let decidedBy: DecidingAuthority
    public let source: String

    /// The level that acts on a nomination in `state`.
    public func level(at state: String) -> AuthorityLevel {
        sectorStages.contains(state) ? .sector : reviewedBy
    }
}

/// What the council vote counts against.
public enum VoteBasis: String, Sendable, Codable {
    case totalMembership = "total_membership"
    case membersPresent = "members_present"

    var words: String {
        switch self {
        case .totalMembership: return "total membership"
        case .membersPresent: return "members present"
        }
    }
}

/// The council threshold for a title.
public struct VoteRule: Sendable, Equatable {
    public let threshold: Share
    public let basis: VoteBasis
    /// `true` for "more than" (State Audit's "more than 50%"), `false` for "at least".
    public let strictlyMore: Bool
    public let secretBallot: Bool
    public let source: String
}

/// The dossier checklist.
public struct DossierRule: Sendable, Equatable {
    public let requiredDocuments: [String]
    public let source: String
}

/// How far an initiative's effect reaches; higher titles need a wider one.
public enum InitiativeScope: String, Sendable, Codable, Comparable, CaseIterable {
    case grassroots
    case sector
    case national

    public static func < (lhs: InitiativeScope, rhs: InitiativeScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Titles that must have been held, consecutively, before this one.
public struct TitleEligibilityRule: Sendable, Equatable {
    public struct Prerequisite: Sendable, Equatable {
        public let title: String
        public let consecutiveYears: Int
    }

    public let prerequisites: [Prerequisite]
    /// The recognised initiative required, if any.
    public let initiative: InitiativeScope?
    /// The lowest yearly task rating the nominee must have been given for the year, if any.
    public let taskRating: TaskRating?
    /// Titles the nominee must hold for the same year: awarded, or a nomination for it still under
    /// way (both come in the same year-end list).
    public let sameYear: [String]
    public let source: String
}

/// The cap on how many nominees a unit may put forward for a title: a share of a base.
public struct CapRule: Sendable, Equatable {
    public let share: Share
    public let base: CapBase
    public let source: String
}

/// What a cap's share is a share of.
public enum CapBase: String, Sendable, Codable, CaseIterable {
    /// The unit's staff in the nomination's year (`config/organization.yaml`).
    case headcount
    /// The unit's advanced workers of the year: its advanced worker nominations past intake.
    case advancedWorkers = "advanced_workers"

    /// The title whose places a base counts, when it counts a title's.
    public var title: String? {
        switch self {
        case .headcount: nil
        case .advancedWorkers: TitleRule.advancedWorker
        }
    }

    var words: String {
        switch self {
        case .headcount: "staff"
        case .advancedWorkers: "advanced workers"
        }
    }
}

/// A title's registration requirement.
public struct TitleRegistrationRule: Sendable, Equatable {
    /// Whether a nomination is refused for someone (or a collective) not registered for the title and year.
    public let required: Bool
    public let source: String
}

/// The deadline of the year's emulation registration: a day of the year, the same every year.
public struct RegistrationRule: Sendable, Equatable {
    public let month: Int
    public let day: Int
    public let source: String

    /// The last day on which units register for `year` themselves; after it only the standing office amends.
    public func deadline(of year: Int) -> LocalDate? {
        LocalDate(year: year, month: month, day: day)
    }
}

extension TitleRule {
    /// The id of the advanced worker title (Lao động tiên tiến), which a cap may be counted on.
    public static let advancedWorker = "advanced_worker"
}
