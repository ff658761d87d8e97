import EventStore
import Nominations
import Synchronization

/// The other aggregates one attempt of a command reads and changes besides its own (a unit's
/// quota, a candidacy, the nominee's awards), each read at most once: the decision and the
/// appends that follow from it see one state, and in a batch each command sees what the
/// commands before it decided. The handler appends every change to one stream together, at the
/// version first read, so a concurrent writer fails the whole attempt.
public final class LinkedStates: Sendable {
    private struct Entry {
        var state: any Sendable
        var version: Int64
        let isAssumedNew: Bool
        /// The version the stream was read at (what this attempt decided on).
        let readVersion: Int64
    }

    private let reader: AggregateReader
    private let entries = Mutex<[StreamName: Entry]>([:])
    /// Streams read ahead by ``prefetch(_:)`` and not loaded yet.
    private let prefetched = Mutex<[StreamName: [RecordedEvent]]>([:])

    public init(reader: AggregateReader) { self.reader = reader }

    /// `stream` folded with `decider`, with what this attempt decided on it so far. Read on first
    /// use; with `assumedNew`, taken to have no events without reading (an append expecting no
    /// stream checks it).
    public func load<L: Decider>(_ decider: L.Type, _ stream: StreamName, assumedNew: Bool = false) async throws -> Loaded<L.State> {
        if let entry = entries.withLock({ $0[stream] }), let state = entry.state as? L.State {
            return Loaded(state: state, version: entry.version, isAssumedNew: entry.isAssumedNew)
        }
        let loaded: Loaded<L.State>
        if assumedNew {
            loaded = Loaded(state: L.initialState, version: 0, isAssumedNew: true)
        } else if let records = prefetched.withLock({ $0.removeValue(forKey: stream) }) {
            loaded = try AggregateReader.fold(L.self, records)
        } else {
            loaded = try await reader.load(L.self, stream)
        }
        entries.withLock {
            $0[stream] = Entry(state: loaded.state, version: loaded.version, isAssumedNew: loaded.isAssumedNew, readVersion: loaded.version)
        }
        return loaded
    }

    /// Takes `stream` to be as `loaded` says, without reading it: what this process itself left
    /// there a moment ago (the register its last decision stored). The append expects that
    /// version, so a writer in between fails the attempt, as after a read.
    public func assume<L: Decider>(_ decider: L.Type, _ stream: StreamName, _ loaded: Loaded<L.State>) {
        entries.withLock {
            $0[stream] = Entry(state: loaded.state, version: loaded.version, isAssumedNew: false, readVersion: loaded.version)
        }
    }

    /// Reads `streams` (of one tenant) in one statement for the loads that follow, instead of one
    /// statement a load: the rows of a year-end list each read a stream of their own (the
    /// nominee's awards). What is read is what the loads would have read a moment later; a stream
    /// moved in between fails the append, as any read does.
    public func prefetch(_ streams: [StreamName]) async throws {
        let wanted = entries.withLock { entries in Array(Set(streams.filter { entries[$0] == nil })) }
        guard !wanted.isEmpty else { return }
        let records = try await reader.store.readStreams(wanted)
        prefetched.withLock { prefetched in
            for stream in wanted { prefetched[stream] = records[stream] ?? [] }
        }
    }

    /// Whether a stream this attempt read has moved since: its reads were taken one after another,
    /// so a refusal decided on them may rest on two moments (a unit's advanced workers counted
    /// before another list's intake, its grassroots places after). A refusal is only final on
    /// reads that still hold.
    func movedSinceRead(in store: EventStore) async throws -> Bool {
        let read = entries.withLock { $0.filter { !$0.value.isAssumedNew }.map { ($0.key, $0.value.readVersion) } }
        for (stream, version) in read where try await store.currentVersion(of: stream) != version { return true }
        return false
    }

    /// `command` decided on `stream`'s state as this attempt left it; nil when it changes nothing.
    public func decide<L: Decider>(
        _ decider: L.Type, _ command: L.Command, on stream: StreamName, context: L.Context, assumedNew: Bool = false
    ) async throws -> LinkedAppend? {
        let loaded = try await load(L.self, stream, assumedNew: assumedNew)
        guard let append = try LinkedAppend.decide(L.self, command, on: stream, loaded: loaded, context: context) else { return nil }
        let after = append.events.compactMap { $0 as? L.Event }.reduce(loaded.state, L.evolve)
        entries.withLock {
            $0[stream] = Entry(state: after, version: loaded.version + Int64(append.events.count), isAssumedNew: loaded.isAssumedNew,
                               readVersion: $0[stream]?.readVersion ?? loaded.version)
        }
        return append
    }
}
