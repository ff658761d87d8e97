import EventStore
import Synchronization

/// Aggregates as this process last stored or read them, with their versions, so that the next
/// command on one decides without reading and folding its stream again.
///
/// Only a hint: the append's expected version is what guarantees a decision was made on the
/// stream as it is. A state another process changed since fails that append with a conflict;
/// the handler then reads the stream, and any failed command forgets its stream. Reads for
/// clients never come from here.
///
/// Bounded by two generations: entries go into the current one; when it holds half the
/// capacity it becomes the previous one, and the one before is dropped. A state in use stays
/// (a hit in the previous generation moves it to the current one); at most `capacity` are kept.
public final class KeptStates<State: Sendable>: Sendable {
    private struct Generations {
        var current: [StreamName: Loaded<State>] = [:]
        var previous: [StreamName: Loaded<State>] = [:]
    }

    private let generations = Mutex(Generations())
    public let capacity: Int

    /// The capacity when none is set: room for a sector's year-end (60 lists of 172 rows, 10,320
    /// nominations) to go from one step to the next without reading its nominations again. Kept
    /// states share their strings with the commands that made them: in `laurel-bench yearend` the
    /// process's peak memory was 95 MiB keeping 4,096 and 98 MiB keeping 32,768.
    public static var defaultCapacity: Int { 32_768 }

    public init(capacity: Int = defaultCapacity) {
        precondition(capacity >= 2, "kept states need room for two")
        self.capacity = capacity
    }

    /// The state of `stream` as last stored or read, or nil.
    public func state(of stream: StreamName) -> Loaded<State>? {
        generations.withLock { generations in
            if let loaded = generations.current[stream] { return loaded }
            guard let loaded = generations.previous.removeValue(forKey: stream) else { return nil }
            Self.insert(stream, loaded, into: &generations, capacity: capacity)
            return loaded
        }
    }

    /// Keeps `loaded`, `stream` at a version this process stored or read, unless a later version
    /// is kept already (two commands' responses may come back in either order). A stream with no
    /// events is not kept.
    public func keep(_ stream: StreamName, _ loaded: Loaded<State>) {
        keep([(stream, loaded)])
    }

    /// Keeps each of `states` as ``keep(_:_:)`` does, under one acquisition of the lock: a
    /// batch keeps hundreds.
    public func keep(_ states: [(StreamName, Loaded<State>)]) {
        generations.withLock { generations in
            for (stream, loaded) in states where loaded.version > 0 {
                let kept = generations.current[stream] ?? generations.previous[stream]
                guard (kept?.version ?? 0) < loaded.version else { continue }
                generations.previous[stream] = nil
                Self.insert(stream, loaded, into: &generations, capacity: capacity)
            }
        }
    }

    /// Forgets `stream`: its next command reads it.
    public func forget(_ stream: StreamName) {
        generations.withLock { generations in
            generations.current[stream] = nil
            generations.previous[stream] = nil
        }
    }

    /// How many states are kept.
    public var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    private static func insert(_ stream: StreamName, _ loaded: Loaded<State>, into generations: inout Generations, capacity: Int) {
        if generations.current.count >= capacity / 2 {
            generations.previous = generations.current
            generations.current = [:]
        }
        generations.current[stream] = loaded
    }
}
