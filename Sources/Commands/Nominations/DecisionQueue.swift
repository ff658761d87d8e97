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

    private struct Queue {
        var last: Place
        var size: Int
    }

    private let queues = Mutex<[RegisterKey: Queue]>([:])

    /// Joins `key`'s queue: the place of the decision before this one here, if any, and this one's.
    func join(_ key: RegisterKey) -> (before: Place?, own: Place) {
        let own = Place()
        let before = queues.withLock { queues -> Place? in
            let before = queues[key]?.last
            queues[key] = Queue(last: own, size: (queues[key]?.size ?? 0) + 1)
            return before
        }
        return (before, own)
    }

    /// Leaves `key`'s queue once the decision at `place` has ended, and lets the next one go on.
    /// The last to leave empties the queue, so the next decision reads the register again.
    func leave(_ key: RegisterKey, _ place: Place) {
        place.number.set(nil)
        place.ended.set(())
        queues.withLock { queues in
            guard var queue = queues[key] else { return }
            queue.size -= 1
            queues[key] = queue.size == 0 ? nil : queue
        }
    }
}

/// A value set once (later sets are ignored) that any number of tasks await.
final class OneShot<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Value?, waiting: [CheckedContinuation<Value, Never>])>((nil, []))

    func set(_ value: Value) {
        let waiting = state.withLock { state -> [CheckedContinuation<Value, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiting = [] }
            return state.waiting
        }
        waiting.forEach { $0.resume(returning: value) }
    }

    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let value = state.withLock { state -> Value? in
                if state.value == nil { state.waiting.append(continuation) }
                return state.value
            }
            if let value { continuation.resume(returning: value) }
        }
    }
}
