import EventStore
import Foundation
import Metrics
import Tracing
import Nominations
import Postgres
import Synchronization

/// How the handler runs one command.
public struct CommandOptions: Sendable {
    /// The version the caller saw (`If-Match`): another one is a conflict, never decided again.
    public var pinnedVersion: Int64?
    /// The command starts its stream (a submission with a new id): its first attempt decides on
    /// the initial state without reading, and the append expects no stream, so an id already
    /// taken fails it and the retry reads the stream and refuses.
    public var startsStream: Bool
    public var idempotency: IdempotencyKey?
    /// Who acts and why, stored with each event; its actor scopes the idempotency key.
    public var metadata: EventMetadata
    /// The command's name (`POST /v1/nominations/{id}/accept`), for the decide and append spans.
    public var name: String

    public init(pinnedVersion: Int64? = nil, startsStream: Bool = false, idempotency: IdempotencyKey? = nil,
                metadata: EventMetadata, name: String = "") {
        self.pinnedVersion = pinnedVersion
        self.startsStream = startsStream
        self.idempotency = idempotency
        self.metadata = metadata
        self.name = name
    }

    /// The attributes of the command's spans: its name and the aggregate it runs on.
    func spanAttributes(_ stream: StreamName) -> SpanAttributes {
        var attributes = SpanAttributes()
        attributes["laurel.command"] = name
        attributes["laurel.stream"] = stream.description
        if stream.category == "nomination" { attributes["laurel.nomination_id"] = stream.id }
        return attributes
    }
}

/// What a decision needs from outside its own aggregate, read afresh on every attempt, and the
/// appends to other aggregates that follow from it.
public struct Preparation<D: Decider>: Sendable {
    public var context: D.Context
    public var linked: @Sendable (_ before: D.State, _ after: D.State, _ events: [D.Event]) async throws -> [LinkedAppend]
    /// The other aggregates the context was made from, when they were read through
    /// ``LinkedStates``: a refusal made on reads another writer has moved since is decided again.
    public var reads: LinkedStates?

    public init(
        context: D.Context,
        linked: @escaping @Sendable (_ before: D.State, _ after: D.State, _ events: [D.Event]) async throws -> [LinkedAppend]
            = { _, _, _ in [] },
        reads: LinkedStates? = nil
    ) {
        self.context = context
        self.linked = linked
        self.reads = reads
    }
}

/// A refusal decided on a state that may no longer be the stream's (a kept one, or reads another
/// writer has moved since): the command is decided again on fresh reads.
struct StaleRefusal: Error {}

/// An aggregate after a command: its state, version and the log position of its last event.
public struct Outcome<State: Sendable>: Sendable {
    public let state: State
    public let version: Int64
    /// Nil when the command stored nothing.
    public let checkpoint: LogCheckpoint?
}

/// The one command handler every aggregate goes through: load the aggregate (as kept, or from its
/// stream), decide, append with the expected version beside what follows in other aggregates,
/// store the idempotency record in the same transaction, answer. A conflict is decided again
/// (unless the caller pinned a version); a retried request with a stored key gets the stored answer.
///
/// The idempotency key is not looked up first: the record is inserted in the transaction that
/// appends, so a retry decides again, meets the stored key there, rolls back everything it wrote
/// and answers with the stored response. Retries are rare; a lookup before every command was a
/// statement each of them paid.
public struct CommandHandler: Sendable {
    public let store: EventStore
    public let reader: AggregateReader
    let records: IdempotencyRecords
    let conflicts = Counter(label: "laurel_append_conflicts_total")

    /// How many times a command is decided when other writers keep moving its streams first:
    /// enough for every intake of a unit's quota racing at once (each round stores one of them).
    static let attempts = 10

    public init(store: EventStore, tenant: String) {
        self.store = store
        reader = AggregateReader(store: store)
        records = IdempotencyRecords(pool: store.pool, tenant: tenant)
    }

