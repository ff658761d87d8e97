import Postgres

extension EventStore {
    /// Every event of the global log after `checkpoint`, in the order of ``readAll(after:limit:tenant:)``:
    /// it catches up page by page and then goes live, woken by NOTIFY (with polling every
    /// ``Options/pollInterval`` as a fallback).
    ///
    /// Reading runs ahead of the consumer: after a full page, a task of its own reads the next
    /// pages (each asked for as soon as the one before it arrived) while the consumer decodes and
    /// handles the current one. At most ``readAheadPages`` pages wait undecoded, so a slow
    /// consumer slows reading and memory stays bounded (by that many pages, one arriving, and
    /// the current one). Store
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
        /// The pages after the current one, read while it is decoded and consumed.
        private var readAhead: ReadAhead?

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
                    if let next = try await readAhead?.next() {
                        rows = next
                    } else {
                        readAhead = nil
                        rows = try await store.orderedRows(after: checkpoint, limit: limit, tenant: tenant)
                        // A full page means more is likely waiting: read on while this page is
                        // decoded. A short one means the head is near, where reading on would
                        // only find nothing.
                        if rows.count >= limit, let last = try EventStore.lastCheckpoint(of: rows) {
                            readAhead = ReadAhead(store: store, after: last, tenant: tenant, limit: limit,
                                                  depth: EventStore.readAheadPages)
                        }
                    }
                } catch where Task.isCancelled && Self.endsWithCancellation(error) {
                    return nil
                } catch {
                    readAhead = nil
                    throw error
                }
                if rows.isEmpty {
                    await wakeup.wait(timeout: store.options.pollInterval)
                    continue
                }
                page = try EventStore.decodeEvents(rows)
            }
            return nil
        }

        /// Whether `error` is how a read ends when its task is cancelled.
        private static func endsWithCancellation(_ error: any Error) -> Bool {
            if error is CancellationError { return true }
            return (error as? PostgresError)?.code == .queryCancelled
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
