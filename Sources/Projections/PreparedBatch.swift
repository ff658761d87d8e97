import EventStore
import Foundation
import Postgres

/// A batch of the log turned into the statements that apply it, ready to be written with its
/// checkpoint in one transaction. Preparing is the client's share of the work (decoding the
/// payloads, folding and encoding rows) and needs no transaction, so a rebuild prepares the
/// next batch while the server writes the current one.
package struct PreparedBatch: Sendable {
    /// The checkpoint the batch starts after.
    let after: LogCheckpoint
    /// The checkpoint of its last event (`after` for an empty batch).
    let checkpoint: LogCheckpoint
    /// Events in the batch, including those no projection handles.
    package let count: Int
    package let statements: [PostgresStatement]

    /// Events in the batch past each projection's own checkpoint, in the order of `projections`:
    /// what each checkpoint advances by.
    let advances: [Int]

    /// A batch read after `after`, for projections that all start there (a rebuild, a catch-up).
    package init(_ events: [RecordedEvent], after: LogCheckpoint, for projections: [any Projection]) throws {
        try self.init(events, after: after, for: projections, from: Array(repeating: after, count: projections.count))
    }

    /// A batch read after `after`, the earliest of `starts`, for projections whose checkpoints
    /// are `starts` (live followers, where one projection may be ahead of another after a
    /// rebuild): each gets only the events past its own checkpoint. Payloads are decoded once.
    init(_ events: [RecordedEvent], after: LogCheckpoint, for projections: [any Projection], from starts: [LogCheckpoint]) throws {
        self.after = after
        checkpoint = events.last?.checkpoint ?? after
        count = events.count
        advances = starts.map { start in events.count(where: { $0.checkpoint > start }) }
        let decoded = try Self.decode(events, for: projections)
        var parts = Array(repeating: [ProjectedEvent](), count: projections.count)
        for event in decoded {
            for (index, projection) in projections.enumerated()
            where event.record.checkpoint > starts[index] && projection.eventTypes.contains(event.record.type) {
                parts[index].append(event)
            }
        }
        // Each projection folds and encodes its part on a core of its own.
        let batches = parts
        statements = try concurrentMap(projections.count) {
            batches[$0].isEmpty ? [] : try projections[$0].statements(for: batches[$0])
        }.flatMap { $0 }
    }

    /// Applies the batch and advances `checkpointName` past it, inside `transaction`, whose
    /// search path names the tables to write. The checkpoint must be where the batch starts,
    /// locked by the caller: that is what keeps every event applied exactly once.
    func write(in transaction: PostgresTransaction, checkpointName: String) throws {
        try write(in: transaction, advancing: [(checkpointName, count)])
    }

    /// Applies the batch and advances each projection's checkpoint (`checkpointNames`, in the
    /// order the batch was prepared for) past it, all in one round trip. The checkpoints must
    /// be the `starts` the batch was prepared from, locked by the caller.
    func write(in transaction: PostgresTransaction, checkpointNames: [String]) throws {
        try write(in: transaction, advancing: zip(checkpointNames, advances).filter { $0.1 > 0 })
    }

    private func write(in transaction: PostgresTransaction, advancing checkpoints: [(name: String, by: Int)]) throws {
        guard count > 0, !checkpoints.isEmpty else { return }
        var statements = statements
        statements += checkpoints.map { ProjectionCheckpoints.advance($0.name, to: checkpoint, by: $0.by) }
        // One signal for the whole batch: waiting readers read the checkpoints themselves.
        statements.append(PostgresStatement("SELECT pg_notify('\(ProjectionCheckpoints.channel)', $1)", [checkpoints[0].name]))
        _ = try transaction.pipeline(statements)
    }

    /// The payloads of the events some projection handles, decoded on all cores, in log order.
    private static func decode(_ records: [RecordedEvent], for projections: [any Projection]) throws -> [ProjectedEvent] {
        let wanted = records.filter { record in projections.contains { $0.eventTypes.contains(record.type) } }
        let parts = slices(of: wanted, parts: ProcessInfo.processInfo.activeProcessorCount, minimum: 250)
        return try concurrentMap(parts.count) { index in
            try parts[index].map { record in
                do {
                    return try ProjectedEvent(record)
                } catch {
                    throw ProjectionError(
                        .undecodableEvent,
                        "event \(record.id) (\(record.type)) at position \(record.position) cannot be decoded: \(error)")
                }
            }
        }.flatMap { $0 }
    }
}
