/// What a submission reads about the nominee's year, each from its own stream, filled in by the
/// caller before `decide` for the titles whose rules need it: the unit's registration, the
/// nominee's task rating, and the titles the nominee holds or is nominated for that year.
public struct NomineeYear: Sendable, Equatable {
    /// The registration of the nominee's unit for the year (`registered` guard).
    public let registration: EmulationRegistration?
    /// The nominee's task rating for the year, as their unit recorded it.
    public let taskRating: TaskRating?
    /// Titles of the same year whose candidacy a nomination of the nominee holds, under way or awarded.
    public let candidacies: Set<String>

    public init(registration: EmulationRegistration? = nil, taskRating: TaskRating? = nil, candidacies: Set<String> = []) {
        self.registration = registration
        self.taskRating = taskRating
        self.candidacies = candidacies
    }
}
