import Synchronization

/// Sends subscriptions their wake-up (one NOTIFY per tenant) after appends commit, gathering the
/// appends that commit while one wake-up is on its way into the next.
///
/// A NOTIFY is a transaction of its own, and every notifying transaction takes PostgreSQL's
/// cluster-wide notify queue lock at its commit. Sent after each append, sixteen writers' wake-ups
/// cost more than a third of their appends' throughput (pgbench, the append function at 16
/// clients on 2 cores: 9,300 calls/s alone, 5,600 each followed by a NOTIFY). So there is at most
/// one wake-up on its way: an append that finds none carries it in its own round trip, after its
/// commit (``carry(_:)``), as a lone writer always does; one that finds one on its way rings after
/// its commit (``ring(_:)``), and what was rung meanwhile leaves together, from a task of its own,
/// once the one on its way is done. A wake-up lost with its connection only delays subscribers
/// until their next poll.
final class SubscriberWakeUp: Sendable {
    private struct State {
        var pending: Set<String> = []
        var sending = false
    }

    private let state = Mutex(State())
    private let send: @Sendable (Set<String>) async -> Void

    /// `send` notifies the tenants it is given; it is called by one task at a time.
    init(send: @escaping @Sendable (Set<String>) async -> Void) {
        self.send = send
    }

    /// Whether the caller, about to commit an append, carries the wake-up in its round trip:
    /// true when none is on its way, and then the caller must call ``carried()`` once its round
    /// trip is over, whatever its outcome. When false, the caller rings after its commit.
    func carry() -> Bool {
        state.withLock { state in
            guard !state.sending else { return false }
            state.sending = true
            return true
        }
    }

    /// The wake-up an append carried is done: what was rung meanwhile leaves now.
    func carried() {
        let more = state.withLock { state -> Bool in
            if state.pending.isEmpty { state.sending = false }
            return !state.pending.isEmpty
        }
        if more { Task.detached { await self.sendWhilePending() } }
    }

    /// Wakes the subscriptions of `tenants`, whose events have committed: at once when no
    /// wake-up is on its way, else with the next one, which leaves as soon as the current one is
    /// done.
    func ring(_ tenants: Set<String>) {
        guard !tenants.isEmpty else { return }
        let start = state.withLock { state -> Bool in
            state.pending.formUnion(tenants)
            guard !state.sending else { return false }
            state.sending = true
            return true
        }
        if start { Task.detached { await self.sendWhilePending() } }
    }

    private func sendWhilePending() async {
        while true {
            let tenants = state.withLock { state -> Set<String> in
                let tenants = state.pending
                state.pending = []
                if tenants.isEmpty { state.sending = false }
                return tenants
            }
            guard !tenants.isEmpty else { return }
            await send(tenants)
        }
    }
}
