import Commands
import EventStore
import Nominations
import Workflow

/// A year's scoring table as the API shows it: the edition in force and the units that have scored.
struct ScoringTableResource: Encodable {
    struct Item: Encodable {
        let code: String
        let name: String
        let maxPoints: Points
        let evidence: String?

        init(_ item: ScoringItem) {
            code = item.code
            name = item.name
            maxPoints = item.maxPoints
            evidence = item.evidence
        }
    }

    struct Group: Encodable {
        let code: String
        let name: String
        let maxPoints: Points
        let criteria: [Item]
    }

    struct Band: Encodable {
        let code: String
        let name: String
        let minimum: Points
        let below: Points?
    }

    let year: Int
    let edition: Int
    let publishedOn: LocalDate?
    let source: String
    let groups: [Group]
    let bonuses: [Item]
    let penalties: [Item]
    let bands: [Band]
    let tieBreak: [String]
    /// What a cluster's or bloc's final ranking proposes, rule by rule.
    let proposals: [ProposalRule]
    /// Every criterion and bonus at its maximum.
    let highestTotal: Points
    /// The units that have scored on some edition, in code order: a new edition then needs a reason.
    let unitsScored: [String]
    let version: Int64
    let checkpoint: String?

    init(year: Int, state: YearScoringTable, table: ScoringTable, version: Int64, checkpoint: String?) {
        self.year = year
        edition = state.edition
        publishedOn = state.publishedOn
        source = table.source
        groups = table.groups.map { Group(code: $0.code, name: $0.name, maxPoints: $0.maxPoints, criteria: $0.criteria.map(Item.init)) }
        bonuses = table.bonuses.map(Item.init)
        penalties = table.penalties.map(Item.init)
        bands = table.bands.map { Band(code: $0.code, name: $0.name, minimum: $0.minimum, below: $0.below) }
        tieBreak = table.tieBreak.map(\.description)
        proposals = table.proposals
        highestTotal = table.highestTotal
        unitsScored = state.scoredUnits.sorted()
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/scoring-tables/\(year)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
