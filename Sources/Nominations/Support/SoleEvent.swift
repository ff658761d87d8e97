/// The events of an aggregate with one kind of event (a registration, a unit's task ratings, an
/// import of earlier awards, a decision register): its payload, with the type name, schema
/// version and decoding every domain event has.
public enum SoleEvent<Payload: EventPayload>: Sendable, Equatable, DomainEvent {
    case recorded(Payload)

    public var payload: Payload {
        switch self {
        case .recorded(let payload): payload
        }
    }

    public var storedPayload: any EventPayload { payload }
    public var type: String { Payload.type }
    public var schemaVersion: Int { Payload.schemaVersion }

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        guard type == Payload.type else { throw UnknownTypeError(type: type) }
        self = .recorded(try Payload(from: decoder))
    }
}
