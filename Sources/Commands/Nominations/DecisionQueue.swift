import Nominations
import Synchronization

/// The award decisions this process is issuing, per register, in the order they joined.
///
/// A decision that joins while another of its authority is under way here takes the number after
/// that one's, decides its approvals and writes itself meanwhile, and takes its number once that
/// one has ended, on the register as that one left it, without reading it: decisions issued at
/// once by one authority are numbered in turn, each one prepared while the one before is
/// appended, rather than all reading the same number and all but one deciding again. Correctness
/// does not rest on the queue: the register still takes only its next number at the version the
/// append expects, so a guess made wrong by a decision refused before it, or by another instance,
/// is refused or conflicts, and the register is read again.
final class DecisionQueue: Sendable {
    /// One decision's place in its register's queue.
    final class Place: Sendable {
        /// The number it took or will take; nil if it ended before it had one.
        let number = OneShot<Int?>()
        /// Set when it has ended: the register as its stored number left it, or nil when it
        /// stored none. The next decision takes its own number on that state without reading
        /// the register; its append's expected version still checks it.
        let ended = OneShot<Loaded<DecisionRegister>?>()
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

    /// Leaves `key`'s queue once the decision at `place` has ended, leaving `register` as its
    /// stored number left it (nil when it stored none), and lets the next one go on. When no
    /// decision joined after it, the queue is emptied, so the next decision reads the register.
    func leave(_ key: RegisterKey, _ place: Place, register: Loaded<DecisionRegister>?) {
        place.number.set(nil)
        place.ended.set(register)
        lastJoined.withLock { lastJoined in
            if lastJoined[key] === place { lastJoined[key] = nil }
        }
    }
}
