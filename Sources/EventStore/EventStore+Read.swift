import Foundation
import Postgres

/// A point in a stream's history.
public enum StreamPoint: Sendable, Hashable {
    /// Up to and including this version.
    case version(Int64)
    /// Up to and including this time.
    case time(Date)
}

extension EventStore {
    /// The columns ``RecordedEvent/init(row:decoder:)`` decodes, in order.
    static let eventColumns = """
        position, transaction_id, tenant_id, category, stream, stream_version, event_id::text, event_type,
        schema_version, payload::text, metadata::text, extract(epoch FROM recorded_at), hash, previous_hash
        """

    /// A stream's events from version `from` on, at most `limit` of them, in version order.
    public func readStream(_ stream: StreamName, from version: Int64 = 1, limit: Int = 1000) async throws -> [RecordedEvent] {
        let rows = try await pool.query("""
            SELECT \(Self.eventColumns) FROM events
            WHERE tenant_id = $1 AND stream = $2 AND stream_version >= $3
            ORDER BY stream_version LIMIT $4
            """, [stream.tenant, stream.streamID, version, Int64(limit)])
        return try Self.decodeEvents(rows)
    }

    /// Every event of each of `streams` (all of one tenant), in one statement: what a command on
    /// many aggregates reads first. Streams without events are absent from the answer.
    public func readStreams(_ streams: [StreamName]) async throws -> [StreamName: [RecordedEvent]] {
        guard let tenant = streams.first?.tenant else { return [:] }
        precondition(streams.allSatisfy { $0.tenant == tenant }, "readStreams reads one tenant's streams")
        let rows = try await pool.query("""
            SELECT \(Self.eventColumns) FROM events
            WHERE tenant_id = $1 AND stream = ANY($2::text[])
            ORDER BY stream, stream_version
            """, [tenant, PostgresArray(streams.map(\.streamID))])
        return Dictionary(grouping: try Self.decodeEvents(rows), by: \.stream)
    }

    /// The events that made a stream's state as of a version or a time: all of them up to it.
    public func readStream(_ stream: StreamName, asOf point: StreamPoint) async throws -> [RecordedEvent] {
        let condition: String
        let bound: any PostgresEncodable
        switch point {
        case .version(let version): (condition, bound) = ("stream_version <= $3", version)
        case .time(let date): (condition, bound) = ("recorded_at <= $3", date)
        }
        let rows = try await pool.query("""
            SELECT \(Self.eventColumns) FROM events
            WHERE tenant_id = $1 AND stream = $2 AND \(condition)
            ORDER BY stream_version
            """, [stream.tenant, stream.streamID, bound])
        return try Self.decodeEvents(rows)
    }

    /// The stream's current version; 0 when it has no events.
    public func currentVersion(of stream: StreamName) async throws -> Int64 {
        let rows = try await pool.query(
            """
            SELECT stream_version FROM events WHERE tenant_id = $1 AND stream = $2
            ORDER BY stream_version DESC LIMIT 1
            """, [stream.tenant, stream.streamID])
        return try rows.first?.decode(0, as: Int64.self) ?? 0
    }

    /// Up to `limit` events of the global log after `checkpoint`, in (transaction id, position)
    /// order, optionally of one tenant.
    ///
    /// Only events whose transaction is older than every transaction still running are read
    /// (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`): a transaction that took a
    /// lower position but commits later cannot appear behind a checkpoint already returned.
    /// The price is that a long-running transaction holds back events committed after it began.
    public func readAll(after checkpoint: LogCheckpoint, limit: Int, tenant: String? = nil) async throws -> [RecordedEvent] {
        try Self.decodeEvents(try await orderedRows(after: checkpoint, limit: limit, tenant: tenant))
    }

    /// Up to `limit` events after `position`, in position order, as committed now: for a scan of
    /// the whole log at one moment (building streams from it), not for following it, as a
    /// transaction that took a lower position may commit after a page was read. Unlike
    /// ``readAll(after:limit:tenant:)`` no running transaction holds events back.
    public func scan(afterPosition position: Int64, limit: Int) async throws -> [RecordedEvent] {
        try Self.decodeEvents(try await pool.query("""
            SELECT \(Self.eventColumns) FROM events WHERE position > $1 ORDER BY position LIMIT $2
            """, [position, Int64(max(0, limit))]))
    }

