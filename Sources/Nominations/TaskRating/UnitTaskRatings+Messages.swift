/// Records ratings of the unit's people for a year; a rating that replaces another needs a reason.
public struct RecordTaskRatings: Sendable, Equatable {
    public let unitYear: UnitYear
    public let ratings: [RatedPerson]
    public let reason: String?

    public init(unitYear: UnitYear, ratings: [RatedPerson], reason: String?) {
        self.unitYear = unitYear
        self.ratings = ratings
        self.reason = reason
    }
}

/// `task_ratings.recorded`: the unit rated these people for the year. Who recorded it is in the
/// event's metadata.
public struct TaskRatingsRecorded: EventPayload {
    public static let type = "task_ratings.recorded"
    public static let schemaVersion = 1
    public let unit: String
    public let year: Int
    public let ratings: [RatedPerson]
    /// Why earlier ratings changed; nil when none did.
    public let reason: String?
}

/// Events of a unit's task ratings.
public typealias TaskRatingsEvent = SoleEvent<TaskRatingsRecorded>