    /// Runs `command` on the aggregate of `stream`.
    ///
    /// - Parameters:
    ///   - kept: states this process keeps between commands; the first attempt decides on one
    ///     kept there, retries read the stream.
    ///   - prepare: reads what the decision needs besides the aggregate (checks on the caller's
    ///     sight of it belong here too); called on every attempt.
    ///   - reply: the response to the outcome, made once the version and log position it names
    ///     are known: in the append's transaction when an idempotency key records it, so the
    ///     record holds exactly what the caller receives; after the commit otherwise.
    public func handle<D: Decider>(
        _ decider: D.Type, _ command: D.Command, on stream: StreamName, options: CommandOptions,
        kept: KeptStates<D.State>? = nil,
        prepare: @Sendable (Loaded<D.State>) async throws -> Preparation<D>,
        reply: @escaping @Sendable (Outcome<D.State>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let actorID = options.metadata.actorID ?? ""
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await decideAndAppend(decider, command, on: stream, options: options, firstAttempt: attempt == 1,
                                                 kept: kept, prepare: prepare, reply: reply)
            } catch is StaleRefusal {
                kept?.forget(stream)
                if attempt == Self.attempts { throw CommandError.contended(stream.description) }
            } catch {
                kept?.forget(stream)
                // A retry, or a concurrent request with the same key that won while this one
                // decided: this one then met the stored key, or the winner's effect (a conflict,
                // or a state the command no longer fits). The stored response is the answer.
                if let key = options.idempotency, let stored = try await records.stored(key, actorID: actorID) { return stored }
                if IdempotencyRecords.isDuplicateKey(error) { throw CommandError.requestInProgress }
                guard let conflict = error as? EventStoreError, conflict.code == .versionConflict else { throw error }
                conflicts.increment()
                // The caller's own stream moved past the version it pinned: its answer is a conflict.
                if conflict.stream == stream, options.pinnedVersion != nil { throw error }
                if attempt == Self.attempts {
                    throw conflict.stream == stream ? error : CommandError.contended(conflict.stream?.description ?? "")
                }
            }
        }
    }

    /// The response stored under the command's idempotency key, when a request with it was answered already.
    public func storedResponse(_ options: CommandOptions) async throws -> StoredResponse? {
        guard let key = options.idempotency else { return nil }
        return try await records.stored(key, actorID: options.metadata.actorID ?? "")
    }

    private func decideAndAppend<D: Decider>(
        _ decider: D.Type, _ command: D.Command, on stream: StreamName, options: CommandOptions, firstAttempt: Bool,
        kept: KeptStates<D.State>?, prepare: @Sendable (Loaded<D.State>) async throws -> Preparation<D>,
        reply: @escaping @Sendable (Outcome<D.State>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let (loaded, events, after, linked) = try await withSpan("decide") { span in
            span.attributes = options.spanAttributes(stream)
            let loaded = try await load(decider, stream, options: options, firstAttempt: firstAttempt, kept: kept)
            let preparation = try await prepare(loaded)
            if let pinned = options.pinnedVersion, pinned != loaded.version {
                throw CommandError.versionConflict(current: loaded.version, expected: pinned)
            }
            do {
                let events = try D.decide(command, loaded.state, preparation.context)
                let after = events.reduce(loaded.state, D.evolve)
                return (loaded, events, after, try await preparation.linked(loaded.state, after, events))
            } catch let refusal as DomainError {
                // A refusal is final only on what is stored now: on a state this process kept
                // (another process may have moved the stream) or on reads moved since, decide again.
                if loaded.isKept { throw StaleRefusal() }
                if let reads = preparation.reads, try await reads.movedSinceRead(in: store) { throw StaleRefusal() }
                throw refusal
            }
        }
        let metadata = options.metadata
        var appends = events.isEmpty ? [] : [(stream, loaded.expected, try Self.newEvents(events, metadata))]
        for append in linked { appends.append((append.stream, append.expected, try Self.newEvents(append.events, metadata))) }
        guard !appends.isEmpty else { return try reply(Outcome(state: after, version: loaded.version, checkpoint: nil)) }

        let ownResult = events.isEmpty ? nil : 0
        let respond = { @Sendable (results: [AppendResult]) throws -> StoredResponse in
            let own = ownResult.map { results[$0] }
            return try reply(Outcome(state: after, version: own?.toVersion ?? loaded.version,
                                     checkpoint: own?.checkpoint ?? results.last?.checkpoint))
        }
        let (results, response) = try await withSpan("append") { span in
            span.attributes = options.spanAttributes(stream)
            span.attributes["laurel.events"] = appends.reduce(0) { $0 + $1.2.count }
            return try await append(appends, idempotency: options.idempotency, actorID: metadata.actorID ?? "", respond: respond)
        }
        if let own = ownResult.map({ results[$0] }) { kept?.keep(stream, Loaded(state: after, version: own.toVersion)) }
        return response
    }

    /// Appends `appends` (then, in turn, the appends of `ordered`) and answers with `respond`.
    /// With an idempotency key, the response is made in the append's transaction and recorded
    /// under the key there, so the record holds exactly what the caller receives. Without one
    /// nothing is recorded: the append commits in its own round trip (where a record would take a
    /// second, for the commit) and the response is made from its results after it.
    func append(
        _ appends: [(StreamName, ExpectedVersion, [NewEvent])],
        then ordered: (AppendTurn, [(StreamName, ExpectedVersion, [NewEvent])])? = nil, idempotency: IdempotencyKey?, actorID: String,
        respond: @escaping @Sendable ([AppendResult]) throws -> StoredResponse
    ) async throws -> (results: [AppendResult], response: StoredResponse) {
        let store = store
        @Sendable func append(recording records: EventStore.Records?) async throws -> [AppendResult] {
            if let (turn, inTurn) = ordered { return try await store.append(appends, inTurn: turn, inTurn, recording: records) }
            guard let records else { return try await store.append(appends) }
            return try await store.append(appends, recording: records)
        }
        guard let key = idempotency else {
            let results = try await append(recording: nil)
            return (results, try respond(results))
        }
        let response = Mutex<StoredResponse?>(nil)
        let results = try await append { [records] results in
            let made = try respond(results)
            response.withLock { $0 = made }
            return [records.insert(made, key: key, actorID: actorID)]
        }
        guard let made = response.withLock({ $0 }) else { throw CommandError.responseNotMade }
        return (results, made)
    }

    /// The aggregate for one attempt: the initial state for a stream the command starts, else as
    /// kept (on the first attempt), else read and kept for the next command.
    private func load<D: Decider>(
        _ decider: D.Type, _ stream: StreamName, options: CommandOptions, firstAttempt: Bool, kept: KeptStates<D.State>?
    ) async throws -> Loaded<D.State> {
        if firstAttempt, options.startsStream { return Loaded(state: D.initialState, version: 0, isAssumedNew: true) }
        // A kept state at another version than the one pinned is read again: the conflict then
        // names the stream's current version, not what this process kept.
        if firstAttempt, var kept = kept?.state(of: stream), options.pinnedVersion.map({ $0 == kept.version }) ?? true {
            kept.isKept = true
            return kept
        }
        let loaded = try await reader.load(decider, stream)
        kept?.keep(stream, loaded)
        return loaded
    }

    static func newEvents(_ events: [any DomainEvent], _ metadata: EventMetadata) throws -> [NewEvent] {
        try events.map { event in
            NewEvent(type: event.type, schemaVersion: event.schemaVersion, payload: try StoredJSONEncoder.encode(event.storedPayload),
                     metadata: metadata)
        }
    }
}
