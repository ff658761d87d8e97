import Nominations
import Synchronization

/// The award decisions this process is issuing, per register, in the order they joined.
///
/// A decision that joins while another of its authority is under way here takes the number after
/// that one's, decides its approvals and writes itself meanwhile, and takes its number on the
/// register as that one will leave it, without reading it; its append then stores its approvals
/// side by side with that one's and takes the number in turn after it. Decisions issued at once by
/// one authority are numbered in turn rather than all reading the same number and all but one
/// deciding again, and none waits for the one before to be stored to begin its own append.
/// Correctness does not rest on the queue: the register still takes only its next number at the
/// version the append expects, so a guess made wrong by a decision refused or rolled back before
/// it, or by another instance, is refused or conflicts, and the register is read again.
final class DecisionQueue: Sendable {
    /// One decision's place in its register's queue.
    final class Place: Sendable {
        /// The number it took or will take; nil if it ended before it had one.
        let number = OneShot<Int?>()
        /// Set once it has decided its number: the register as its append will leave it (nil
        /// when it ends before). The next decision takes its own number on that state without
        /// reading the register, and its append takes it in turn after this one's (see
        /// `EventStore.append(_:inTurn:_:)`), its expected version checking it.
        let taken = OneShot<Loaded<DecisionRegister>?>()
        /// Set when it has ended, its number stored or not: a decision after it whose guess
        /// failed reads the register only then.
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

    /// Leaves `key`'s queue once the decision at `place` has ended. When no decision joined
    /// after it, the queue is emptied, so the next decision reads the register.
    func leave(_ key: RegisterKey, _ place: Place) {
        place.number.set(nil)
        place.taken.set(nil)
        place.ended.set(())
        lastJoined.withLock { lastJoined in
            if lastJoined[key] === place { lastJoined[key] = nil }
        }
    }
}
