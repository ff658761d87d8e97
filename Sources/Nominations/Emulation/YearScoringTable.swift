import Workflow

/// The scoring table of one year as published: its own aggregate, one stream per year
/// (`scoring_table-YEAR`). The standing office of the sector publishes it and may publish it
/// again (a new edition); once a unit has scored itself, only with a reason, since the units
/// that scored did so on the edition before. Each unit's first self-score is noted here, in the
/// same append, so a republication and a first score never cross unseen.
public struct YearScoringTable: Sendable, Equatable {
    /// The year, once published.
    public internal(set) var year: Int?
    /// The edition in force; nil until the first publication.
    public internal(set) var table: ScoringTable?
    /// 1 for the first publication, then one more for each republication; 0 before any.
    public internal(set) var edition: Int
    public internal(set) var publishedOn: LocalDate?
    /// The units that have scored themselves on some edition of the year's table.
    public internal(set) var scoredUnits: Set<String>

    public init(year: Int? = nil, table: ScoringTable? = nil, edition: Int = 0, publishedOn: LocalDate? = nil,
                scoredUnits: Set<String> = []) {
        self.year = year
        self.table = table
        self.edition = edition
        self.publishedOn = publishedOn
        self.scoredUnits = scoredUnits
    }
}

/// Commands on a year's scoring table.
public enum ScoringTableCommand: Sendable, Equatable {
    /// The standing office publishes the table (again, with a reason once units have scored).
    case publish(PublishScoringTable)
    /// A unit scored itself for the first time: what follows from its self-score, never sent by a caller.
    case noteScored(unit: String)
}

/// Publishes the year's scoring table, or a new edition of it.
public struct PublishScoringTable: Sendable, Equatable {
    public let year: Int
    public let table: ScoringTable
    /// Why a new edition replaces the one units have scored on; needed only then.
    public let reason: String?

    public init(year: Int, table: ScoringTable, reason: String?) {
        self.year = year
        self.table = table
        self.reason = reason
    }
}

/// Events of a year's scoring table.
public enum ScoringTableEvent: Sendable, Equatable, DomainEvent {
    case published(ScoringTablePublished)
    case unitScored(ScoringTableUnitScored)

    public var storedPayload: any EventPayload {
        switch self {
        case .published(let payload): payload
        case .unitScored(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case ScoringTablePublished.type: self = .published(try ScoringTablePublished(from: decoder))
        case ScoringTableUnitScored.type: self = .unitScored(try ScoringTableUnitScored(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `scoring_table.published`: an edition of the year's table. Who published it is in the
/// event's metadata.
public struct ScoringTablePublished: EventPayload {
    public static let type = "scoring_table.published"
    public static let schemaVersion = 1
    public let year: Int
    public let edition: Int
    public let table: ScoringTable
    public let publishedOn: LocalDate
    /// Why it replaced an edition units had scored on; nil otherwise.
    public let reason: String?
    /// The units that had scored on earlier editions, in code order.
    public let unitsScored: [String]
}

/// `scoring_table.unit_scored`: a unit scored itself for the first time, on this edition.
public struct ScoringTableUnitScored: EventPayload {
    public static let type = "scoring_table.unit_scored"
    public static let schemaVersion = 1
    public let year: Int
    public let unit: String
    public let edition: Int
}
