import Postgres

/// The nominations of thematic awards for one emulation movement, counted by unit, title and
/// state: how far the movement's awards have gone.
public struct MovementStatistics: Sendable, Equatable, Codable {
    /// Nominations of one unit and title in one state.
    public struct Count: Sendable, Equatable, Codable {
        public let unit: String
        public let title: String
        public let titleName: String
        public let state: String
        public let nominations: Int
    }

    public let movement: String
    /// By unit, title and state.
    public let counts: [Count]
    /// Nominations of every unit, title and state counted.
    public let nominations: Int
}

extension ReadModelQueries {
    /// The statistics of each of `movements`, in their order, optionally for some units only:
    /// one query, however many movements a page lists.
    public func movementStatistics(tenant: String, movements: [String], units: [String]? = nil) async throws -> [MovementStatistics] {
        let rows = try await pool.query("""
            SELECT movement, unit, title, title_name, state, count(*)::int8
            FROM projection_nominations.nominations
            WHERE tenant = $1 AND movement = ANY($2::text[]) AND ($3::text[] IS NULL OR unit = ANY($3::text[]))
            GROUP BY movement, unit, title, title_name, state
            ORDER BY movement, unit, title, state
            """, [tenant, PostgresArray(movements), units.map(PostgresArray.init)])
        var counts: [String: [MovementStatistics.Count]] = [:]
        for row in rows {
            counts[try row.decode(0), default: []].append(MovementStatistics.Count(
                unit: try row.decode(1), title: try row.decode(2), titleName: try row.decode(3), state: try row.decode(4),
                nominations: Int(try row.decode(5, as: Int64.self))))
        }
        return movements.map { movement in
            let own = counts[movement] ?? []
            return MovementStatistics(movement: movement, counts: own, nominations: own.reduce(0) { $0 + $1.nominations })
        }
    }
}
