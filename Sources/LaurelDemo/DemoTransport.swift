import Foundation
import LaurelServer
import Synchronization
import Workflow

/// How the demo reaches the API: over TCP from `laurel demo`, or through Hummingbird's test
/// client in the tests, so both drive exactly the same routes.
public protocol DemoTransport: Sendable {
    func send(_ method: String, _ path: String, token: String?, json: String?, headers: [String: String]) async throws -> DemoResponse
}

/// A response as the demo reads it.
public struct DemoResponse: Sendable {
    public let status: Int
    public let body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }

    /// The body as a JSON object, or empty.
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    /// The body as a JSON array of objects, or empty.
    var objects: [[String: Any]] { (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? [] }
}

/// The demo's calendar: a simulated "today" the script moves forward, so a ten-working-day
/// consultation passes in a second. The service decides with it; recorded times stay real.
public final class DemoClock: Sendable {
    private let date: Mutex<LocalDate>

    public init(start: LocalDate) {
        date = Mutex(start)
    }

    public var today: LocalDate { date.withLock { $0 } }

    /// Moves today forward by `days` calendar days.
    func advance(days: Int) {
        date.withLock { $0 = $0.adding(days: days) }
    }
}
