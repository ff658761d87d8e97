import Foundation
import Synchronization

/// A clock tests move by hand, for what expires (tokens) or fills up again (rate limits) without
/// waiting for it.
final class MovableClock: Sendable {
    private let current: Mutex<Date>
    private let start: Date
    private let startInstant = ContinuousClock.now

    init(_ start: Date = Date()) {
        current = Mutex(start)
        self.start = start
    }

    /// The clock's time, to pass where a `now` closure is taken.
    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    /// The same clock as instants of a monotonic clock, to pass where one is taken.
    var instant: @Sendable () -> ContinuousClock.Instant {
        { self.startInstant + .seconds(self.now().timeIntervalSince(self.start)) }
    }

    func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(Double(duration.components.seconds)) }
    }
}
