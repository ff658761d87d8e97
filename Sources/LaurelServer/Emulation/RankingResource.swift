import Commands
import Foundation
import Nominations
import Workflow

/// A ranking as the API shows it: the units in rank order with their totals and bands, those not
/// ranked yet, and every change behind it, oldest first.
struct RankingResource: Encodable {
    struct Group: Encodable {
        let code: String
        let name: String
        let kind: String
        let head: String
    }

    struct Entry: Encodable {
        let rank: Int
        let unit: String
        let unitName: String?
        let totals: ScoreTotalsResource
        let band: BandResource?
        let sharedRank: Bool
        /// The tie-break rule that set the unit after the one above it with the same total.
        let decidedBy: String?
        let submittedOn: LocalDate?
    }

    struct Pending: Encodable {
        let unit: String
        let unitName: String?
        let stage: String
    }

    struct Change: Encodable {
        let item: String
        let from: Points
        let to: Points
        let reason: String?
    }

    struct HistoryEntry: Encodable {
        let recordedAt: Date
        let by: String?
        /// The unit whose score changed; absent for an edition of the table.
        let unit: String?
        let event: String
        let edition: Int?
        let reason: String?
        let changes: [Change]?
    }

    let year: Int
    /// The cluster or bloc; absent for the sector-wide ranking.
    let group: Group?
    let edition: Int
    /// Grows with every change of the table or a ranked unit's score (``RankingRead/version``).
    let version: Int64
    let tieBreak: [String]
    let entries: [Entry]
    let pending: [Pending]
    let history: [HistoryEntry]

    /// `head` is the group's head unit of the year when one is recorded for it (else the organisation file's).
    init(year: Int, group: EmulationGroup?, head: String?, read: RankingRead, organization: Organization) {
        self.year = year
        self.group = group.map { Group(code: $0.code, name: $0.name, kind: $0.kind.rawValue, head: head ?? $0.head) }
        edition = read.yearTable.edition
        version = read.version
        tieBreak = read.table.tieBreak.map(\.description)
        entries = read.ranking.entries.map {
            Entry(rank: $0.rank, unit: $0.unit, unitName: organization.unit(code: $0.unit)?.name,
                  totals: ScoreTotalsResource($0.totals, table: read.table), band: BandResource($0.band), sharedRank: $0.sharedRank,
                  decidedBy: $0.decidedBy?.description, submittedOn: $0.submittedOn)
        }
        pending = read.ranking.pending.map { Pending(unit: $0.unit, unitName: organization.unit(code: $0.unit)?.name, stage: $0.stage.rawValue) }
        history = read.history.map(Self.entry)
    }

    private static func entry(_ change: RankingRead.Change) -> HistoryEntry {
        func changes(_ list: [ScoreChange]) -> [Change] { list.map { Change(item: $0.item, from: $0.from, to: $0.to, reason: $0.reason) } }
        switch change.event {
        case .table(let published):
            return HistoryEntry(recordedAt: change.recordedAt, by: change.actorID, unit: nil, event: ScoringTablePublished.type,
                                edition: published.edition, reason: published.reason, changes: nil)
        case .score(.selfScored(let scored)):
            return HistoryEntry(recordedAt: change.recordedAt, by: change.actorID, unit: change.unit, event: UnitSelfScored.type,
                                edition: scored.edition, reason: nil, changes: nil)
        case .score(.reviewed(let reviewed)):
            return HistoryEntry(recordedAt: change.recordedAt, by: change.actorID, unit: change.unit, event: UnitScoreReviewed.type,
                                edition: nil, reason: reviewed.note, changes: changes(reviewed.changes))
        case .score(.corrected(let corrected)):
            return HistoryEntry(recordedAt: change.recordedAt, by: change.actorID, unit: change.unit, event: UnitScoreCorrected.type,
                                edition: nil, reason: corrected.reason, changes: changes(corrected.changes))
        }
    }

    func response() throws -> StoredResponse {
        StoredResponse(status: 200, headers: ["Content-Type": "application/json", "ETag": "\"\(version)\""],
                       body: try ResponseJSON.encode(self))
    }
}
