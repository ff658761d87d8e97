import Postgres

extension EventStore {
    /// Every event of the global log after `checkpoint`, in the order of ``readAll(after:limit:tenant:)``:
    /// it catches up page by page and then goes live, woken by NOTIFY (with polling every
    /// ``Options/pollInterval`` as a fallback).
    ///
    /// Reading is driven by the consumer, one page ahead: while a full page is decoded and
    /// consumed, the next one is already being read from the server, and the page after it is
    /// asked for only once the consumer reaches the next. A slow consumer slows reading, and
    /// memory stays bounded by two pages. Store
    /// each event's ``RecordedEvent/checkpoint`` after handling it, and resume from it: every
    /// event is then delivered exactly once. The sequence ends when the task is cancelled.
    public func subscribe(from checkpoint: LogCheckpoint = .start, tenant: String? = nil) -> EventSubscription {
        EventSubscription(store: self, checkpoint: checkpoint, tenant: tenant)
    }
}

/// The events of the global log from a checkpoint on; see ``EventStore/subscribe(from:tenant:)``.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent
    let store: EventStore
    let checkpoint: LogCheckpoint
    let tenant: String?

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(store: store, checkpoint: checkpoint, tenant: tenant, wakeup: Wakeup(listener: store.listener))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let store: EventStore
        /// The last event delivered.
        public private(set) var checkpoint: LogCheckpoint
        let tenant: String?
        let wakeup: Wakeup
        private var page: [RecordedEvent] = []
        private var index = 0
        /// The next page, requested before the current one was decoded.
        private var prefetch: Prefetch?

        init(store: EventStore, checkpoint: LogCheckpoint, tenant: String?, wakeup: Wakeup) {
            self.store = store
            self.checkpoint = checkpoint
            self.tenant = tenant
            self.wakeup = wakeup
        }

        public mutating func next() async throws -> RecordedEvent? {
            while !Task.isCancelled {
                if index < page.count {
                    let event = page[index]
                    index += 1
                    checkpoint = event.checkpoint
                    return event
                }
                page = []
                index = 0
                let limit = store.options.subscriptionPageSize
                let rows: PostgresRows
                do {
                    if let ahead = prefetch {
                        prefetch = nil
                        rows = try await ahead.rows()
                    } else {
                        rows = try await store.orderedRows(after: checkpoint, limit: limit, tenant: tenant)
                    }
                } catch let error as PostgresError where error.code == .queryCancelled && Task.isCancelled {
                    return nil
                }
                if rows.isEmpty {
                    await wakeup.wait(timeout: store.options.pollInterval)
                    continue
                }
                // A full page means more is likely waiting: the server produces it while this
                // page is decoded. A short one means the head is near, where the next read
                // would only find nothing.
                if rows.count >= limit, let last = try EventStore.lastCheckpoint(of: rows) {
                    let (store, tenant) = (store, tenant)
                    prefetch = Prefetch { try await store.orderedRows(after: last, limit: limit, tenant: tenant) }
                }
                page = try EventStore.decodeEvents(rows)
            }
            return nil
        }
    }

    /// A page being read ahead; cancelled when the iterator that asked for it goes away.
    final class Prefetch: Sendable {
        private let task: Task<PostgresRows, any Error>

        init(_ read: @escaping @Sendable () async throws -> PostgresRows) {
            task = Task(operation: read)
        }

        func rows() async throws -> PostgresRows {
            try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        }

        deinit { task.cancel() }
    }

    /// Forwards the listener's notifications to a doorbell for as long as the iterator lives.
    final class Wakeup: Sendable {
        private let doorbell = Doorbell()
        private let forwarding: Task<Void, Never>?

        init(listener: Listener?) {
            guard let listener else {
                forwarding = nil
                return
            }
            let doorbell = doorbell
            forwarding = Task {
                let events = listener.events()
                do {
                    try await listener.listen(EventStore.notificationChannel)
                } catch {
                    // Without LISTEN the subscription still polls.
                    return
                }
                // Any event rings: a notification, or a reconnection after which some may be lost.
                for await _ in events { doorbell.ring() }
            }
        }

        func wait(timeout: Duration) async { await doorbell.wait(timeout: timeout) }

        deinit { forwarding?.cancel() }
    }
}
