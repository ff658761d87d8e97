/// The sector's scoring and classification table for a year (bảng tiêu chí chấm điểm, xếp loại
/// thi đua), as the council's standing office publishes it: groups of criteria with their maximum
/// points, bonus and penalty items, the classification bands and the rule that breaks ties.
///
/// Every item's code is unique across the table (groups included): a unit's score names items
/// by code. An item with an `evidence` requirement takes points only with evidence attached.
public struct ScoringTable: Sendable, Equatable, Codable {
    public let groups: [CriteriaGroup]
    /// Points added for achievements beyond the criteria, each up to its maximum.
    public let bonuses: [ScoringItem]
    /// Points taken off (a penalty's `maxPoints` is the most it takes off).
    public let penalties: [ScoringItem]
    public let bands: [ClassificationBand]
    /// How units with the same total are ordered, rule by rule; units equal on every rule share a rank.
    public let tieBreak: [TieBreakRule]
    /// What a cluster's or bloc's final ranking proposes, rule by rule; empty when the table
    /// proposes nothing.
    public let proposals: [ProposalRule]
    /// The document the table comes from (number and date), as the standing office cites it.
    public let source: String

    public init(groups: [CriteriaGroup], bonuses: [ScoringItem], penalties: [ScoringItem], bands: [ClassificationBand],
                tieBreak: [TieBreakRule], proposals: [ProposalRule] = [], source: String) {
        self.groups = groups
        self.bonuses = bonuses
        self.penalties = penalties
        self.bands = bands
        self.tieBreak = tieBreak
        self.proposals = proposals
        self.source = source
    }

    private enum CodingKeys: String, CodingKey {
        case groups, bonuses, penalties, bands, tieBreak, proposals, source
    }

    /// Editions published before tables named proposals have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        groups = try container.decode([CriteriaGroup].self, forKey: .groups)
        bonuses = try container.decode([ScoringItem].self, forKey: .bonuses)
        penalties = try container.decode([ScoringItem].self, forKey: .penalties)
        bands = try container.decode([ClassificationBand].self, forKey: .bands)
        tieBreak = try container.decode([TieBreakRule].self, forKey: .tieBreak)
        proposals = try container.decodeIfPresent([ProposalRule].self, forKey: .proposals) ?? []
        source = try container.decode(String.self, forKey: .source)
    }

    /// What an item is for: one of the criteria (in a group), a bonus or a penalty.
    public enum ItemKind: String, Sendable, Codable {
        case criterion
        case bonus
        case penalty
    }

    /// The item with `code`, with its kind and, for a criterion, its group's code.
    public func item(_ code: String) -> (item: ScoringItem, kind: ItemKind, group: String?)? {
        for group in groups {
            if let item = group.criteria.first(where: { $0.code == code }) { return (item, .criterion, group.code) }
        }
        if let item = bonuses.first(where: { $0.code == code }) { return (item, .bonus, nil) }
        if let item = penalties.first(where: { $0.code == code }) { return (item, .penalty, nil) }
        return nil
    }

    /// Every criterion, group by group.
    public var criteria: [ScoringItem] { groups.flatMap(\.criteria) }

    /// The highest total a unit can reach: every criterion and every bonus at its maximum.
    public var highestTotal: Points { criteria.sum(\.maxPoints) + bonuses.sum(\.maxPoints) }

    /// The band a total falls in; nil when it falls in none (below the lowest).
    public func band(of total: Points) -> ClassificationBand? {
        bands.first { $0.contains(total) }
    }
}

/// A group of criteria (nhóm tiêu chí), such as the performance of the unit's professional duties.
public struct CriteriaGroup: Sendable, Equatable, Codable {
    public let code: String
    public let name: String
    public let criteria: [ScoringItem]

    public init(code: String, name: String, criteria: [ScoringItem]) {
        self.code = code
        self.name = name
        self.criteria = criteria
    }

    /// The most the group's criteria give together.
    public var maxPoints: Points { criteria.sum(\.maxPoints) }
}

/// A criterion, bonus or penalty item of the table.
public struct ScoringItem: Sendable, Equatable, Codable {
    public let code: String
    public let name: String
    /// The most points the item gives (for a penalty: the most it takes off); positive.
    public let maxPoints: Points
    /// The evidence a unit attaches to take points on the item (a decision, a report…); nil when none is required.
    public let evidence: String?

    public init(code: String, name: String, maxPoints: Points, evidence: String? = nil) {
        self.code = code
        self.name = name
        self.maxPoints = maxPoints
        self.evidence = evidence
    }
}

/// A classification band (mức xếp loại): totals from `minimum` (inclusive) up to `below`
/// (exclusive; nil for no upper bound), such as "Xuất sắc" from 95.
public struct ClassificationBand: Sendable, Equatable, Codable {
    public let code: String
    public let name: String
    public let minimum: Points
    public let below: Points?

    public init(code: String, name: String, minimum: Points, below: Points? = nil) {
        self.code = code
        self.name = name
        self.minimum = minimum
        self.below = below
    }

    public func contains(_ total: Points) -> Bool { total >= minimum && below.map { total < $0 } ?? true }
}
