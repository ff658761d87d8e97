import EventStore
import Nominations

/// Events for another aggregate that follow from a command's decision (a place of a unit's quota,
/// an award in the nominee's record), appended in the same transaction with the version that was
/// read: a concurrent change to that aggregate fails the whole command, which is decided again.
public struct LinkedAppend: Sendable {
    public let stream: StreamName
    public let expected: ExpectedVersion
    public let events: [any DomainEvent]

    /// `command` decided by `decider` on `loaded`, the state of `stream`; nil when it changes nothing.
    public static func decide<L: Decider>(
        _ decider: L.Type, _ command: L.Command, on stream: StreamName, loaded: Loaded<L.State>, context: L.Context
    ) throws(DomainError) -> LinkedAppend? {
        let events = try L.decide(command, loaded.state, context)
        guard !events.isEmpty else { return nil }
        return LinkedAppend(stream: stream, expected: loaded.expected, events: events)
    }

    /// `command` decided by `decider` on its initial state and appended at any version of
    /// `stream`: for a command whose decision needs nothing the aggregate holds, because another
    /// stream's expected version already lets it happen once.
    public static func unconditional<L: Decider>(
        _ decider: L.Type, _ command: L.Command, on stream: StreamName, context: L.Context
    ) throws(DomainError) -> LinkedAppend? {
        let events = try L.decide(command, L.initialState, context)
        guard !events.isEmpty else { return nil }
        return LinkedAppend(stream: stream, expected: .any, events: events)
    }
}
