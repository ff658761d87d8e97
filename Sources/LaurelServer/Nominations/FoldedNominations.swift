import Nominations
import Synchronization

/// Nominations as this process last stored or read them, with their versions, so that the next
/// command on one decides without reading and folding its stream again.
///
/// Only a hint: the append's expected version is what guarantees a decision was made on the
/// stream as it is. A state another process changed since fails that append with a conflict;
/// the command then reads the stream (see `NominationService.execute`), and any failed command
/// forgets its nomination. Reads for clients (a nomination, its history, its state then) never
/// come from here.
///
/// Bounded by two generations: entries go into the current one; when it holds half the
/// capacity it becomes the previous one, and the one before is dropped. A nomination in use
/// stays (a hit in the previous generation moves it to the current one); at most `capacity`
/// are kept.
final class FoldedNominations: Sendable {
    private struct Generations {
        var current: [String: Loaded<Nomination>] = [:]
        var previous: [String: Loaded<Nomination>] = [:]
    }

    private let generations = Mutex(Generations())
    let capacity: Int

    init(capacity: Int = 4096) {
        precondition(capacity >= 2, "a cache of folded nominations needs room for two")
        self.capacity = capacity
    }

    /// The nomination `id` as last stored or read, or nil.
    func nomination(_ id: String) -> Loaded<Nomination>? {
        generations.withLock { generations in
            if let loaded = generations.current[id] { return loaded }
            guard let loaded = generations.previous.removeValue(forKey: id) else { return nil }
            Self.insert(id, loaded, into: &generations, capacity: capacity)
            return loaded
        }
    }

    /// Keeps `loaded`, the nomination `id` at a version this process stored or read, unless a
    /// later version is kept already (two commands' responses may come back in either order).
    func keep(_ id: String, _ loaded: Loaded<Nomination>) {
        guard loaded.state != nil else { return }
        generations.withLock { generations in
            let kept = generations.current[id] ?? generations.previous[id]
            guard (kept?.version ?? 0) < loaded.version else { return }
            generations.previous[id] = nil
            Self.insert(id, loaded, into: &generations, capacity: capacity)
        }
    }

    /// Forgets the nomination `id`: its next command reads the stream.
    func forget(_ id: String) {
        generations.withLock { generations in
            generations.current[id] = nil
            generations.previous[id] = nil
        }
    }

    /// How many nominations are kept.
    var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    private static func insert(_ id: String, _ loaded: Loaded<Nomination>, into generations: inout Generations, capacity: Int) {
        if generations.current.count >= capacity / 2 {
            generations.previous = generations.current
            generations.current = [:]
        }
        generations.current[id] = loaded
    }
}
