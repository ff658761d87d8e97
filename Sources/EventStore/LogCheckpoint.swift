/// A place in the global log: the writing transaction's id and the event's position.
///
/// The log is read in (transaction id, position) order, below the oldest transaction still
/// running, so an event committed late is never behind a checkpoint already handed out.
/// The string form `"xid:position"` is for HTTP tokens and logs.
public struct LogCheckpoint: Sendable, Codable, Comparable, Hashable, LosslessStringConvertible {
    public var transactionID: UInt64
    public var position: Int64

    public init(transactionID: UInt64, position: Int64) {
        self.transactionID = transactionID
        self.position = position
    }

    /// Before every event.
    public static let start = LogCheckpoint(transactionID: 0, position: 0)

    public static func < (lhs: LogCheckpoint, rhs: LogCheckpoint) -> Bool {
        (lhs.transactionID, lhs.position) < (rhs.transactionID, rhs.position)
    }

    /// Parses `"xid:position"`.
    public init?(_ description: String) {
        let parts = description.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let transactionID = UInt64(parts[0]), let position = Int64(parts[1]),
              position >= 0 else { return nil }
        self.init(transactionID: transactionID, position: position)
    }

    public var description: String { "\(transactionID):\(position)" }
}
