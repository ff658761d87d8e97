import Postgres

extension EventStore {
    /// Every event of the global log after `checkpoint`, in the order of ``readAll(after:limit:tenant:)``:
    /// it catches up page by page and then goes live, woken by NOTIFY (with polling every
    /// ``Options/pollInterval`` as a fallback).
    ///
    /// Reading is driven by the consumer: a page is fetched only when the previous one has been
    /// consumed, so a slow consumer slows reading and memory stays bounded by one page. Store
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
                // Release the consumed page before fetching the next, so two never coexist.
                page = []
                index = 0
                do {
                    page = try await store.readAll(after: checkpoint, limit: store.options.subscriptionPageSize, tenant: tenant)
                } catch let error as PostgresError where error.code == .queryCancelled && Task.isCancelled {
                    return nil
                }
                if page.isEmpty { await wakeup.wait(timeout: store.options.pollInterval) }
            }
            return nil
        }
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
