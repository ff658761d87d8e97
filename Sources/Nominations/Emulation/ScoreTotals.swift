/// A unit's score added up on the table in force: the criteria, each group, the bonuses, the
/// penalties and the total (criteria and bonuses, less penalties).
///
/// Only the items of the table count, each at most at its maximum: after a republication with a
/// reason, an item the new edition drops or lowers counts as that edition says.
public struct ScoreTotals: Sendable, Equatable, Codable {
    public let total: Points
    public let criteria: Points
    public let bonus: Points
    public let penalty: Points
    /// Each group's criteria together, by group code.
    public let groups: [String: Points]

    public init(_ score: UnitScore, on table: ScoringTable) {
        func counted(_ item: ScoringItem) -> Points { min(score.points(item.code), item.maxPoints) }
        var groups: [String: Points] = [:]
        for group in table.groups { groups[group.code] = group.criteria.sum(counted) }
        self.groups = groups
        criteria = table.criteria.sum(counted)
        bonus = table.bonuses.sum(counted)
        penalty = table.penalties.sum(counted)
        total = criteria + bonus - penalty
    }
}
