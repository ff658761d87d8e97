import Commands
import EventStore
import Nominations
import Workflow

/// A council's membership in force on a date as the API shows it, with the decisions recorded
/// for the council during the year.
struct MembershipResource: Encodable {
    struct Membership: Encodable {
        /// The unit whose council it is.
        let council: String
        let name: String
        let on: LocalDate
        /// What the membership rests on: `organization`, or `decision` with the decision.
        let basis: MembershipBasis
        let members: [CouncilSeat]
        let chairID: String?
        let totalMembership: Int
        /// Every recorded change's decision, in the order recorded.
        let changes: [MembershipDecision]
    }

    let membership: Membership
    let version: Int64
    let checkpoint: String?

    init(membership recorded: CouncilMembership, of council: Council, on date: LocalDate, version: Int64, checkpoint: String?) {
        let inForce = recorded.inForce(on: date, constituted: council)
        membership = Membership(
            council: inForce.council, name: inForce.name, on: date, basis: inForce.basis, members: inForce.seats,
            chairID: inForce.chair?.id, totalMembership: inForce.seats.count, changes: recorded.changes.map(\.decision))
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/councils/\(membership.council)/membership?on=\(membership.on)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
