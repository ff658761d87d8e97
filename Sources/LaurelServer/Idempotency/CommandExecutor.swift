import Crypto
import EventStore
import Foundation
import Metrics
import Postgres
import Synchronization

/// A response kept for idempotent replay: exactly what the first request was answered.
struct StoredResponse: Sendable, Equatable {
    var status: Int
    var headers: [String: String]
    var body: Data
}

/// A caller's `Idempotency-Key` with the fingerprint of the request it came with.
struct IdempotencyKey: Sendable {
    let key: String
    /// SHA-256 of method, path, `If-Match` and body: the same key with another request is refused.
    let requestHash: String

    init(key: String, method: String, path: String, ifMatch: String?, body: Data) {
        self.key = key
        var hasher = SHA256()
        for part in [method, path, ifMatch ?? ""] { hasher.update(data: Data((part + "\n").utf8)) }
        hasher.update(data: body)
        self.requestHash = hasher.finalize().lowercaseHex
    }
}

/// What a command decided to store, and how to answer once it is stored.
struct CommandWrite: Sendable {
    var appends: [(StreamName, ExpectedVersion, [NewEvent])]
    /// Builds the response from the append results; runs inside the transaction, so the
    /// idempotency record holds exactly what is sent.
    var respond: @Sendable ([AppendResult]) throws -> StoredResponse
    /// Told the results once the appends have committed (not for a replayed response).
    var committed: (@Sendable ([AppendResult]) -> Void)? = nil
}

/// Runs commands: decides, appends and records the idempotency key in one transaction.
///
/// A retry with a stored key gets the stored response and appends nothing. The key is not
/// looked up first: the record is inserted in the transaction that appends, so a retry decides
/// again, meets the stored key there, rolls back everything it wrote and answers with the stored
/// response (or 422 when the key came with another request). Retries are rare; a lookup before
/// every command was a statement each of them paid. Two concurrent requests with one key race
/// the same way on the record's primary key (or on the stream version).
struct CommandExecutor: Sendable {
    let store: EventStore
    let tenant: String
    let conflicts = Counter(label: "laurel_append_conflicts_total")

