import EventStore
import Nominations

/// Reads an aggregate's stream and folds it with its decider: the write side's only way to see
/// state. It reads streams, never read models.
public struct AggregateReader: Sendable {
    public let store: EventStore

    public init(store: EventStore) { self.store = store }

    /// Every record of `stream`, page by page, or those up to `point`.
    public func records(of stream: StreamName, asOf point: StreamPoint? = nil) async throws -> [RecordedEvent] {
        if let point { return try await store.readStream(stream, asOf: point) }
        var records: [RecordedEvent] = []
        while true {
            let page = try await store.readStream(stream, from: Int64(records.count) + 1, limit: Self.pageSize)
            records += page
            if page.count < Self.pageSize { return records }
        }
    }

    /// `stream` folded with `decider`, as it is now or as it stood at `point`.
    public func load<D: Decider>(_ decider: D.Type, _ stream: StreamName, asOf point: StreamPoint? = nil) async throws -> Loaded<D.State> {
        try Self.fold(decider, try await records(of: stream, asOf: point))
    }

    /// Each of `streams` folded with `decider`, read in one statement (a stream without events
    /// is at the initial state, version 0).
    public func loadMany<D: Decider>(_ decider: D.Type, _ streams: [StreamName]) async throws -> [StreamName: Loaded<D.State>] {
        let records = try await store.readStreams(streams)
        var loaded: [StreamName: Loaded<D.State>] = [:]
        for stream in streams { loaded[stream] = try Self.fold(decider, records[stream] ?? []) }
        return loaded
    }

    /// Each of `streams` as `kept` holds it (marked kept: another process may have moved it
    /// since), the others read in one statement as ``loadMany(_:_:)`` reads them.
    public func loadMany<D: Decider>(
        _ decider: D.Type, _ streams: [StreamName], keptIn kept: KeptStates<D.State>?
    ) async throws -> [StreamName: Loaded<D.State>] {
        var loaded: [StreamName: Loaded<D.State>] = [:]
        for stream in streams {
            guard var state = kept?.state(of: stream) else { continue }
            state.isKept = true
            loaded[stream] = state
        }
        return loaded.merging(try await loadMany(decider, streams.filter { loaded[$0] == nil })) { kept, _ in kept }
    }

    /// `records` of one stream folded with `decider`; throws for an event type it does not know.
    public static func fold<D: Decider>(_ decider: D.Type, _ records: [RecordedEvent]) throws -> Loaded<D.State> {
        var state = D.initialState
        for record in records { state = D.evolve(state, try event(D.self, record)) }
        return Loaded(state: state, version: records.last?.version ?? 0)
    }

    /// The domain event a record holds, decoded by the decider's own event type.
    public static func event<D: Decider>(_ decider: D.Type, _ record: RecordedEvent) throws -> D.Event {
        let type = record.type
        return try StoredJSONDecoder().decode(from: record.payload) { try D.Event(type: type, payloadDecoder: $0) }
    }

    static let pageSize = 1000
}
