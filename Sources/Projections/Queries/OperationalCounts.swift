import Postgres
import Workflow

/// What the `/metrics` page reports of the work itself, read from the read models at scrape time,
/// so every instance reports the same figures.
public struct OperationalCounts: Sendable, Equatable {
    /// Nominations by kind and current state.
    public var nominations: [KindAndLabel: Int] = [:]
    /// Decisions taken since the log began, by kind and outcome (approved, rejected): a
    /// counter, whose rate gives decisions per day.
    public var decisions: [KindAndLabel: Int] = [:]
    /// Open stages past their deadline, by kind, with the same rule as the overdue board
    /// (a deadline that passes during a hold is not breached).
    public var breachedDeadlines: [String: Int] = [:]

    public struct KindAndLabel: Sendable, Hashable, Comparable {
        public let kind: String
        public let label: String

        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.kind, lhs.label) < (rhs.kind, rhs.label) }
    }
}

extension ReadModelQueries {
    /// The tenant's counts for the metrics page (three grouped scans of small read models).
    public func operationalCounts(tenant: String, today: LocalDate) async throws -> OperationalCounts {
        var counts = OperationalCounts()
        for row in try await pool.query("""
            SELECT kind, state, count(*) FROM projection_nominations.nominations WHERE tenant = $1 GROUP BY kind, state
            """, [tenant]) {
            counts.nominations[.init(kind: try row.decode(0), label: try row.decode(1))] = try row.decode(2)
        }
        for row in try await pool.query("""
            SELECT kind, sum(approved)::int8, sum(rejected)::int8 FROM projection_statistics.outcomes WHERE tenant = $1 GROUP BY kind
            """, [tenant]) {
            let kind: String = try row.decode(0)
            counts.decisions[.init(kind: kind, label: "approved")] = try row.decode(1)
            counts.decisions[.init(kind: kind, label: "rejected")] = try row.decode(2)
        }
        for row in try await pool.query("""
            SELECT kind, count(*) FROM projection_deadlines.open_stages
            WHERE tenant = $1 AND due_on < coalesce(on_hold_since, $2::date) GROUP BY kind
            """, [tenant, today.description]) {
            counts.breachedDeadlines[try row.decode(0)] = try row.decode(1)
        }
        return counts
    }
}
