@testable import EventStore
import PostgresTestSupport
import Synchronization
import Testing

/// The wake-up gathers appends' rings: one send on its way at a time, every tenant rung sent.
struct SubscriberWakeUpTests {
    /// Records what each send was given, and holds the first send until released.
    final class Sends: Sendable {
        let sent = Mutex<[Set<String>]>([])
        let inFlight = Mutex(0)
        let mostInFlight = Mutex(0)
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let held = Mutex(true)

        func send(_ tenants: Set<String>) async {
            let now = inFlight.withLock { $0 += 1; return $0 }
            mostInFlight.withLock { $0 = max($0, now) }
            if held.withLock({ $0 }) {
                await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
            }
            sent.withLock { $0.append(tenants) }
            inFlight.withLock { $0 -= 1 }
        }

        func release() {
            held.withLock { $0 = false }
            gate.withLock { $0?.resume(); $0 = nil }
        }

        var isHolding: Bool { gate.withLock { $0 != nil } }
    }

    @Test func ringsWhileOneIsOnItsWayShareTheNextSend() async throws {
        let sends = Sends()
        let wakeUp = SubscriberWakeUp { await sends.send($0) }
        wakeUp.ring(["vks"])
        #expect(try await eventually { sends.isHolding })
        // Rung while the first send is held: none of these goes out on its own.
        for tenant in ["vks", "hanoi", "nghean", "hanoi"] { wakeUp.ring([tenant]) }
        wakeUp.ring([])
        sends.release()
        #expect(try await eventually { sends.sent.withLock { $0.count } == 2 })
        #expect(sends.sent.withLock { $0 } == [["vks"], ["vks", "hanoi", "nghean"]])
        #expect(sends.mostInFlight.withLock { $0 } == 1)

        // Idle again: the next ring is sent at once, alone.
        wakeUp.ring(["hue"])
        #expect(try await eventually { sends.sent.withLock { $0.count } == 3 })
        #expect(sends.sent.withLock { $0.last } == ["hue"])
    }

    /// An append that finds no wake-up on its way carries one; while it does, others ring, and
    /// what they rang leaves together once it is done.
    @Test func aCarriedWakeUpHoldsBackTheRingsUntilItIsDone() async throws {
        let sends = Sends()
        sends.release()
        let wakeUp = SubscriberWakeUp { await sends.send($0) }
        #expect(wakeUp.carry())
        #expect(!wakeUp.carry())
        wakeUp.ring(["hanoi"])
        wakeUp.ring(["nghean"])
        try await Task.sleep(for: .milliseconds(50))
        #expect(sends.sent.withLock { $0.isEmpty })
        wakeUp.carried()
        #expect(try await eventually { sends.sent.withLock { $0.count } == 1 })
        #expect(sends.sent.withLock { $0 } == [["hanoi", "nghean"]])

        // Nothing rung while carried: the next append carries again.
        #expect(try await eventually { wakeUp.carry() })
        wakeUp.carried()
        #expect(wakeUp.carry())
    }

    @Test func anEmptyRingSendsNothing() async throws {
        let sends = Sends()
        sends.release()
        let wakeUp = SubscriberWakeUp { await sends.send($0) }
        wakeUp.ring([])
        wakeUp.ring(["vks"])
        #expect(try await eventually { sends.sent.withLock { $0.count } == 1 })
        #expect(sends.sent.withLock { $0 } == [["vks"]])
    }
}
