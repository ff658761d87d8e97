import Nominations
import Workflow

/// What a batch's events do to one nomination's stage and holds, for the read models that keep
/// both: the latest stage entered, a deadline a lift moved after it, and each hold placed (its
/// kind) or lifted (nil), to merge into the row's holds with a lifted one removed.
struct StageAndHolds {
    var stage: StageChange?
    var movedDeadline: LocalDate?
    var holds: [String: String?] = [:]

    /// The due date to write: a lift's moved deadline, else the latest stage's; nil with neither
    /// means the row's stays.
    var deadline: LocalDate? { movedDeadline ?? stage?.deadline }

    /// Whether a hold the batch placed is still in force at this point of the batch.
    var holdsPlacedInForce: Bool { holds.values.contains { $0 != nil } }

    mutating func apply(_ event: NominationEvent) {
        if let stage = event.stage {
            self.stage = stage
            movedDeadline = nil
        }
        switch event {
        case .holdPlaced(let hold):
            holds[hold.holdID] = .some(hold.holdKind)
        case .holdLifted(let lifted):
            holds[lifted.holdID] = .some(nil)
            if let deadline = lifted.stageDeadline { movedDeadline = deadline }
        default:
            break
        }
    }
}
