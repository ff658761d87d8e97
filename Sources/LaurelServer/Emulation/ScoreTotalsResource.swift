import Nominations

/// A score's totals as the API shows them, each group's in the table's order.
struct ScoreTotalsResource: Encodable {
    struct GroupTotal: Encodable {
        let group: String
        let points: Points
    }

    let total: Points
    let criteria: Points
    let bonus: Points
    let penalty: Points
    let groups: [GroupTotal]

    init(_ totals: ScoreTotals, table: ScoringTable) {
        total = totals.total
        criteria = totals.criteria
        bonus = totals.bonus
        penalty = totals.penalty
        groups = table.groups.map { GroupTotal(group: $0.code, points: totals.groups[$0.code] ?? .zero) }
    }
}

/// A classification band named in a score or a ranking.
struct BandResource: Encodable {
    let code: String
    let name: String

    init?(_ band: ClassificationBand?) {
        guard let band else { return nil }
        code = band.code
        name = band.name
    }
}
