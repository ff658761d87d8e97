import Foundation
import Postgres

extension EventStore {
    /// Appends `events` to one stream if it is at `expected`, in one transaction.
    ///
    /// Throws ``EventStoreError/versionConflict(stream:expected:actual:)`` and writes nothing
    /// when it is not. Appending events whose ids are all stored already, identically, is a
    /// retry: it returns the original result and stores nothing.
    @discardableResult
    public func append(to stream: StreamName, expected: ExpectedVersion, events: [NewEvent]) async throws -> AppendResult {
        try await append([(stream, expected, events)])[0]
    }

    /// Appends to several streams atomically: all of them, or (on any conflict) none. One round
    /// trip: the append is one statement and its commit, and the wake-up for subscriptions after
    /// it when none is on its way (``SubscriberWakeUp``). With
    /// ``Options-swift.struct/groupCommitConnections``, in a transaction shared with other
    /// callers' appends.
    public func append(_ batch: [(StreamName, ExpectedVersion, [NewEvent])]) async throws -> [AppendResult] {
        try await append(batch, records: nil)
    }

    /// What a caller records of an append in the append's own transaction, made from its
    /// results: an idempotency record, an outbox row. It may be called more than once (a group
    /// that failed is run again append by append); what the last call made is what commits.
    public typealias Records = @Sendable ([AppendResult]) throws -> [PostgresStatement]

    /// Appends as ``append(_:)`` does and, in the same transaction, runs the statements
    /// `records` makes from the results: all of it commits, or none. With
    /// ``Options-swift.struct/groupCommitConnections``, in a transaction shared with other
    /// callers' appends: the caller must not hold a connection of the pool meanwhile. A failing
    /// record fails the append, with the record's error.
    public func append(
        _ batch: [(StreamName, ExpectedVersion, [NewEvent])], recording records: @escaping Records
    ) async throws -> [AppendResult] {
        try await append(batch, records: records)
    }

    func append(_ batch: [(StreamName, ExpectedVersion, [NewEvent])], records: Records?) async throws -> [AppendResult] {
        if options.groupCommitConnections > 0 {
            // The group's statement is made for the whole group: this append's own only if the
            // group fails and it goes alone.
            try Self.validate(batch)
            return try await appendInGroup(batch, records: records)
        }
        let statements = try Self.appendStatements(batch)
        return try await pool.withConnection { try await commitAlone(batch, statements, records: records, on: $0) }
    }

    /// Runs an append's statements (and its records) as a transaction of their own on
    /// `connection`, with the wake-up for subscriptions after its commit in its round trip when
    /// none is on its way, else rung once it has committed.
    ///
    /// - Parameter reading: the append's results from the statements' (by default every row in
    ///   order, one a stream of `batch`).
    func commitAlone(
        _ batch: [(StreamName, ExpectedVersion, [NewEvent])], _ statements: [PostgresStatement], records: Records?,
        on connection: Connection, reading: (@Sendable ([PostgresRows]) throws -> [AppendResult])? = nil
    ) async throws -> [AppendResult] {
        let tenants = Set(batch.map(\.0.tenant))
        let read = reading ?? { try Self.appendResults($0, batch) }
        /// The results, and whether the wake-up went with them.
        @Sendable func attempt() async throws -> ([AppendResult], carried: Bool) {
            let carrying = wakeUp.carry()
            defer { if carrying { wakeUp.carried() } }
            let notify = carrying ? Self.notifyStatements(tenants) : []
            guard let records else {
                return (try read(try await connection.pipeline(statements, afterwards: notify)), carrying)
            }
            return (try await connection.transaction(afterCommit: notify) { transaction in
                let results = try read(try transaction.pipeline(statements))
                let recorded = try records(results)
                if !recorded.isEmpty { _ = try transaction.pipeline(recorded) }
                return results
            }, carrying)
        }
        let (results, carried): ([AppendResult], Bool)
        do {
            do {
                (results, carried) = try await attempt()
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                // This append waited at the insert for a writer that has since committed: the
                // same events (a retry sent at once) or the same versions. Run again, it reads
                // what that writer committed and tells a retry from a conflict (see sql/0031).
                (results, carried) = try await attempt()
            }
        } catch let error as PostgresError {
            throw Self.translate(error, batch)
        }
        if !carried { wakeUp.ring(tenants) }
        return results
    }

    /// Wakes subscriptions after events were appended with ``append(in:_:)``: call it once the
    /// caller's transaction has committed. Without it they find the events at their next poll.
    /// The wake-up leaves at once, or with the next one when one is on its way
    /// (``SubscriberWakeUp``).
    public func notifySubscribers(tenants: Set<String>) async {
        wakeUp.ring(tenants)
    }

    /// The wake-up, one NOTIFY per tenant, for after the append committed, in a transaction of
    /// its own: inside the append it would hold PostgreSQL's cluster-wide notify lock while the
    /// commit is flushed, and so serialize all writers' commits. On its own it writes no
    /// table, so its commit waits for no flush. A lost wake-up only delays subscribers until
    /// their next poll.
    public static func notifyStatements(_ tenants: Set<String>) -> [PostgresStatement] {
        tenants.map { PostgresStatement("SELECT pg_notify($1, $2)", [notificationChannel, $0]) }
    }

