import Foundation

/// Who did what and why, stored with every event (as JSON with snake_case keys).
public struct EventMetadata: Codable, Sendable, Equatable {
    public var actorID: String?
    public var actorRoles: [String]
    public var correlationID: String?
    public var causationID: String?
    public var requestID: String?
    public var reason: String?
    /// The W3C `traceparent` of the request that caused the event (its trace id and span), so a
    /// trace and the events it wrote find each other.
    public var traceparent: String?

    public init(
        actorID: String? = nil, actorRoles: [String] = [], correlationID: String? = nil,
        causationID: String? = nil, requestID: String? = nil, reason: String? = nil, traceparent: String? = nil
    ) {
        self.actorID = actorID
        self.actorRoles = actorRoles
        self.correlationID = correlationID
        self.causationID = causationID
        self.requestID = requestID
        self.reason = reason
        self.traceparent = traceparent
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case actorID = "actor_id", actorRoles = "actor_roles", correlationID = "correlation_id"
        case causationID = "causation_id", requestID = "request_id", reason, traceparent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        actorID = try container.decodeIfPresent(String.self, forKey: .actorID)
        // Absent in events written by other tools: no roles.
        actorRoles = try container.decodeIfPresent([String].self, forKey: .actorRoles) ?? []
        correlationID = try container.decodeIfPresent(String.self, forKey: .correlationID)
        causationID = try container.decodeIfPresent(String.self, forKey: .causationID)
        requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        traceparent = try container.decodeIfPresent(String.self, forKey: .traceparent)
    }
}

/// An event to append.
public struct NewEvent: Sendable {
    /// Unique across the log; appending an id again is a retry (see ``EventStore``).
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    /// The event's body as JSON bytes. Stored as `jsonb`, so it is read back in PostgreSQL's
    /// normal form (keys ordered, whitespace normalised), not byte for byte.
    public var payload: Data
    public var metadata: EventMetadata

    public init(id: UUID = .random(), type: String, schemaVersion: Int = 1, payload: Data, metadata: EventMetadata = EventMetadata()) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
    }
}
