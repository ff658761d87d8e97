import EventStore

/// An aggregate's state folded from its stream, with the version it was read at (0: no events).
public struct Loaded<State: Sendable>: Sendable {
    public let state: State
    public let version: Int64

    public init(state: State, version: Int64) {
        self.state = state
        self.version = version
    }

    /// The version an append after this read expects.
    var expected: ExpectedVersion { version == 0 ? .noStream : .exact(version) }
}
