import Foundation
import Postgres

extension ProjectionFollower {
    /// How many rows a table the follower writes or joins must hold before it is analysed.
    /// Below that any plan is cheap, and an analysis of an empty table (zero rows) would steer the
    /// planner wrong once rows arrive.
    static let rowsBeforeFirstAnalysis = 100

    /// How often the follower looks for such tables while it follows the log.
    static let statisticsCheckInterval: Duration = .seconds(2)

    /// Analyses the tables of the followed read models, and the log, that hold rows but were never
    /// analysed; returns their names.
    ///
    /// PostgreSQL plans from statistics only `ANALYZE` gathers, and autovacuum's first analysis of
    /// a new table comes up to a minute (its naptime) after rows arrive. Until then the planner
    /// knows neither that a tenant column holds one value nor that a key is unique, and joined a
    /// batch's few dozen keys to a read model by hashing the whole table, or by walking a
    /// tenant's whole index once for every key, at a cost that grew with the table: on a new
    /// database under load, most of the database's time for the read models. One analysis of a
    /// few hundred rows settles the plans (the planner scales the row counts with the table's size
    /// from then on); autovacuum keeps them current after. A rebuild analyses the tables it filled
    /// before they take the live ones' place, so its switch leaves this check nothing to do.
    ///
    /// A table the connection's role does not own is skipped by PostgreSQL with a warning.
    @discardableResult
    func analyseUnanalysedTables(on connection: Connection) async throws -> [String] {
        let rows = try await connection.query("""
            SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables
            WHERE (schemaname = ANY($1) OR (schemaname = 'public' AND relname = 'events'))
              AND last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup >= $2
            ORDER BY 1
            """, [PostgresArray(runners.map(\.projection.schema)), Int64(Self.rowsBeforeFirstAnalysis)])
        let tables = try rows.map { try $0.decode(0, as: String.self) }
        guard !tables.isEmpty else { return [] }
        try await connection.execute("ANALYZE \(tables.joined(separator: ", "))")
        logger.info("analysed \(tables.joined(separator: ", ")), which had no statistics yet")
        return tables
    }
}
