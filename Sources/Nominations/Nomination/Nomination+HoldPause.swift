import Workflow

extension Nomination {
    /// The stage's deadline once the hold `holdID` is lifted on `context.today`: moved by the
    /// working days the stage's clock was stopped when this is the last hold in force; nil while
    /// other holds remain, and for a stage without a deadline.
    ///
    /// The clock stops after the day the first hold is placed (that day still counts toward the
    /// stage) and runs again from the day after the last hold is lifted: the days held are the
    /// working days after ``pausedSince`` up to and including the day of the lift, counted as legal
    /// periods are, from the day after the event. A hold placed and lifted on the same day moves
    /// nothing. A stage entered during the pause (by a command the holds allow) counts only the
    /// days since it began: its deadline was counted from then.
    func stageDeadline(afterLifting holdID: String, context: DecisionContext) throws(DomainError) -> LocalDate? {
        guard holds.allSatisfy({ $0.id == holdID }), let deadline = stageDeadline, let pausedSince else { return nil }
        let calendar = context.configuration.calendar
        do {
            let held = try calendar.workingDays(after: max(pausedSince, stageEnteredOn), through: context.today)
            return try calendar.adding(workingDays: held, to: deadline)
        } catch {
            throw DomainError(.configurationMissing, error.description)
        }
    }
}
