import Synchronization

/// Work that many callers hand in one item at a time and a few workers take in lots: how the
/// pool multiplexes statements (``ConnectionPool/Options-swift.struct/multiplexingConnections``)
/// and the event store commits concurrent appends together.
///
/// A worker takes everything queued (up to a limit), does it in one round trip and comes back
/// for more; when it finds the queue empty it retires. A caller whose item finds fewer than
/// `maxWorkers` at work starts one. All of it is a few instructions under a lock.
package final class BatchQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var workers = 0
        var isClosed = false
    }

    private let state = Mutex(State())
    package let maxWorkers: Int

    package init(maxWorkers: Int) {
        self.maxWorkers = max(1, maxWorkers)
    }

    /// Items waiting for a worker now.
    package var count: Int { state.withLock { $0.items.count } }

    package enum Admission: Sendable {
        /// A worker at work will take it.
        case queued
        /// Queued, and the caller must start a worker (already counted).
        case startWorker
        /// Not queued: the queue is closed.
        case closed
        /// Not queued: the calling task is cancelled (checked under the lock, so that a
        /// cancellation handler that ran before the item was queued cannot miss it).
        case cancelled
    }

    package func enqueue(_ item: Item) -> Admission {
        state.withLock { state in
            if state.isClosed { return .closed }
            if Task.isCancelled { return .cancelled }
            state.items.append(item)
            guard state.workers < maxWorkers else { return .queued }
            state.workers += 1
            return .startWorker
        }
    }

    /// The next lot, oldest first, for a worker; nil (and the worker counted off) when nothing
    /// is queued.
    package func take(limit: Int = .max) -> [Item]? {
        state.withLock { state in
            guard !state.items.isEmpty else {
                state.workers -= 1
                return nil
            }
            guard state.items.count > limit else {
                defer { state.items = [] }
                return state.items
            }
            defer { state.items.removeFirst(limit) }
            return Array(state.items.prefix(limit))
        }
    }

    /// A worker that could not start (no connection came free, say) counts itself off. When it
    /// was the last, nobody will take what is queued: it is returned, for the caller to fail.
    package func workerFailedToStart() -> [Item] {
        state.withLock { state in
            state.workers -= 1
            guard state.workers == 0 else { return [] }
            defer { state.items = [] }
            return state.items
        }
    }

    /// Drops the queued items `matching` says to (a cancelled caller's).
    package func remove(where matching: (Item) -> Bool) {
        state.withLock { state in state.items.removeAll(where: matching) }
    }

    /// Refuses new items from now on and returns those queued, for the caller to fail.
    package func close() -> [Item] {
        state.withLock { state in
            state.isClosed = true
            defer { state.items = [] }
            return state.items
        }
    }
}

/// A caller suspended until its item's work is done, resumed exactly once: with the result, or
/// at once when it is cancelled, whichever comes first. The lock guarantees the once, so the
/// continuation need not be a checked one (which costs an allocation per call).
package final class Suspended<Value: Sendable>: Sendable {
    private let continuation = Mutex<UnsafeContinuation<Value, any Error>?>(nil)

    package init() {}

    /// Suspends the calling task until ``resume(_:)``. `enqueue` runs once the continuation is
    /// stored, and hands the work to a queue; `onCancel` runs if the task is cancelled, to take
    /// it out of the queue again if it is still there.
    package func wait(
        enqueue: () -> Void, onCancel: @Sendable () -> Void
    ) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                self.continuation.withLock { $0 = continuation }
                enqueue()
            }
        } onCancel: {
            onCancel()
            resume(.failure(CancellationError()))
        }
    }

    /// Resumes the caller unless it was resumed already (or is not waiting yet: it then finds
    /// out it was cancelled when it queues).
    package func resume(_ result: Result<Value, any Error>) {
        continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }?.resume(with: result)
    }
}
