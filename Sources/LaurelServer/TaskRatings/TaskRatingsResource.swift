import Commands
import EventStore
import Nominations

/// A unit's task ratings of a year as the API shows them.
struct TaskRatingsResource: Encodable {
    struct Rating: Encodable {
        let personID: String
        let name: String
        let rating: TaskRating
        /// The rating in the words of the unit's records.
        let ratingVi: String
    }

    let unit: String
    let year: Int
    /// By person id.
    let ratings: [Rating]
    let version: Int64
    let checkpoint: String?

    init(unitYear: UnitYear, ratings recorded: UnitTaskRatings, version: Int64, checkpoint: String?) {
        unit = unitYear.unit
        year = unitYear.year
        ratings = recorded.ratings.values.sorted { $0.personID < $1.personID }.map {
            Rating(personID: $0.personID, name: $0.name, rating: $0.rating, ratingVi: $0.rating.vietnamese)
        }
        self.version = version
        self.checkpoint = checkpoint
    }

    func response() throws -> StoredResponse {
        StoredResponse(status: 200, headers: ["Content-Type": "application/json", "ETag": "\"\(version)\""],
                       body: try ResponseJSON.encode(self))
    }
}
