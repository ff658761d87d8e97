/// The payload of a stored event: a stable type name and a schema version, so the event store can
/// keep `type` + JSON payload + version and read old events after the payload evolves.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// Stable name such as `nomination.submitted`; never reused for a different payload.
    static var type: String { get }
    /// Increases when the payload's JSON shape changes.
    static var schemaVersion: Int { get }
}

/// Keys of the self-describing JSON form of commands and events: `{type, schema_version, payload}`.
enum EnvelopeKey: String, CodingKey {
    case type
    case schemaVersion = "schema_version"
    case payload
}

/// Thrown when a stored event or a request names a type this version of the code does not know.
public struct UnknownTypeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let type: String

    public init(type: String) {
        self.type = type
    }

    public var description: String { "unknown type '\(type)'" }
}
