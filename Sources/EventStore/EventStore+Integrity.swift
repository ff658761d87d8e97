import Crypto
import Foundation
import Postgres

extension EventStore {
    /// Checks one stream's hash chain: every event's content against its hash, every link to its
    /// predecessor, and the versions for gaps. Reports the first problem. Events removed from a
    /// stream's end leave no gap: the seal that covered them finds it (``verifyAll()``).
    public func verify(stream: StreamName) async throws -> IntegrityReport {
        try await pool.transaction(isolation: .repeatableRead) { transaction in
            let (events, issue) = try Self.verifyStream(stream, in: transaction)
            return IntegrityReport(streamsChecked: 1, eventsChecked: events, sealsChecked: 0,
                                   issues: issue.map { [$0] } ?? [])
        }
    }

    /// Checks every stream (as ``verify(stream:)``) and every seal, in one consistent snapshot.
    /// Seals find what stream checks cannot: whole streams removed, or events moved in the log.
    public func verifyAll() async throws -> IntegrityReport {
        try await pool.transaction(isolation: .repeatableRead) { transaction in
            var report = IntegrityReport(streamsChecked: 0, eventsChecked: 0, sealsChecked: 0, issues: [])
            let streams = try transaction.query("""
                SELECT DISTINCT tenant_id, category, stream FROM events ORDER BY 1, 3
                """)
            for row in streams {
                let name = StreamName(tenant: try row.decode(0), category: try row.decode(1), streamID: try row.decode(2))
                let (events, issue) = try Self.verifyStream(name, in: transaction)
                report.streamsChecked += 1
                report.eventsChecked += events
                if let issue { report.issues.append(issue) }
            }
            var previous: Seal?
            for seal in try Self.seals(in: transaction) {
                report.sealsChecked += 1
                if let issue = try Self.verifySeal(seal, previous: previous, in: transaction) {
                    report.issues.append(issue)
                }
                previous = seal
            }
            return report
        }
    }

