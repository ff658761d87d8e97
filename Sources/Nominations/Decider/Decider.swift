/// An aggregate as the command handler drives it: an initial state, `evolve` to fold its events,
/// and `decide` to turn a command into events. Pure: everything `decide` consults from outside
/// (the actor, today, the rules, other aggregates' states) comes in its context.
public protocol Decider {
    associatedtype State: Sendable
    associatedtype Command: Sendable
    associatedtype Event: DomainEvent
    associatedtype Context: Sendable

    /// The state before the stream's first event.
    static var initialState: State { get }
    /// Applies one event; total, as events record facts already decided.
    static func evolve(_ state: State, _ event: Event) -> State
    /// The events a command leads to, or a refusal with a stable code.
    static func decide(_ command: Command, _ state: State, _ context: Context) throws(DomainError) -> [Event]
}

extension Decider {
    /// Folds `events` from the initial state.
    public static func fold(_ events: some Sequence<Event>) -> State {
        events.reduce(initialState, evolve)
    }
}

/// An event the domain stores: a stable type name, a schema version and a payload, and the way
/// back from a stored payload. The domain owns the decoding of its own events.
public protocol DomainEvent: Sendable {
    /// The stable type name, for example `nomination.submitted`.
    var type: String { get }
    /// The payload's schema version.
    var schemaVersion: Int { get }
    /// The payload, for the event store.
    var storedPayload: any EventPayload { get }
    /// Decodes a stored payload of the type named `type`; throws ``UnknownTypeError`` for another aggregate's.
    init(type: String, payloadDecoder decoder: any Decoder) throws
}
