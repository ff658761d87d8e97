import Foundation

/// An event store failure. Branch on ``code``; the other fields say what it concerns.
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The stream was not at the expected version; nothing was written.
        public static let versionConflict = Code("versionConflict")
        /// An event id is already stored with other content (a retry that is not one).
        public static let idempotencyMismatch = Code("idempotencyMismatch")
        /// A stream name that cannot be stored unambiguously.
        public static let invalidStreamName = Code("invalidStreamName")
        /// An append without events.
        public static let emptyAppend = Code("emptyAppend")
        /// Stored data that could not be read back (such as malformed metadata).
        public static let corruptEvent = Code("corruptEvent")
        /// The database answered an append with other rows than one per stream: its functions
        /// are out of step with this binary (migrations not applied).
        public static let unexpectedResult = Code("unexpectedResult")

        public var description: String { name }
    }

    public var code: Code
    public var stream: StreamName?
    public var expected: ExpectedVersion?
    /// The stream's actual version at the conflict (0 when it has no events).
    public var actual: Int64?
    public var eventID: UUID?
    public var message: String

    public init(code: Code, stream: StreamName? = nil, expected: ExpectedVersion? = nil,
                actual: Int64? = nil, eventID: UUID? = nil, message: String) {
        self.code = code
        self.stream = stream
        self.expected = expected
        self.actual = actual
        self.eventID = eventID
        self.message = message
    }

    public static func versionConflict(stream: StreamName, expected: ExpectedVersion, actual: Int64) -> EventStoreError {
        EventStoreError(code: .versionConflict, stream: stream, expected: expected, actual: actual,
                        message: "stream \(stream) is at version \(actual), expected \(expected)")
    }

    public static func idempotencyMismatch(eventID: UUID) -> EventStoreError {
        EventStoreError(code: .idempotencyMismatch, eventID: eventID,
                        message: "event \(eventID.uuidString.lowercased()) is already stored with other content")
    }

    public var description: String { "EventStoreError(\(code)): \(message)" }
}
