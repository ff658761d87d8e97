import Postgres
import Workflow

/// Awards in force decided within a period, of one title, kind and nominee type, thematic or
/// not, to front-line staff or not: what a statistical form of the awards a period decided adds up.
public struct DecidedAwardTally: Sendable, Equatable, Codable {
    public let title: String
    public let kind: String
    public let nomineeType: String
    /// The award's nomination named an emulation movement (a thematic award, khen thưởng theo chuyên đề).
    public let thematic: Bool
    /// To staff who directly perform the sector's duties.
    public let frontLine: Bool
    /// Awards in force: revoked ones are left out, imported ones count.
    public let awards: Int
    /// Of ``awards``, those held before Laurel and imported.
    public let imported: Int

    public init(title: String, kind: String, nomineeType: String, thematic: Bool, frontLine: Bool, awards: Int, imported: Int) {
        (self.title, self.kind, self.nomineeType, self.thematic, self.frontLine) = (title, kind, nomineeType, thematic, frontLine)
        (self.awards, self.imported) = (awards, imported)
    }
}

extension ReadModelQueries {
    /// Awards in force of `titles` whose decision is dated from `from` to `to` (both included),
    /// of `units` (nil: every unit), tallied by title, kind, nominee type, thematic and front-line,
    /// in that order.
    ///
    /// Whether an award is thematic is its nomination's movement, kept by the nominations list:
    /// a nomination names its movement when submitted, long before the award the registry shows,
    /// so the two read models agree on it once the nominations one has applied that submission
    /// (a rebuild of it alone would count thematic awards as not, until it catches up). An
    /// imported award has no nomination and is not thematic.
    public func decidedAwardTallies(
        tenant: String, units: [String]?, titles: [String], from: LocalDate, to: LocalDate
    ) async throws -> [DecidedAwardTally] {
        try await pool.query("""
            SELECT a.title, a.kind, a.nominee_type, n.movement IS NOT NULL, a.is_front_line, count(*)::int8,
                   count(*) FILTER (WHERE a.imported)::int8
            FROM projection_awards.awards a
            LEFT JOIN projection_nominations.nominations n ON n.tenant = a.tenant AND n.nomination_id = a.nomination_id
            WHERE a.tenant = $1 AND NOT a.revoked AND a.title = ANY($2::text[]) AND a.decision_date BETWEEN $3::date AND $4::date
              AND ($5::text[] IS NULL OR a.unit = ANY($5::text[]))
            GROUP BY 1, 2, 3, 4, 5
            ORDER BY 1, 2, 3, 4, 5
            """, [tenant, PostgresArray(titles), from.description, to.description, units.map(PostgresArray.init)]).map {
            DecidedAwardTally(title: try $0.decode(0), kind: try $0.decode(1), nomineeType: try $0.decode(2), thematic: try $0.decode(3),
                              frontLine: try $0.decode(4), awards: Int(try $0.decode(5, as: Int64.self)),
                              imported: Int(try $0.decode(6, as: Int64.self)))
        }
    }
}
