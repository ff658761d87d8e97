/// Errors of the projection runner and of queries that wait for a projection.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A query asked to see a position the projection did not reach in time.
        public static let notCaughtUp = Code("not_caught_up")
        /// A query asked to wait for a checkpoint at which the log has no event.
        public static let unknownCheckpoint = Code("unknown_checkpoint")
        /// No projection has this name.
        public static let unknownProjection = Code("unknown_projection")
        /// Another runner became the active one; this one stands by again.
        public static let lostLeadership = Code("lost_leadership")
        /// A checkpoint was not where the batch about to be written starts: something else moved it.
        public static let checkpointMoved = Code("checkpoint_moved")
        /// A list was given a cursor it did not hand out.
        public static let invalidCursor = Code("invalid_cursor")
        /// A stored event could not be decoded.
        public static let undecodableEvent = Code("undecodable_event")
        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
