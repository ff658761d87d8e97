import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// The repository's `sql/` directory, found from this file so the tests run in any checkout.
let sqlDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("sql")

/// Migrates the suite's database and runs `body` with an event store on it, closing it after.
func withStore<T>(
    maxConnections: Int = 10, listening: Bool = false, options: EventStore.Options = .init(),
    _ body: (EventStore) async throws -> T
) async throws -> T {
    let configuration = try TestDatabase.configuration
    try await Connection.withConnection(configuration) { try await Migrator(directory: sqlDirectory).migrate($0) }
    let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: maxConnections))
    var listener: Listener?
    if listening {
        listener = Listener(configuration: configuration)
        try await listener?.start()
    }
    let store = EventStore(pool: pool, listener: listener, options: options)
    do {
        let value = try await body(store)
        listener?.close()
        await pool.close()
        return value
    } catch {
        listener?.close()
        await pool.close()
        throw error
    }
}

/// A stream of its own for each test, so tests sharing a database do not meet.
func uniqueStream(tenant: String = "vksnd", category: String = "nomination") -> StreamName {
    StreamName(tenant: tenant, category: category, id: UUID().uuidString.lowercased())
}

func event(_ type: String = "NominationSubmitted", _ payload: String = #"{"unit": "Phòng 1", "score": 95}"#,
           id: UUID = UUID(), reason: String? = nil) -> NewEvent {
    NewEvent(id: id, type: type, schemaVersion: 1, payload: Data(payload.utf8),
             metadata: EventMetadata(actorID: "officer-7", actorRoles: ["unit_officer"],
                                     correlationID: "corr-1", requestID: "req-1", reason: reason))
}

/// A subscription from `start` that returns true once it has seen `count` events of `stream`.
func subscriber(_ store: EventStore, seeing count: Int, of stream: StreamName, from start: LogCheckpoint) -> Task<Bool, any Error> {
    Task {
        var seen = 0
        for try await recorded in store.subscribe(from: start) where recorded.stream == stream {
            seen += 1
            if seen == count { return true }
        }
        return false
    }
}

/// What `subscriber` returns once it has seen what it waits for, while `writer` keeps appending;
/// false if it has not within 60 s. The writer is stopped afterwards.
func awaitSubscriber(_ subscriber: Task<Bool, any Error>, whileWriting writer: Task<Void, any Error>) async throws -> Bool {
    let timeout = Task {
        try await Task.sleep(for: .seconds(60))
        subscriber.cancel()
    }
    defer {
        writer.cancel()
        timeout.cancel()
    }
    return try await subscriber.value
}

extension Error {
    var eventStoreCode: EventStoreError.Code? { (self as? EventStoreError)?.code }
}

/// Waits until at least `count` events after `checkpoint` are past the fence. The fence is
/// cluster-wide: a transaction open in any database holds back events written after it began.
func waitForFence(_ store: EventStore, after checkpoint: LogCheckpoint, count: Int) async throws {
    let passed = try await eventually { try await store.readAll(after: checkpoint, limit: count).count >= count }
    #expect(passed, "\(count) events after \(checkpoint) did not pass the fence within a minute")
}

/// Seals everything written so far, waiting for the fence to pass it (in one seal or several).
func sealEverything(_ store: EventStore) async throws {
    let total = try await store.pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int64.self)
    let sealed = try await eventually {
        try await store.seal()
        return try await store.pool.query("SELECT coalesce(sum(event_count), 0)::bigint FROM seals")[0].decode(0, as: Int64.self) >= total
    }
    #expect(sealed, "the seals did not reach every event within a minute")
}
