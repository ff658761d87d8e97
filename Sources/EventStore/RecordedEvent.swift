import Foundation

/// An event as stored in the log.
public struct RecordedEvent: Sendable {
    /// Its place in insertion order (unique, but not commit order).
    public var position: Int64
    /// The id of the transaction that wrote it (`xid8`).
    public var transactionID: UInt64
    public var checkpoint: LogCheckpoint { LogCheckpoint(transactionID: transactionID, position: position) }
    public var stream: StreamName
    /// 1 for a stream's first event.
    public var version: Int64
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    /// The payload in PostgreSQL's `jsonb` text form.
    public var payload: Data
    public var metadata: EventMetadata
    public var recordedAt: Date
    /// The event's integrity hash (lowercase hex SHA-256; see docs/event-encoding.md).
    public var hash: String
    /// The hash of the stream's previous event; nil for its first.
    public var previousHash: String?
}

/// An append's outcome for one stream.
public struct AppendResult: Sendable, Equatable {
    public var stream: StreamName
    public var fromVersion: Int64
    public var toVersion: Int64
    /// The checkpoint of the last event appended.
    public var checkpoint: LogCheckpoint
}
