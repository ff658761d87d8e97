import Postgres

/// Awards in force of one unit, year, kind, title and nominee type: what a multi-year summary
/// adds up.
public struct AwardTally: Sendable, Equatable, Codable {
    public let unit: String
    public let year: Int
    public let kind: String
    public let title: String
    public let titleName: String
    public let nomineeType: String
    /// Awards in force: revoked ones are left out, imported ones count.
    public let awards: Int
    /// Of ``awards``, those to small collectives.
    public let smallCollectives: Int
    /// Of ``awards``, those to staff who directly perform the sector's duties.
    public let frontLine: Int
    /// Of ``awards``, those held before Laurel and imported.
    public let imported: Int

    public init(unit: String, year: Int, kind: String, title: String, titleName: String, nomineeType: String, awards: Int,
                smallCollectives: Int, frontLine: Int, imported: Int) {
        (self.unit, self.year, self.kind, self.title, self.titleName, self.nomineeType) = (unit, year, kind, title, titleName, nomineeType)
        (self.awards, self.smallCollectives, self.frontLine, self.imported) = (awards, smallCollectives, frontLine, imported)
    }
}

extension AwardRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = """
        nomination_id, nominee_type, nominee_id, nominee_name, unit, kind, title, title_name, year,
        decision_number, decision_date::text, revoked, revocation_ground, imported, import_sha256
        """

    init(row: PostgresRow) throws {
        self.init(nominationID: try row.decode(0), nomineeType: try row.decode(1), nomineeID: try row.decode(2),
                  nomineeName: try row.decode(3), unit: try row.decode(4), kind: try row.decode(5),
                  title: try row.decode(6), titleName: try row.decode(7), year: try row.decode(8),
                  decisionNumber: try row.decode(9), decisionDate: try row.decode(10), revoked: try row.decode(11),
                  revocationGround: try row.decode(12), imported: try row.decode(13), importSha256: try row.decode(14))
    }
}

extension ReadModelQueries {
    /// The most awards a yearbook lists; a unit with more is told so rather than cut silently.
    public static let yearbookLimit = 20_000

    /// Awards in force from `years`, of `units` (nil: every unit), tallied by unit, year, kind,
    /// title and nominee type, in that order.
    public func awardTallies(tenant: String, units: [String]?, years: ClosedRange<Int>) async throws -> [AwardTally] {
        try await pool.query("""
            SELECT unit, year, kind, title, min(title_name), nominee_type, count(*)::int8,
                   count(*) FILTER (WHERE is_small_collective)::int8, count(*) FILTER (WHERE is_front_line)::int8,
                   count(*) FILTER (WHERE imported)::int8
            FROM projection_awards.awards
            WHERE tenant = $1 AND NOT revoked AND year BETWEEN $2 AND $3 AND ($4::text[] IS NULL OR unit = ANY($4::text[]))
            GROUP BY unit, year, kind, title, nominee_type
            ORDER BY unit, year, kind, title, nominee_type
            """, [tenant, Int32(clamping: years.lowerBound), Int32(clamping: years.upperBound), units.map(PostgresArray.init)]).map {
            AwardTally(unit: try $0.decode(0), year: try $0.decode(1), kind: try $0.decode(2), title: try $0.decode(3),
                       titleName: try $0.decode(4), nomineeType: try $0.decode(5), awards: Int(try $0.decode(6, as: Int64.self)),
                       smallCollectives: Int(try $0.decode(7, as: Int64.self)), frontLine: Int(try $0.decode(8, as: Int64.self)),
                       imported: Int(try $0.decode(9, as: Int64.self)))
        }
    }

    /// Every award of `unit` since its founding, imported ones included and revoked ones marked,
    /// by year, title and nominee name: the unit's yearbook. At most ``yearbookLimit`` + 1 rows,
    /// so a caller can tell a longer one.
    public func yearbook(tenant: String, unit: String) async throws -> [AwardRecord] {
        try await pool.query("""
            SELECT \(AwardRecord.columns)
            FROM projection_awards.awards
            WHERE tenant = $1 AND unit = $2
            ORDER BY year, title_name, nominee_name, nomination_id
            LIMIT $3
            """, [tenant, unit, Int64(Self.yearbookLimit + 1)]).map(AwardRecord.init(row:))
    }
}
