import Foundation
import Synchronization

/// A clock tests move by hand, for what expires (tokens) without waiting for it.
final class MovableClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    /// The clock's time, to pass where a `now` closure is taken.
    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(Double(duration.components.seconds)) }
    }
}