    /// The rows of ``readAll(after:limit:tenant:)``, not yet decoded.
    func orderedRows(after checkpoint: LogCheckpoint, limit: Int, tenant: String?) async throws -> PostgresRows {
        var parameters: [any PostgresEncodable] = [TransactionID(checkpoint.transactionID), checkpoint.position, Int64(max(0, limit))]
        var tenantCondition = ""
        if let tenant {
            parameters.append(tenant)
            tenantCondition = "AND tenant_id = $4"
        }
        return try await pool.query(Self.orderedPage(tenantCondition: tenantCondition), parameters)
    }

    /// The checkpoint of the last of `rows` (of ``orderedPage(tenantCondition:)``), read without
    /// decoding the others.
    static func lastCheckpoint(of rows: PostgresRows) throws -> LogCheckpoint? {
        guard let row = rows.last else { return nil }
        return LogCheckpoint(transactionID: UInt64(bitPattern: try row.decode(1, as: Int64.self)),
                             position: try row.decode(0, as: Int64.self))
    }

    /// The fenced, ordered page of the global log after `($1, $2)`, at most `$3` events.
    static func orderedPage(tenantCondition: String = "") -> String {
        """
        SELECT \(eventColumns) FROM events
        WHERE (transaction_id, position) > ($1, $2)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          \(tenantCondition)
        ORDER BY transaction_id, position
        LIMIT $3
        """
    }

    static func decodeEvents(_ rows: PostgresRows) throws -> [RecordedEvent] {
        let decoder = JSONDecoder()
        return try rows.map { try RecordedEvent(row: $0, decoder: decoder) }
    }
}

/// An `xid8` parameter.
struct TransactionID: PostgresEncodable {
    var value: UInt64
    init(_ value: UInt64) { self.value = value }
    var postgresBind: PostgresBind { PostgresBind(.text(String(value)), type: .xid8) }
}

extension RecordedEvent {
    /// Subscriptions decode millions of rows, so the columns (of ``EventStore/eventColumns``,
    /// whose types are known) are read from libpq's bytes directly rather than through
    /// `PostgresRow.decode` and a String each: the payload is copied once, and the id, metadata
    /// and time are parsed here rather than by Foundation.
    init(row: PostgresRow, decoder: JSONDecoder) throws {
        let id = try row.withCell(6) { cell -> UUID in
            guard let cell, let id = UUID(canonical: cell.bytes) else {
                throw EventStoreError(code: .corruptEvent, message: "malformed event id \(cell?.text ?? "NULL")")
            }
            return id
        }
        func value<T>(_ column: Int, _ decode: (PostgresCell) throws -> T) throws -> T {
            try row.withCell(column) { cell in
                guard let cell else {
                    throw EventStoreError(code: .corruptEvent, eventID: id, message: "event \(id) has a NULL in column \(column)")
                }
                do {
                    return try decode(cell)
                } catch let failure as PostgresDecodingFailure {
                    throw EventStoreError(code: .corruptEvent, eventID: id, message: "event \(id), column \(column): \(failure.reason)")
                }
            }
        }
        func text(_ column: Int) throws -> String { try value(column) { String(decoding: $0.bytes, as: UTF8.self) } }
        func integer(_ column: Int) throws -> Int64 { try value(column) { try $0.integer() } }
        let metadata = try value(10) { cell in
            do {
                return try EventMetadata(storedJSON: cell.bytes, decoder: decoder)
            } catch {
                throw EventStoreError(code: .corruptEvent, eventID: id, message: "event \(id) has unreadable metadata: \(error)")
            }
        }
        self.init(
            position: try integer(0),
            transactionID: UInt64(bitPattern: try integer(1)),
            stream: StreamName(tenant: try text(2), category: try text(3), streamID: try text(4)),
            version: try integer(5),
            id: id,
            type: try text(7),
            schemaVersion: Int(try integer(8)),
            payload: try value(9) { Data($0.bytes) },
            metadata: metadata,
            recordedAt: Date(timeIntervalSince1970: try value(11) { try Double(postgresCell: $0) }),
            hash: try text(12),
            previousHash: try row.withCell(13) { $0.map { String(decoding: $0.bytes, as: UTF8.self) } })
    }
}

extension UUID {
    /// Parses the canonical `8-4-4-4-12` hex form that PostgreSQL prints.
    init?(canonical text: UnsafeRawBufferPointer) {
        guard text.count == 36 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &uuid) { bytes -> Bool in
            var index = 0
            var high: UInt8?
            for (position, character) in text.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard character == UInt8(ascii: "-") else { return false }
                    continue
                }
                guard let nibble = character.hexDigitValue else { return false }
                if let value = high {
                    bytes[index] = value << 4 | nibble
                    index += 1
                    high = nil
                } else {
                    high = nibble
                }
            }
            return true
        }
        guard parsed else { return nil }
        self.init(uuid: uuid)
    }
}