    /// Appends inside the caller's transaction, so other writes (an idempotency record, an
    /// outbox row) commit or roll back with the events. A failure leaves the transaction
    /// aborted: rethrow it. After the commit, call ``notifySubscribers(tenants:)`` to wake
    /// subscriptions at once.
    @discardableResult
    public func append(in transaction: PostgresTransaction, _ batch: [(StreamName, ExpectedVersion, [NewEvent])]) throws -> [AppendResult] {
        let statements = try Self.appendStatements(batch)
        do {
            return try Self.appendResults(try transaction.pipeline(statements), batch)
        } catch let error as PostgresError {
            throw Self.translate(error, batch)
        }
    }

    /// One stream's append inside the caller's transaction; see ``append(in:_:)``.
    @discardableResult
    public func append(in transaction: PostgresTransaction, to stream: StreamName, expected: ExpectedVersion,
                       events: [NewEvent]) throws -> AppendResult {
        try append(in: transaction, [(stream, expected, events)])[0]
    }

    // MARK: Statements

    private static let appendSQL = """
        SELECT from_version, to_version, last_position, last_transaction_id
        FROM laurel_append($1, $2, $3, $4, $5::jsonb)
        """

    private static let appendStreamsSQL = """
        SELECT from_version, to_version, last_position, last_transaction_id
        FROM laurel_append_streams($1::jsonb)
        """

