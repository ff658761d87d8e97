import EventStore
import Foundation
import Postgres

/// What the event store appended in a run: how many events, in how long.
struct AppendRun {
    let events: Int
    let seconds: Double
    var rate: Double { Double(events) / seconds }
}

/// The event store appending for `seconds`: `writers` tasks, each to streams of its own,
/// `eventsPerAppend` events an append to one stream, or with `spread` one event to each of that
/// many new streams in one transaction (the shape of a year-end list). The events are `samples` in
/// turn, each writer starting at its own place in them, with new ids.
func appendRate(
    _ configuration: PostgresConfiguration, writers: Int, eventsPerAppend: Int, spread: Bool = false, groupCommit: Int = 0,
    seconds: Double, samples: [BenchmarkEvent]
) async throws -> AppendRun {
    precondition(!samples.isEmpty, "an append rate needs events to append")
    let pool = ConnectionPool(configuration: configuration, options: .init(maxConnections: writers))
    let store = EventStore(pool: pool, options: .init(groupCommitConnections: groupCommit))
    let run = UUID.random().uuidString.lowercased().prefix(8)
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started + .milliseconds(Int(seconds * 1000))
    let events = try await withThrowingTaskGroup(of: Int.self) { group in
        for writer in 0..<writers {
            group.addTask {
                var next = writer * samples.count / writers
                func event() -> NewEvent {
                    let sample = samples[next % samples.count]
                    next += 1
                    return NewEvent(type: sample.type, payload: sample.payload, metadata: sample.metadata)
                }
                let stream = StreamName(tenant: "bench", category: "bench", id: "\(run)-\(writer)")
                var version: Int64 = 0
                var written = 0
                var round = 0
                while clock.now < deadline {
                    if spread {
                        let appends = (0..<eventsPerAppend).map { index in
                            (StreamName(tenant: "bench", category: "bench", id: "\(run)-\(writer)-\(round)-\(index)"),
                             ExpectedVersion.noStream, [event()])
                        }
                        _ = try await store.append(appends)
                        round += 1
                    } else {
                        let batch = (0..<eventsPerAppend).map { _ in event() }
                        version = try await store.append(to: stream, expected: .exact(version), events: batch).toVersion
                    }
                    written += eventsPerAppend
                }
                return written
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = clock.now - started
    await pool.close()
    return AppendRun(events: events, seconds: elapsed.inSeconds)
}
