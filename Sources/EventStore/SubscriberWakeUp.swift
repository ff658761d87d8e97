import Synchronization

/// Sends subscriptions their wake-up (one NOTIFY per tenant) after appends commit, gathering the
/// appends that commit while one wake-up is on its way into the next.
///
/// A NOTIFY is a transaction of its own, and every notifying transaction takes PostgreSQL's
/// cluster-wide notify queue lock at its commit. Sent after each append, sixteen writers' wake-ups
/// cost more than a third of their appends' throughput (pgbench, the append function at 16
/// clients on 2 cores: 9,300 calls/s alone, 5,600 each followed by a NOTIFY). Gathered, there is at
/// most one wake-up on its way and one waiting, whatever the number of writers, and an append's
/// caller does not wait for any. A wake-up lost with its connection only delays subscribers until
/// their next poll.
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

    /// Wakes the subscriptions of `tenants`: at once when no wake-up is on its way, else with the
    /// next one, which leaves as soon as the current one is done.
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
