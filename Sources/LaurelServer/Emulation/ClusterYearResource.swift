import Commands
import Foundation
import Nominations
import Workflow

/// A cluster's or bloc's year as the API shows it: the year's head unit (recorded or the
/// organisation file's), the programme, every member's place in the pact, the registrations
/// gathered, the sendings to the standing office, and every change with who made it.
struct ClusterYearResource: Encodable {
    struct Programme: Encodable {
        let items: [String]
        let text: String
    }

    /// One member in the pact: its commitments once it signed (`signed` false before).
    struct PactEntry: Encodable {
        let unit: String
        let signed: Bool
        let commitments: [String]
        let targets: [String]
        let signedOn: LocalDate?
    }

    struct Registrations: Encodable {
        let gathered: [RegistrationGathering.Gathered]
        let missing: [String]
        let gatheredOn: LocalDate
    }

    /// What the year's final ranking proposed, each proposal a nomination.
    struct Proposals: Encodable {
        struct Row: Encodable {
            let unit: String
            let unitName: String?
            let title: String
            let rank: Int
            let total: Points
            let band: String?
            let nominationId: String
        }

        let rankingVersion: Int64
        let proposedOn: LocalDate
        let rows: [Row]
    }

    struct HistoryEntry: Encodable {
        let version: Int64
        let recordedAt: Date
        let by: String?
        let event: String
        /// The unit the event is about: the head recorded, or the member that signed.
        let unit: String?
        let reason: String?
    }

    let cluster: String
    /// `cluster` or `bloc`.
    let kind: String
    let name: String
    let year: Int
    let members: [String]
    let head: String
    /// Whether the head unit was recorded for the year (false: the organisation file's).
    let headRecorded: Bool
    let programme: Programme?
    let pact: [PactEntry]
    let registrations: Registrations?
    let sentOn: LocalDate?
    let sendings: Int
    let changedSinceSent: Bool
    let proposals: Proposals?
    /// Every change, oldest first; absent from a command's answer.
    let history: [HistoryEntry]?
    let version: Int64
    let checkpoint: String?

    init(group: EmulationGroup, year: Int, state: ClusterYear, history: [ClusterYearRead.Change]?, version: Int64, checkpoint: String?,
         organization: Organization) {
        cluster = group.code
        kind = group.kind.rawValue
        name = group.name
        self.year = year
        members = group.members
        head = state.head(in: group)
        headRecorded = state.recordedHead != nil
        programme = state.programme.map { Programme(items: $0.items, text: $0.text) }
        pact = group.members.map { unit in
            let signed = state.pact[unit]
            return PactEntry(unit: unit, signed: signed != nil, commitments: signed?.commitments ?? [], targets: signed?.targets ?? [],
                             signedOn: signed?.signedOn)
        }
        registrations = state.gathering.map { Registrations(gathered: $0.gathered, missing: $0.missing, gatheredOn: $0.gatheredOn) }
        sentOn = state.sentOn
        sendings = state.sendings
        changedSinceSent = state.changedSinceSent
        proposals = state.proposals.map { made in
            Proposals(rankingVersion: made.rankingVersion, proposedOn: made.proposedOn, rows: made.proposals.map {
                Proposals.Row(unit: $0.unit, unitName: organization.unit(code: $0.unit)?.name, title: $0.title, rank: $0.rank,
                              total: $0.total, band: $0.band, nominationId: $0.nominationID)
            })
        }
        self.history = history?.map(Self.entry)
        self.version = version
        self.checkpoint = checkpoint
    }

    private static func entry(_ change: ClusterYearRead.Change) -> HistoryEntry {
        let (unit, reason) = change.event.subject
        return HistoryEntry(version: change.version, recordedAt: change.recordedAt, by: change.actorID, event: change.event.type,
                            unit: unit, reason: reason)
    }

    func response(status: Int) throws -> StoredResponse {
        StoredResponse(status: status, headers: ["Content-Type": "application/json", "ETag": "\"\(version)\""],
                       body: try ResponseJSON.encode(self))
    }
}
