import Commands
import Nominations
import Workflow

/// A movement as the API shows it.
struct MovementResource: Encodable {
    let id: String
    /// `running` or `closed`.
    let stage: String
    let name: String
    let authority: String
    let decision: String
    let from: LocalDate
    let to: LocalDate
    let goals: [String]
    let criteria: [String]
    let anniversary: String?
    let launchedOn: LocalDate?
    let amendments: Int
    let closedOn: LocalDate?
    let closeReason: String?
    let version: Int64
    let checkpoint: String?

    init(id: String, movement: Movement, details: MovementDetails, version: Int64, checkpoint: String?) {
        self.id = id
        stage = movement.stage.rawValue
        name = details.name
        authority = details.authority
        decision = details.decision
        from = details.from
        to = details.to
        goals = details.goals
        criteria = details.criteria
        anniversary = details.anniversary
        launchedOn = movement.launchedOn
        amendments = movement.amendments
        closedOn = movement.closedOn
        closeReason = movement.closeReason
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/movements/\(id)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
