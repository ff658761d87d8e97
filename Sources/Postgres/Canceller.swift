import CLibPQ
import Synchronization

/// Cancels the statement a task is waiting on when that task is cancelled.
///
/// `PQcancel` is thread-safe and opens its own short connection, so it may be called from the
/// cancellation handler on any thread. Each operation runs under a token: a cancellation that
/// arrives after its operation ended (or before it began) must not hit the next statement.
final class Canceller: Sendable {
    /// libpq's cancel object; `PQcancel` on it is documented as safe from any thread.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private struct State {
        var handle: Handle?
        var running: UInt64?
        var nextToken: UInt64 = 0
    }

    private let state = Mutex(State())

    func attach(_ connection: OpaquePointer) {
        let handle = PQgetCancel(connection).map(Handle.init)
        state.withLock { state in
            if let old = state.handle { PQfreeCancel(old.pointer) }
            state.handle = handle
        }
    }

    func detach() {
        state.withLock { state in
            if let old = state.handle { PQfreeCancel(old.pointer) }
            state.handle = nil
        }
    }

    /// A token for one operation, taken before its cancellation handler is installed.
    func makeToken() -> UInt64 {
        state.withLock { state in
            state.nextToken += 1
            return state.nextToken
        }
    }

    /// Marks the operation as running; throws if its task is already cancelled. The check and
    /// the mark happen under the lock `cancel` takes, so a cancellation is never missed.
    func begin(_ token: UInt64) throws {
        try state.withLock { state in
            if Task.isCancelled {
                throw PostgresError(code: .queryCancelled, message: "the task was cancelled before the statement ran")
            }
            state.running = token
        }
    }

    func end(_ token: UInt64) {
        state.withLock { state in
            if state.running == token { state.running = nil }
        }
    }

    /// Asks the server to cancel the operation, if it is still the one running. Holding the lock
    /// while cancelling keeps a new operation from starting in between.
    func cancel(_ token: UInt64) {
        state.withLock { state in
            guard state.running == token, let handle = state.handle else { return }
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(handle.pointer, &buffer, Int32(buffer.count))
        }
    }
}
