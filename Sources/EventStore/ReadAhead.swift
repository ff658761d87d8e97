import Postgres
import Synchronization

/// Reads the global log's pages ahead of a subscription's consumer.
///
/// A task of its own asks for each page as soon as the one before it has arrived, so the
/// server produces pages while the consumer decodes and handles earlier ones, rather than
/// waiting for the consumer to ask. At most `depth` pages wait undecoded; when they are not
/// taken, the reading waits (a slow consumer slows it, memory does not grow). It stops after a
/// page that is not full: the head of the log is near, where reading on would find nothing.
final class ReadAhead: Sendable {
    private let pages: PageQueue<PostgresRows>
    private let reading: Task<Void, Never>

    init(store: EventStore, after checkpoint: LogCheckpoint, tenant: String?, limit: Int, depth: Int) {
        let pages = PageQueue<PostgresRows>(capacity: depth)
        self.pages = pages
        reading = Task {
            var after = checkpoint
            do {
                while true {
                    let rows = try await store.orderedRows(after: after, limit: limit, tenant: tenant)
                    guard await pages.put(rows) else { return }
                    guard rows.count >= limit, let last = try EventStore.lastCheckpoint(of: rows) else { break }
                    after = last
                }
                pages.finish(throwing: nil)
            } catch {
                pages.finish(throwing: error)
            }
        }
    }

    /// The next page in log order, or nil after the page that was not full.
    ///
    /// Throws what reading it threw, or `CancellationError` when the calling task is cancelled.
    func next() async throws -> PostgresRows? { try await pages.take() }

    deinit {
        reading.cancel()
        pages.close()
    }
}

extension EventStore {
    /// Pages a subscription's read-ahead holds undecoded at most: the server may get a page
    /// further ahead than the consumer, at a few hundred kilobytes a page of a thousand events.
    /// (Measured with two only; one or three were not tried.)
    static let readAheadPages = 2
}

/// Pages handed from a reading task to one consumer, at most `capacity` waiting.
final class PageQueue<Page: Sendable>: Sendable {
    private struct State {
        var pages: [Page] = []
        var finished = false
        var failure: (any Error)?
        /// The consumer gone: pages put are dropped and the reader stops.
        var closed = false
        var taker: CheckedContinuation<Page?, any Error>?
        var putter: CheckedContinuation<Bool, Never>?
    }

    private enum PutOutcome { case handed(CheckedContinuation<Page?, any Error>), queued, full, closed }
    private enum TakeOutcome { case page(Page, CheckedContinuation<Bool, Never>?), end((any Error)?), wait, cancelled }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Hands `rows` on; returns once fewer than `capacity` pages wait, or false when the
    /// consumer is gone.
    func put(_ rows: Page) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let outcome = state.withLock { state -> PutOutcome in
                if state.closed { return .closed }
                if let taker = state.taker {
                    state.taker = nil
                    return .handed(taker)
                }
                state.pages.append(rows)
                guard state.pages.count >= capacity else { return .queued }
                state.putter = continuation
                return .full
            }
            switch outcome {
            case .handed(let taker):
                taker.resume(returning: rows)
                continuation.resume(returning: true)
            case .queued: continuation.resume(returning: true)
            case .full: break
            case .closed: continuation.resume(returning: false)
            }
        }
    }

    /// No more pages will come: nil (or `failure`) for the consumer once it has taken the rest.
    func finish(throwing failure: (any Error)?) {
        let taker = state.withLock { state -> CheckedContinuation<Page?, any Error>? in
            state.finished = true
            state.failure = failure
            defer { state.taker = nil }
            return state.taker
        }
        guard let taker else { return }
        if let failure { taker.resume(throwing: failure) } else { taker.resume(returning: nil) }
    }

    func take() async throws -> Page? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Page?, any Error>) in
                let outcome = state.withLock { state -> TakeOutcome in
                    if !state.pages.isEmpty {
                        let page = state.pages.removeFirst()
                        defer { state.putter = nil }
                        return .page(page, state.putter)
                    }
                    if state.finished { return .end(state.failure) }
                    if Task.isCancelled { return .cancelled }
                    state.taker = continuation
                    return .wait
                }
                switch outcome {
                case .page(let page, let putter):
                    putter?.resume(returning: true)
                    continuation.resume(returning: page)
                case .end(let failure?): continuation.resume(throwing: failure)
                case .end(nil): continuation.resume(returning: nil)
                case .wait: break
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let taker = state.withLock { state -> CheckedContinuation<Page?, any Error>? in
                defer { state.taker = nil }
                return state.taker
            }
            taker?.resume(throwing: CancellationError())
        }
    }

    /// The consumer is gone: a reader waiting for room stops.
    func close() {
        let putter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.closed = true
            state.pages = []
            defer { state.putter = nil }
            return state.putter
        }
        putter?.resume(returning: false)
    }
}
