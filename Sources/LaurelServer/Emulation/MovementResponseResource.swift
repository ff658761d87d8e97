import Commands
import Nominations
import Workflow

/// A unit's response to a movement as the API shows it: its plan, or none yet (`responded` false).
struct MovementResponseResource: Encodable {
    let movement: String
    let unit: String
    let responded: Bool
    let targets: [String]
    let documentSHA256: String?
    let recordedOn: LocalDate?
    let amendments: Int
    let version: Int64
    let checkpoint: String?

    enum CodingKeys: String, CodingKey {
        case movement, unit, responded, targets
        case documentSHA256 = "document_sha256"
        case recordedOn, amendments, version, checkpoint
    }

    init(key: MovementUnit, response: MovementResponse, version: Int64, checkpoint: String?) {
        movement = key.movement
        unit = key.unit
        responded = response.plan != nil
        targets = response.plan?.targets ?? []
        documentSHA256 = response.plan?.documentSHA256
        recordedOn = response.recordedOn
        amendments = response.amendments
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/movements/\(movement)/responses/\(unit)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
