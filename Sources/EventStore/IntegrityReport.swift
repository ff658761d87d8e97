import Foundation

/// What ``EventStore/verify(stream:)`` or ``EventStore/verifyAll()`` found.
public struct IntegrityReport: Sendable, Codable, Equatable, CustomStringConvertible {
    public var streamsChecked: Int
    public var eventsChecked: Int
    public var sealsChecked: Int
    /// The first problem of each damaged stream, then the seals that no longer match.
    public var issues: [IntegrityIssue]

    public var isIntact: Bool { issues.isEmpty }

    public var description: String {
        var lines = ["checked \(streamsChecked) streams, \(eventsChecked) events, \(sealsChecked) seals: "
            + (isIntact ? "intact" : "\(issues.count) problem\(issues.count == 1 ? "" : "s")")]
        lines += issues.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// One integrity problem, naming the event or seal concerned.
public struct IntegrityIssue: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The event's content no longer matches its hash.
        case altered
        /// An event is missing from its stream (a gap, or fewer events than the stream's version).
        case removed
        /// An event whose predecessor link fits no event of the stream.
        case inserted
        /// An event whose predecessor is another event of the stream, not the one before it.
        case reordered
        /// A seal no longer matches the range of the log it covers, or its chain is broken.
        case sealMismatch
    }

    public var kind: Kind
    public var stream: StreamName?
    public var version: Int64?
    public var eventID: UUID?
    public var position: Int64?
    public var sealNumber: Int64?
    public var message: String

    public var description: String {
        var subject: [String] = []
        if let stream { subject.append("stream \(stream)") }
        if let version { subject.append("version \(version)") }
        if let eventID { subject.append("event \(eventID.uuidString.lowercased())") }
        if let position { subject.append("position \(position)") }
        if let sealNumber { subject.append("seal \(sealNumber)") }
        return "\(kind.rawValue): \(subject.joined(separator: ", ")): \(message)"
    }
}

/// A seal over a range of the global log; see ``EventStore/seal()``.
public struct Seal: Sendable, Codable, Equatable {
    public var number: Int64
    /// Exclusive: the previous seal's end.
    public var from: LogCheckpoint
    /// Inclusive: the range's last event.
    public var to: LogCheckpoint
    public var eventCount: Int64
    /// SHA-256 over the range's event hashes, in log order.
    public var eventsDigest: String
    public var previousSealHash: String?
    public var hash: String

    /// The seal hash for these fields (docs/event-encoding.md).
    static func hash(number: Int64, from: LogCheckpoint, to: LogCheckpoint, eventCount: Int64,
                     eventsDigest: String, previousSealHash: String?) -> String {
        var encoding = CanonicalEncoding(tag: "laurel.seal.v1")
        for field in [String(number), from.description, to.description, String(eventCount), eventsDigest,
                      previousSealHash ?? ""] {
            encoding.append(field)
        }
        return encoding.hex()
    }
}
