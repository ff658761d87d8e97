import EventStore

/// An aggregate's state folded from its stream, with the version it was read at (0: no events).
public struct Loaded<State: Sendable>: Sendable {
    public let state: State
    public let version: Int64
    /// The stream was not read: the command starts it, and this attempt takes it to be new, as an
    /// append expecting no stream will check.
    public let isAssumedNew: Bool
    /// The state is the one this process kept from its last command on the stream, not read:
    /// another process may have moved the stream since.
    var isKept = false

    public init(state: State, version: Int64, isAssumedNew: Bool = false) {
        self.state = state
        self.version = version
        self.isAssumedNew = isAssumedNew
    }

    /// The version an append after this read expects.
    var expected: ExpectedVersion { version == 0 ? .noStream : .exact(version) }
}