    /// Seals the part of the global log written since the last seal, up to the fence (so no
    /// transaction can still commit into the range), chained to the last seal. Returns nil when
    /// there is nothing new to seal. Run it periodically; concurrent calls take turns.
    @discardableResult
    public func seal() async throws -> Seal? {
        try await pool.transaction { transaction in
            try transaction.query("SELECT pg_advisory_xact_lock($1)", [Self.sealLockKey])
            let last = try Self.seals(in: transaction, last: true).first
            let fence = try transaction.query("SELECT pg_snapshot_xmin(pg_current_snapshot())")[0].decode(0, as: Int64.self)
            let from = last?.to ?? .start
            let range = try Self.digest(after: from, through: nil, fence: UInt64(bitPattern: fence), in: transaction)
            guard let to = range.last else { return nil }
            let number = (last?.number ?? 0) + 1
            let hash = Seal.hash(number: number, from: from, to: to, eventCount: range.count,
                                 eventsDigest: range.digest, previousSealHash: last?.hash)
            try transaction.query("""
                INSERT INTO seals (seal_number, from_transaction_id, from_position, to_transaction_id, to_position,
                                   event_count, events_digest, previous_seal_hash, seal_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, [number, TransactionID(from.transactionID), from.position, TransactionID(to.transactionID), to.position,
                      range.count, range.digest, last?.hash, hash])
            return Seal(number: number, from: from, to: to, eventCount: range.count, eventsDigest: range.digest,
                        previousSealHash: last?.hash, hash: hash)
        }
    }

    /// Only sealers take it, never writers.
    private static let sealLockKey: Int64 = 0x4C61_7572_5365  // "LaurSe"

    // MARK: Streams

    private static func verifyStream(_ stream: StreamName, in transaction: PostgresTransaction) throws -> (Int, IntegrityIssue?) {
        let rows = try transaction.query("""
            SELECT position, stream_version, event_id, event_type, schema_version, payload::text, metadata::text,
                   to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), hash, previous_hash
            FROM events WHERE tenant_id = $1 AND stream = $2 ORDER BY stream_version
            """, [stream.tenant, stream.streamID])
        let events = try rows.map { row in
            StoredEventFields(
                position: try row.decode(0), tenant: stream.tenant, stream: stream.streamID,
                version: try row.decode(1), eventID: try row.decode(2), type: try row.decode(3),
                schemaVersion: try row.decode(4), payload: try row.decode(5), metadata: try row.decode(6),
                recordedAt: try row.decode(7), hash: try row.decode(8), previousHash: try row.decode(9))
        }
        let hashes = Set(events.map(\.hash))

        func issue(_ kind: IntegrityIssue.Kind, _ event: StoredEventFields?, version: Int64, _ message: String) -> IntegrityIssue {
            IntegrityIssue(kind: kind, stream: stream, version: version, eventID: event?.eventID,
                           position: event?.position, message: message)
        }

        var previousHash: String?
        var expectedVersion: Int64 = 1
        for event in events {
            if event.version != expectedVersion {
                return (events.count, issue(.removed, nil, version: expectedVersion,
                                            "the event at version \(expectedVersion) is missing"))
            }
            if event.previousHash != previousHash {
                if let link = event.previousHash, hashes.contains(link) {
                    return (events.count, issue(.reordered, event, version: event.version,
                                                "it follows another event of the stream than version \(event.version - 1)"))
                }
                return (events.count, issue(.inserted, event, version: event.version,
                                            "its predecessor link matches no event of the stream"))
            }
            if event.expectedHash != event.hash {
                return (events.count, issue(.altered, event, version: event.version,
                                            "its content does not match its hash"))
            }
            previousHash = event.hash
            expectedVersion += 1
        }
        return (events.count, nil)
    }

    // MARK: Seals

    private static func seals(in transaction: PostgresTransaction, last: Bool = false) throws -> [Seal] {
        try transaction.query("""
            SELECT seal_number, from_transaction_id, from_position, to_transaction_id, to_position,
                   event_count, events_digest, previous_seal_hash, seal_hash
            FROM seals ORDER BY seal_number \(last ? "DESC LIMIT 1" : "")
            """).map { row in
            Seal(number: try row.decode(0),
                 from: LogCheckpoint(transactionID: UInt64(bitPattern: try row.decode(1)), position: try row.decode(2)),
                 to: LogCheckpoint(transactionID: UInt64(bitPattern: try row.decode(3)), position: try row.decode(4)),
                 eventCount: try row.decode(5), eventsDigest: try row.decode(6),
                 previousSealHash: try row.decode(7), hash: try row.decode(8))
        }
    }

    private static func verifySeal(_ seal: Seal, previous: Seal?, in transaction: PostgresTransaction) throws -> IntegrityIssue? {
        func mismatch(_ message: String) -> IntegrityIssue {
            IntegrityIssue(kind: .sealMismatch, sealNumber: seal.number,
                           message: "\(message) (range \(seal.from) to \(seal.to))")
        }
        if seal.number != (previous?.number ?? 0) + 1 || seal.previousSealHash != previous?.hash
            || seal.from != (previous?.to ?? .start) {
            return mismatch("the seal does not follow seal \(previous?.number ?? 0)")
        }
        let expected = Seal.hash(number: seal.number, from: seal.from, to: seal.to, eventCount: seal.eventCount,
                                 eventsDigest: seal.eventsDigest, previousSealHash: seal.previousSealHash)
        if expected != seal.hash { return mismatch("the seal's own hash does not match its fields") }
        let range = try digest(after: seal.from, through: seal.to, fence: nil, in: transaction)
        if range.count != seal.eventCount {
            return mismatch("it covers \(seal.eventCount) events but the range now holds \(range.count)")
        }
        if range.digest != seal.eventsDigest {
            return mismatch("the events in its range were altered, replaced or reordered")
        }
        return nil
    }

    /// SHA-256 over the hashes of the events after `from` (up to `through`, or below `fence`),
    /// in log order, read page by page.
    private static func digest(after from: LogCheckpoint, through: LogCheckpoint?, fence: UInt64?,
                               in transaction: PostgresTransaction) throws -> (count: Int64, digest: String, last: LogCheckpoint?) {
        var hasher = SHA256()
        var count: Int64 = 0
        var cursor = from
        var last: LogCheckpoint?
        while true {
            var parameters: [any PostgresEncodable] = [TransactionID(cursor.transactionID), cursor.position]
            let bound: String
            if let through {
                bound = "(transaction_id, position) <= ($3, $4)"
                parameters += [TransactionID(through.transactionID), through.position]
            } else {
                bound = "transaction_id < $3"
                parameters.append(TransactionID(fence ?? 0))
            }
            let rows = try transaction.query("""
                SELECT transaction_id, position, hash FROM events
                WHERE (transaction_id, position) > ($1, $2) AND \(bound)
                ORDER BY transaction_id, position LIMIT 10000
                """, parameters)
            for row in rows {
                hasher.update(data: Array(try row.decode(2, as: String.self).utf8))
                cursor = LogCheckpoint(transactionID: UInt64(bitPattern: try row.decode(0)), position: try row.decode(1))
                count += 1
            }
            if rows.isEmpty { break }
            last = cursor
        }
        return (count, hasher.finalize().lowercaseHex, last)
    }
}
