import Nominations
import Synchronization

/// The award decisions this process is issuing, per register, in the order they joined.
///
/// A decision that joins while another of its authority is under way here takes the number after
/// that one's without reading the register, decides its approvals meanwhile, and takes its number
/// only once that one has ended: decisions issued at once by one authority are numbered in turn,
/// each one's approvals prepared while the one before is appended, rather than all reading the
/// same number and all but one deciding again. Correctness does not rest on the queue: the
/// register still takes only its next number, so a guess made wrong by a decision refused before
/// it, or by another instance, is refused and the register read again.
final class DecisionQueue: Sendable {
    /// One decision's place in its register's queue.
    final class Place: Sendable {
        /// The number it took or will take; nil if it ended before it had one.
        let number = OneShot<Int?>()
        /// Set when it has ended, its number stored or not.
        let ended = OneShot<Void>()
    }

    /// The last decision to join each register's queue: the one a decision joining now follows.
    private let lastJoined = Mutex<[RegisterKey: Place]>([:])

    /// Joins `key`'s queue: the place of the decision before this one here, if any, and this one's.
    func join(_ key: RegisterKey) -> (before: Place?, own: Place) {
        let own = Place()
        let before = lastJoined.withLock { lastJoined in
            defer { lastJoined[key] = own }
            return lastJoined[key]
        }
        return (before, own)
    }

    /// Leaves `key`'s queue once the decision at `place` has ended, and lets the next one go on.
    /// When no decision joined after it, the queue is emptied, so the next decision reads the
    /// register again.
    func leave(_ key: RegisterKey, _ place: Place) {
        place.number.set(nil)
        place.ended.set(())
        lastJoined.withLock { lastJoined in
            if lastJoined[key] === place { lastJoined[key] = nil }
        }
    }
}
