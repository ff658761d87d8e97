/// A level-triggered wake-up: `signal()` wakes every waiter, or the next one to wait if none is
/// waiting, so a signal that arrives between two waits is not lost.
actor WakeSignal {
    private var pending = false
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextID: UInt64 = 0

    func signal() {
        if waiters.isEmpty {
            pending = true
            return
        }
        let woken = waiters.values
        waiters.removeAll()
        woken.forEach { $0.resume() }
    }

    /// Returns at the next signal, or after `timeout`, whichever comes first.
    func wait(timeout: Duration) async {
        if pending {
            pending = false
            return
        }
        nextID += 1
        let id = nextID
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(id)
            }
        }
    }

    private func expire(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
