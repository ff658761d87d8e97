import Commands
import EventStore
import Nominations
import Workflow

/// A unit's score of a year as the API shows it: every item of the table in force, with the
/// unit's points and evidence, the totals and the band they fall in.
struct UnitScoreResource: Encodable {
    struct Line: Encodable {
        let item: String
        let name: String
        let kind: String
        /// The criterion's group; nil for a bonus or penalty item.
        let group: String?
        let points: Points
        let maxPoints: Points
        let evidenceRequired: String?
        let evidence: [EvidenceResource]
    }

    let unit: String
    let year: Int
    /// `not_scored`, `self_scored` or `reviewed` (final: ranked).
    let stage: String
    /// The table edition of the unit's last self-score.
    let edition: Int?
    let submittedOn: LocalDate?
    /// The cluster or bloc the unit emulates in, whose head unit reviews the score.
    let emulationGroup: String?
    let lines: [Line]
    let totals: ScoreTotalsResource?
    let band: BandResource?
    let version: Int64
    let checkpoint: String?

    init(unitYear: UnitYear, score: UnitScore, table: ScoringTable?, organization: Organization, version: Int64,
         checkpoint: String?) {
        unit = unitYear.unit
        year = unitYear.year
        stage = score.stage.rawValue
        edition = score.stage == .notScored ? nil : score.edition
        submittedOn = score.submittedOn
        emulationGroup = organization.emulationGroup(of: unitYear.unit)?.code
        if let table {
            let items = table.groups.flatMap { group in group.criteria.map { ($0, ScoringTable.ItemKind.criterion, Optional(group.code)) } }
                + table.bonuses.map { ($0, .bonus, nil) } + table.penalties.map { ($0, .penalty, nil) }
            lines = items.map { item, kind, group in
                Line(item: item.code, name: item.name, kind: kind.rawValue, group: group, points: score.points(item.code),
                     maxPoints: item.maxPoints, evidenceRequired: item.evidence,
                     evidence: (score.lines[item.code]?.evidence ?? []).map(EvidenceResource.init))
            }
            let totals = ScoreTotals(score, on: table)
            self.totals = score.stage == .notScored ? nil : ScoreTotalsResource(totals, table: table)
            band = score.stage == .notScored ? nil : BandResource(table.band(of: totals.total))
        } else {
            lines = []
            totals = nil
            band = nil
        }
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/units/\(unit)/scores/\(year)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
