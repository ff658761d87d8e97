import Commands
import EventStore
import Nominations
import Workflow

/// A unit head's delegations as the API shows them.
struct DelegationsResource: Encodable {
    struct Delegation: Encodable {
        let decision: DelegationDecision
        let deputy: Deputy
        let validFrom: LocalDate
        let validUntil: LocalDate?
        /// The ending recorded for it, if any.
        let ended: DelegationEnded?
        /// Whether the deputy signs for the head today.
        let inForceToday: Bool
    }

    let unit: String
    let delegations: [Delegation]
    let version: Int64
    let checkpoint: String?

    init(unit: String, delegations recorded: HeadDelegations, today: LocalDate, version: Int64, checkpoint: String?) {
        self.unit = unit
        delegations = recorded.grants.enumerated().map { index, grant in
            Delegation(decision: grant.decision, deputy: grant.deputy, validFrom: grant.validFrom, validUntil: grant.validUntil,
                       ended: recorded.endings[index],
                       inForceToday: recorded.inForce(for: grant.deputy.id, on: today) == grant)
        }
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/units/\(unit)/delegations" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