    /// One statement for the batch, whose rows are the streams' results in the batch's order:
    /// `laurel_append` for one stream, `laurel_append_streams` for several (one call reads every
    /// stream's last event and inserts every event: see sql/0031).
    static func appendStatements(_ batch: [(StreamName, ExpectedVersion, [NewEvent])]) throws -> [PostgresStatement] {
        try validate(batch)
        if batch.count == 1, let (stream, expected, events) = batch.first {
            return [PostgresStatement(appendSQL, [
                stream.tenant, stream.category, stream.streamID, expected.sqlValue, eventsJSON(events),
            ])]
        }
        // Reserved once: reserving per stream would copy the whole buffer each time (an array
        // reserves exactly what it is asked for), quadratic in the streams of a year-end list.
        var json = JSONBText(reservingCapacity: batch.reduce(2) { $0 + reservation(for: $1.2) + 200 })
        json.bytes.append(UInt8(ascii: "["))
        var metadata: WrittenMetadata?
        for (index, (stream, expected, events)) in batch.enumerated() {
            if index > 0 { json.bytes.append(UInt8(ascii: ",")) }
            json.bytes.append(contentsOf: #"{"tenant":"#.utf8)
            JSONText.appendString(stream.tenant, to: &json.bytes)
            json.bytes.append(contentsOf: #","category":"#.utf8)
            JSONText.appendString(stream.category, to: &json.bytes)
            json.bytes.append(contentsOf: #","stream":"#.utf8)
            JSONText.appendString(stream.streamID, to: &json.bytes)
            json.bytes.append(contentsOf: #","expected":\#(expected.sqlValue),"events":"#.utf8)
            appendEventsJSON(events, to: &json.bytes, metadata: &metadata)
            json.bytes.append(UInt8(ascii: "}"))
        }
        json.bytes.append(UInt8(ascii: "]"))
        return [PostgresStatement(appendStreamsSQL, [json])]
    }

    /// Every stream's name is valid and every append has events.
    static func validate(_ batch: [(StreamName, ExpectedVersion, [NewEvent])]) throws {
        for (stream, _, events) in batch {
            try stream.validate()
            guard !events.isEmpty else {
                throw EventStoreError(code: .emptyAppend, stream: stream, message: "an append to \(stream) has no events")
            }
        }
    }

    /// The JSON array `laurel_append` takes. The payload bytes go in as they are (the server
    /// checks they are JSON); only the strings are encoded here.
    static func eventsJSON(_ events: [NewEvent]) -> JSONBText {
        var json = JSONBText(reservingCapacity: reservation(for: events))
        var metadata: WrittenMetadata?
        appendEventsJSON(events, to: &json.bytes, metadata: &metadata)
        return json
    }

    /// Room for the events' JSON: each event's payload, and room for its id, type and metadata.
    private static func reservation(for events: [NewEvent]) -> Int {
        events.reduce(2) { $0 + $1.payload.count + 400 }
    }

    /// The last metadata written and its JSON: the events of one command share their metadata,
    /// so it is written once and copied for the others.
    typealias WrittenMetadata = (of: EventMetadata, json: [UInt8])

    private static func appendEventsJSON(_ events: [NewEvent], to json: inout [UInt8], metadata: inout WrittenMetadata?) {
        json.append(UInt8(ascii: "["))
        for (index, event) in events.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.append(contentsOf: #"{"id":""#.utf8)
            event.id.appendLowercaseText(to: &json)
            json.append(contentsOf: #"","type":"#.utf8)
            JSONText.appendString(event.type, to: &json)
            json.append(contentsOf: #","schema_version":\#(event.schemaVersion),"payload":"#.utf8)
            json.append(contentsOf: event.payload)
            json.append(contentsOf: #","metadata":"#.utf8)
            if let metadata, metadata.of == event.metadata {
                json.append(contentsOf: metadata.json)
            } else {
                let start = json.count
                event.metadata.appendJSON(to: &json)
                metadata = (event.metadata, Array(json[start...]))
            }
            json.append(UInt8(ascii: "}"))
        }
        json.append(UInt8(ascii: "]"))
    }

    static func appendResults(_ results: [PostgresRows], _ batch: [(StreamName, ExpectedVersion, [NewEvent])]) throws -> [AppendResult] {
        let rows = results.flatMap { rows in (0..<rows.count).map { rows[$0] } }
        guard rows.count == batch.count else {
            throw EventStoreError(code: .unexpectedResult, stream: batch.first?.0,
                                  message: "an append of \(batch.count) streams returned \(rows.count) results")
        }
        return try zip(rows, batch).map { row, entry in
            AppendResult(
                stream: entry.0,
                fromVersion: try row.decode(0),
                toVersion: try row.decode(1),
                checkpoint: LogCheckpoint(
                    transactionID: UInt64(bitPattern: try row.decode(3, as: Int64.self)),
                    position: try row.decode(2)))
        }
    }

    /// The id in a unique violation's detail on the event ids' index: the one UUID in it.
    /// Only the key's value is looked for, as the words around it (`Key (event_id)=(…) already
    /// exists.`) are translated with the server's `lc_messages`.
    static func eventID(inUniqueViolationDetail detail: String) -> UUID? {
        let characters = Array(detail.utf8)
        guard characters.count >= 36 else { return nil }
        for start in 0...(characters.count - 36) {
            if let id = characters[start..<start + 36].withUnsafeBytes({ UUID(canonical: $0) }) { return id }
        }
        return nil
    }

    /// The batch entry and the version in a unique violation's detail on the streams' versions:
    /// `… (tenant_id, stream, stream_version)=(TENANT, STREAM, VERSION) …`. Only the key's values
    /// are read, as the words around them are translated with the server's `lc_messages`.
    static func versionTaken(
        inUniqueViolationDetail detail: String, _ batch: [(StreamName, ExpectedVersion, [NewEvent])]
    ) -> ((StreamName, ExpectedVersion, [NewEvent]), Int64)? {
        for entry in batch {
            let key = "(\(entry.0.tenant), \(entry.0.streamID), "
            guard let found = detail.range(of: key) else { continue }
            let digits = detail[found.upperBound...].prefix { $0.isNumber }
            guard let version = Int64(digits) else { continue }
            return (entry, version)
        }
        return nil
    }

    /// Turns `laurel_append`'s own SQLSTATEs, and its insert's unique violation on an event id,
    /// into ``EventStoreError``s.
    static func translate(_ error: PostgresError, _ batch: [(StreamName, ExpectedVersion, [NewEvent])]) -> any Error {
        struct ConflictDetail: Decodable { var tenant: String; var stream: String; var actual: Int64 }
        struct MismatchDetail: Decodable { var event_id: UUID }
        let detail = Data((error.detail ?? "").utf8)
        if error.isConcurrencyFailure {
            // A deadlock (appends in turn, each waiting at an insert for a row the other holds):
            // PostgreSQL rolled this one back whole, as a conflict would have.
            return EventStoreError(code: .versionConflict,
                                   message: "PostgreSQL rolled the append back for a concurrent one; nothing was stored")
        }
        switch error.sqlState?.rawValue {
        case "LA001":
            guard let conflict = try? JSONDecoder().decode(ConflictDetail.self, from: detail),
                  let entry = batch.first(where: { $0.0.tenant == conflict.tenant && $0.0.streamID == conflict.stream })
            else { return error }
            return EventStoreError.versionConflict(stream: entry.0, expected: entry.1, actual: conflict.actual)
        case "LA002":
            guard let mismatch = try? JSONDecoder().decode(MismatchDetail.self, from: detail) else { return error }
            return EventStoreError.idempotencyMismatch(eventID: mismatch.event_id)
        case SQLState.uniqueViolation.rawValue where error.constraint == "events_tenant_id_stream_stream_version_key":
            // A writer still running held the version this append read as free, then committed
            // (see sql/0031): the detail's key names the stream and the version taken.
            guard let (entry, taken) = Self.versionTaken(inUniqueViolationDetail: error.detail ?? "", batch) else { return error }
            return EventStoreError.versionConflict(stream: entry.0, expected: entry.1, actual: taken)
        case SQLState.uniqueViolation.rawValue where error.constraint == "events_event_id_key":
            // An id that cannot be a retry (stored elsewhere, or named twice): the index's
            // detail names it (see sql/0025).
            guard let id = error.detail.flatMap(Self.eventID(inUniqueViolationDetail:)) else { return error }
            return EventStoreError.idempotencyMismatch(eventID: id)
        default:
            return error
        }
    }
}
