import EventStore
import Foundation
import Nominations

/// A recorded event with its payload decoded into the domain's types.
public struct ProjectedEvent: Sendable {
    /// The domain event.
    public enum Body: Sendable {
        case nomination(NominationEvent)
        case council(CouncilSessionEvent)
    }

    public let record: RecordedEvent
    public let body: Body

    public var tenant: String { record.stream.tenant }

    /// Decodes `record`'s payload by its type name; throws for a type the code does not know.
    public init(_ record: RecordedEvent) throws {
        try self.init(record, decoder: JSONDecoder())
    }

    /// Decodes with `decoder`, which a batch reuses for all its events.
    init(_ record: RecordedEvent, decoder: JSONDecoder) throws {
        self.record = record
        decoder.userInfo[payloadTypeKey] = record.type
        if record.type.hasPrefix("council.") {
            body = .council(try decoder.decode(CouncilPayload.self, from: record.payload).event)
        } else {
            body = .nomination(try decoder.decode(NominationPayload.self, from: record.payload).event)
        }
    }
}

private let payloadTypeKey = CodingUserInfoKey(rawValue: "laurel.payloadType")!

/// Decodes a bare payload whose type name travels beside it, in `userInfo`.
private struct NominationPayload: Decodable {
    let event: NominationEvent
    init(from decoder: any Decoder) throws {
        event = try NominationEvent(type: decoder.userInfo[payloadTypeKey] as? String ?? "", payloadDecoder: decoder)
    }
}

private struct CouncilPayload: Decodable {
    let event: CouncilSessionEvent
    init(from decoder: any Decoder) throws {
        event = try CouncilSessionEvent(type: decoder.userInfo[payloadTypeKey] as? String ?? "", payloadDecoder: decoder)
    }
}
