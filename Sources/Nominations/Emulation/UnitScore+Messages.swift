import Workflow

/// Commands on a unit's score.
public enum UnitScoreCommand: Sendable, Equatable {
    /// The unit scores itself (again, until the review): every criterion, and the bonus and
    /// penalty items it claims or owns to.
    case selfScore(unitYear: UnitYear, lines: [ScoreLine])
    /// The reviewer accepts the score, adjusting items with a reason each (none: accepted as scored).
    case review(unitYear: UnitYear, adjustments: [ScoreAdjustment], note: String?)
    /// A reviewer corrects the reviewed score, with a reason.
    case correct(unitYear: UnitYear, adjustments: [ScoreAdjustment], reason: String)

    public var unitYear: UnitYear {
        switch self {
        case .selfScore(let unitYear, _), .review(let unitYear, _, _), .correct(let unitYear, _, _): unitYear
        }
    }
}

/// New points for one item, with why (required in a review, optional in a correction, whose
/// reason covers it) and any evidence added.
public struct ScoreAdjustment: Sendable, Equatable, Codable {
    public let item: String
    public let points: Points
    public let reason: String?
    public let evidence: [Evidence]

    public init(item: String, points: Points, reason: String? = nil, evidence: [Evidence] = []) {
        self.item = item
        self.points = points
        self.reason = reason
        self.evidence = evidence
    }
}

/// One item's points changed: from what, to what and why.
public struct ScoreChange: Sendable, Equatable, Codable {
    public let item: String
    public let from: Points
    public let to: Points
    public let reason: String?
    /// Evidence added with the change.
    public let evidence: [Evidence]

    public init(item: String, from: Points, to: Points, reason: String?, evidence: [Evidence]) {
        self.item = item
        self.from = from
        self.to = to
        self.reason = reason
        self.evidence = evidence
    }
}

/// What a score's decision reads besides the score: who acts, today, the configuration, the
/// year's scoring table as published, and the head unit recorded for the year of the unit's
/// cluster or bloc.
public struct UnitScoreContext: Sendable {
    public let command: CommandContext
    public let table: YearScoringTable
    /// The year's head unit of the unit's cluster or bloc when recorded (``ClusterYear``); nil
    /// falls back to the organisation file's.
    public let recordedHead: String?

    public init(command: CommandContext, table: YearScoringTable, recordedHead: String? = nil) {
        self.command = command
        self.table = table
        self.recordedHead = recordedHead
    }
}

/// Events of a unit's score.
public enum UnitScoreEvent: Sendable, Equatable, DomainEvent {
    case selfScored(UnitSelfScored)
    case reviewed(UnitScoreReviewed)
    case corrected(UnitScoreCorrected)

    public var storedPayload: any EventPayload {
        switch self {
        case .selfScored(let payload): payload
        case .reviewed(let payload): payload
        case .corrected(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case UnitSelfScored.type: self = .selfScored(try UnitSelfScored(from: decoder))
        case UnitScoreReviewed.type: self = .reviewed(try UnitScoreReviewed(from: decoder))
        case UnitScoreCorrected.type: self = .corrected(try UnitScoreCorrected(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `unit_score.self_scored`: the unit's own score, every line of it (a later one replaces it
/// whole). Who scored is in the event's metadata.
public struct UnitSelfScored: EventPayload {
    public static let type = "unit_score.self_scored"
    public static let schemaVersion = 1
    public let unit: String
    public let year: Int
    /// The table edition scored on.
    public let edition: Int
    public let lines: [ScoreLine]
    public let submittedOn: LocalDate
}

/// `unit_score.reviewed`: the reviewer accepted the score with these changes (none: as scored).
public struct UnitScoreReviewed: EventPayload {
    public static let type = "unit_score.reviewed"
    public static let schemaVersion = 1
    public let unit: String
    public let year: Int
    /// The unit the reviewer acted for: the head of the cluster or bloc, or the standing office's.
    public let reviewerUnit: String
    public let changes: [ScoreChange]
    public let note: String?
    public let reviewedOn: LocalDate
}

/// `unit_score.corrected`: a reviewer changed the reviewed score, for `reason`.
public struct UnitScoreCorrected: EventPayload {
    public static let type = "unit_score.corrected"
    public static let schemaVersion = 1
    public let unit: String
    public let year: Int
    public let reviewerUnit: String
    public let changes: [ScoreChange]
    public let reason: String
    public let correctedOn: LocalDate
}
