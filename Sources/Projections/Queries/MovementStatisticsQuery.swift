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
    /// The statistics of `movement`, optionally for some units only.
    public func movementStatistics(tenant: String, movement: String, units: [String]? = nil) async throws -> MovementStatistics {
        let rows = try await pool.query("""
            SELECT unit, title, title_name, state, count(*)::int8
            FROM projection_nominations.nominations
            WHERE tenant = $1 AND movement = $2 AND ($3::text[] IS NULL OR unit = ANY($3::text[]))
            GROUP BY unit, title, title_name, state
            ORDER BY unit, title, state
            """, [tenant, movement, units.map(PostgresArray.init)])
        let counts = try rows.map {
            MovementStatistics.Count(unit: try $0.decode(0), title: try $0.decode(1), titleName: try $0.decode(2),
                                     state: try $0.decode(3), nominations: Int(try $0.decode(4, as: Int64.self)))
        }
        return MovementStatistics(movement: movement, counts: counts, nominations: counts.reduce(0) { $0 + $1.nominations })
    }
}
