import EventStore
import Foundation
import Nominations

/// A recorded event with its payload decoded into the domain's types.
///
/// A class: a batch hands each event to every projection that handles it, and copying a
/// reference is one retain where copying the struct retained each of its many fields.
public final class ProjectedEvent: Sendable {
    /// The domain event.
    public enum Body: Sendable {
        case nomination(NominationEvent)
        case council(CouncilSessionEvent)
        /// A nominee's awards: the read models take imported awards from here (awards decided in
        /// Laurel they take from the nomination's own events).
        case awards(AwardsEvent)
        /// An account's creation and changes: the accounts read model lists them.
        case account(AccountEvent)
    }

    public let record: RecordedEvent
    public let body: Body

    public var tenant: String { record.stream.tenant }

    /// Decodes `record`'s payload by its type name; throws for a type the code does not know.
    public init(_ record: RecordedEvent) throws {
        self.record = record
        let type = record.type
        let decoder = StoredJSONDecoder()
        if type.hasPrefix("council.") {
            body = .council(try decoder.decode(from: record.payload) { try CouncilSessionEvent(type: type, payloadDecoder: $0) })
        } else if type.hasPrefix("awards.") {
            body = .awards(try decoder.decode(from: record.payload) { try AwardsEvent(type: type, payloadDecoder: $0) })
        } else if type.hasPrefix("account.") {
            body = .account(try decoder.decode(from: record.payload) { try AccountEvent(type: type, payloadDecoder: $0) })
        } else {
            body = .nomination(try decoder.decode(from: record.payload) { try NominationEvent(type: type, payloadDecoder: $0) })
        }
    }
}