    /// - Parameters:
    ///   - retryOnConflict: decide again (up to three times) when another writer moved the
    ///     stream first; only when the client did not pin a version with `If-Match`.
    ///   - prepare: loads, decides and returns the write; called again on a retried conflict.
    ///     What it serializes with ``CommandSerialization/serialize(_:)`` stays serialized until
    ///     the write has committed or failed.
    func run(
        actorID: String, idempotency: IdempotencyKey?, retryOnConflict: Bool,
        prepare: @Sendable (CommandSerialization) async throws -> CommandWrite
    ) async throws -> StoredResponse {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await runOnce(actorID: actorID, idempotency: idempotency, prepare: prepare)
            } catch {
                // A retry, or a concurrent request with the same key that won while this one
                // decided: this one then met the stored key, or the winner's effect (a conflict,
                // or a state the command no longer fits). The stored response is the answer.
                if let idempotency, let stored = try await storedResponse(actorID: actorID, idempotency) { return stored }
                switch error {
                case let error as EventStoreError where error.code == .versionConflict:
                    conflicts.increment()
                    if !retryOnConflict || attempt == 3 { throw error }
                case is DuplicateKey:
                    throw Problem.unavailable("a request with this Idempotency-Key is still being processed")
                default:
                    throw error
                }
            }
        }
    }

    /// Decides on one connection (the lookups and reads `prepare` makes through the pool all
    /// use it, so the command pays for one loan, not one a statement) and writes. The write
    /// goes to the event store's group commit, when it has one, after the connection went back
    /// to the pool: a command waiting for its group holds no connection the group may need.
    /// Names the command serializes with are held until the write has committed, so such a
    /// command writes on its own connection, as every command does without group commit.
    private func runOnce(
        actorID: String, idempotency: IdempotencyKey?, prepare: @Sendable (CommandSerialization) async throws -> CommandWrite
    ) async throws -> StoredResponse {
        enum Decided: Sendable {
            case written(StoredResponse)
            case toWrite(CommandWrite)
        }
        let groupsCommits = store.options.groupCommitConnections > 0
        let decided = try await store.pool.withConnection { connection -> Decided in
            let serialization = CommandSerialization(connection: connection)
            do {
                let write = try await prepare(serialization)
                let decided: Decided = groupsCommits && !serialization.holdsNames
                    ? .toWrite(write)
                    : .written(try await self.write(write, actorID: actorID, idempotency: idempotency))
                await serialization.end()
                return decided
            } catch {
                await serialization.end()
                throw error
            }
        }
        switch decided {
        case .written(let response): return response
        case .toWrite(let write): return try await self.write(write, actorID: actorID, idempotency: idempotency)
        }
    }

    /// Thrown when another request stored the same key first.
    private struct DuplicateKey: Error {}

    /// An append stored without its response made: a 500, logged, should it ever happen.
    private struct ResponseNotMade: Error {}

    /// Appends and, in the same transaction, stores the response under the idempotency key.
    private func write(_ write: CommandWrite, actorID: String, idempotency: IdempotencyKey?) async throws -> StoredResponse {
        let tenant = tenant
        // The response is made from the append's results inside its transaction, so the
        // idempotency record holds exactly what is sent; a group run again append by append
        // makes it again.
        let response = Mutex<StoredResponse?>(nil)
        do {
            let results = try await store.append(write.appends) { results in
                let made = try write.respond(results)
                response.withLock { $0 = made }
                guard let idempotency else { return [] }
                let headers = Self.json(made.headers)
                return [PostgresStatement("""
                    INSERT INTO laurel_idempotency (tenant_id, actor_id, key, request_hash, status, headers, body)
                    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
                    """, [tenant, actorID, idempotency.key, idempotency.requestHash, made.status,
                          headers, made.body])]
            }
            write.committed?(results)
        } catch let error as PostgresError where error.sqlState == .uniqueViolation && error.constraint == "laurel_idempotency_pkey" {
            throw DuplicateKey()
        }
        // `append(_:recording:)` makes the records of every append it stores: never missing.
        guard let made = response.withLock({ $0 }) else { throw ResponseNotMade() }
        return made
    }

    /// A response's headers as a JSON object, for its idempotency record.
    static func json(_ headers: [String: String]) -> String {
        var writer = ResponseJSONWriter()
        writer.object(members: headers.sorted { $0.key < $1.key })
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The stored response for the key, or nil; 422 when the key came with another request.
    private func storedResponse(actorID: String, _ idempotency: IdempotencyKey) async throws -> StoredResponse? {
        let rows = try await store.pool.query("""
            SELECT request_hash, status, headers::text, body FROM laurel_idempotency
            WHERE tenant_id = $1 AND actor_id = $2 AND key = $3
            """, [tenant, actorID, idempotency.key])
        guard let row = rows.first else { return nil }
        guard try row.decode(0, as: String.self) == idempotency.requestHash else {
            throw Problem(code: "idempotency_key_reused", status: .unprocessableContent, title: "Idempotency key reused",
                          detail: "this Idempotency-Key was used with a different request")
        }
        let headers = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(2, as: String.self).utf8))
        return StoredResponse(status: try row.decode(1), headers: headers, body: try row.decode(3))
    }
}

/// Lets a command run one at a time with every other command that names the same thing, in
/// every process: from when it asks, before it reads what it decides on, until its write has
/// committed. For decisions that count other streams (a unit's accepted nominations against a
/// cap), which the version of the command's own stream does not protect.
final class CommandSerialization: Sendable {
    private let connection: Connection
    private let held = Mutex<Set<String>>([])

    init(connection: Connection) { self.connection = connection }

    /// Whether the command holds any name: its write must then commit before they are released.
    var holdsNames: Bool { held.withLock { !$0.isEmpty } }

    /// Waits until no other command holds `name`, then holds it for this command.
    func serialize(_ name: String) async throws {
        guard !held.withLock({ $0.contains(name) }) else { return }
        // A session lock, as the reads and the write are separate transactions.
        try await connection.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [Self.prefix + name])
        held.withLock { _ = $0.insert(name) }
    }

    /// Releases every name held, even when the command's task was cancelled: a task of its own,
    /// which the cancellation does not reach, sends the unlocks. Should one fail, the session
    /// has ended, and its locks with it.
    func end() async {
        let names = held.withLock { names in
            defer { names = [] }
            return names
        }
        guard !names.isEmpty else { return }
        let connection = connection
        _ = try? await Task {
            for name in names {
                try await connection.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [Self.prefix + name])
            }
        }.value
    }

    /// Before each name, so that command locks keep clear of other advisory locks.
    static let prefix = "laurel.command."
}
