import Commands
import EventStore
import Nominations

/// A session's ballot on its agenda as the API shows it: each nomination's state and result.
struct BallotResource: Encodable {
    struct Result: Encodable {
        let nominationID: String
        let state: String
        let recommended: Bool?
        let inFavour: Int?
        let votingBase: Int?
    }

    let sessionID: String
    let results: [Result]
    let checkpoint: String?

    init(sessionID: String, nominations: [Nomination], checkpoint: String?) {
        self.sessionID = sessionID
        results = nominations.map {
            Result(nominationID: $0.id, state: $0.state, recommended: $0.councilResult?.recommended,
                   inFavour: $0.councilResult?.inFavour, votingBase: $0.councilResult?.votingBase)
        }
        self.checkpoint = checkpoint
    }

    func response() throws -> StoredResponse {
        StoredResponse(status: 200, headers: ["Content-Type": "application/json"], body: try ResponseJSON.encode(self))
    }
}
