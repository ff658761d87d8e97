import EventStore
import Postgres

/// A read model built from the log.
///
/// A projection turns a batch of events into SQL statements on its own tables, computed from the
/// events alone (no reads), so that the runner can send the whole batch in one pipeline. It folds
/// the batch in memory into row changes per primary key and writes each table with one statement
/// from arrays, rather than one statement per event: the server's per-statement cost, not the
/// rows, is what limits a rebuild. Its tables live in
/// a schema of their own, created by a migration in `sql/`; statements name tables without the
/// schema, and the runner sets `search_path`, which is what lets a rebuild write into a fresh copy
/// of the schema while the live one keeps serving. A rebuild of several projections puts all
/// their schemas on the path at once, so table names must be distinct across projections.
public protocol Projection: Sendable {
    /// A stable name, used for the checkpoint and the lock: `nominations`, `deadlines`, …
    var name: String { get }
    /// The schema holding the projection's tables.
    var schema: String { get }
    /// The event types the projection handles; others are skipped without decoding.
    var eventTypes: Set<String> { get }
    /// The statements that apply `events`, a batch in log order holding only types of
    /// `eventTypes`. Applying a log in batches of any size must leave the same rows: the live
    /// runner and a rebuild cut the log differently.
    func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement]
}

extension Projection {
    /// The schema a rebuild writes into before it takes the live one's place.
    var rebuildSchema: String { schema + "_rebuild" }
}
