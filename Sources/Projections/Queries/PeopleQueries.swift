import Foundation
import Postgres

/// A person as a search lists them.
public struct PersonSummary: Sendable, Equatable, Codable {
    public let personID: String
    public let name: String
    /// Every unit the person was seen in, in the order first seen.
    public let units: [String]
}

/// A person across years and units: every title by year, and the units they were in.
public struct PersonRecord: Sendable, Equatable, Codable {
    /// One title the person was nominated for in Laurel, or held before it and imported.
    public struct Title: Sendable, Equatable, Codable {
        public let year: Int
        public let title: String
        public let titleName: String
        public let kind: String
        /// The unit the person was in for it.
        public let unit: String
        /// Held before Laurel and imported, rather than decided in Laurel.
        public let imported: Bool
        /// The nomination's state (`approved`, `submitted`, `revoked`, …), or `imported`.
        public let state: String
        /// The nomination, for a title decided in Laurel.
        public let nominationID: String?
        public let decisionNumber: String?
        public let decisionDate: String?
        /// The SHA-256 of the file that imported it (spelt so that the API's key is `import_sha256`).
        public let importSha256: String?
    }

    /// A stretch of years in one unit: a transfer shows as the next unit's stretch.
    public struct UnitPeriod: Sendable, Equatable, Codable {
        public let unit: String
        public let fromYear: Int
        public let toYear: Int
    }

    public let personID: String
    public let name: String
    /// The units by the years of the titles held or nominated there, earliest first.
    public let units: [UnitPeriod]
    /// Oldest first; in a year, in the order recorded.
    public let titles: [Title]

    /// `titles`' units as periods: each unit from its first to its last year, ordered by first year.
    static func periods(of titles: [Title]) -> [UnitPeriod] {
        var periods: [String: (from: Int, to: Int)] = [:]
        for title in titles {
            let known = periods[title.unit] ?? (title.year, title.year)
            periods[title.unit] = (min(known.from, title.year), max(known.to, title.year))
        }
        return periods.map { UnitPeriod(unit: $0.key, fromYear: $0.value.from, toYear: $0.value.to) }
            .sorted { ($0.fromYear, $0.toYear, $0.unit) < ($1.fromYear, $1.toYear, $1.unit) }
    }
}

extension ReadModelQueries {
    /// People whose folded name contains `search` folded (diacritics and case ignored), or whose id
    /// is `search`, among those seen in one of `units` (nil: all), by folded name and id, in pages.
    /// The cursor is the last person of a page.
    public func people(
        tenant: String, search: String? = nil, units: [String]? = nil, after cursor: String? = nil, limit: Int = 50
    ) async throws -> Page<PersonSummary> {
        try await pool.withConnection { _ -> Page<PersonSummary> in
            let limit = min(max(limit, 1), 500)
            let after: String? = try await cursorRow(
                "SELECT name_search FROM projection_people.people WHERE tenant = $1 AND person_id = $2", tenant: tenant, cursor: cursor
            ).map { try $0.decode(0) }
            let pattern = search.map { "%" + NominationListQuery.escapeLike(VietnameseText.searchKey($0)) + "%" }
            let rows = try await pool.query("""
                SELECT person_id, name, to_jsonb(units) FROM projection_people.people
                WHERE tenant = $1 AND ($2::text IS NULL OR name_search LIKE $2 OR person_id = $3)
                  AND ($4::text[] IS NULL OR units && $4::text[])
                  AND ($5::text IS NULL OR (name_search, person_id) > ($5::text, $6::text))
                ORDER BY name_search, person_id
                LIMIT $7
                """, [tenant, pattern, search, units.map(PostgresArray.init), after, after.map { _ in cursor }, limit + 1])
            let items = try rows.prefix(limit).map {
                PersonSummary(personID: try $0.decode(0), name: try $0.decode(1), units: try $0.decode(2, as: PostgresJSON<[String]>.self).value)
            }
            return Page(items: items, nextCursor: rows.count > limit ? items.last?.personID : nil)
        }
    }

    /// The person `personID` with every title, if the read model has them and they were seen in
    /// one of `units` (nil: any): nil otherwise, so that a person outside the caller's units
    /// looks the same as one who does not exist.
    public func person(tenant: String, personID: String, units: [String]? = nil) async throws -> PersonRecord? {
        try await pool.withConnection { _ -> PersonRecord? in
            guard let person = try await pool.query("""
                SELECT name FROM projection_people.people
                WHERE tenant = $1 AND person_id = $2 AND ($3::text[] IS NULL OR units && $3::text[])
                """, [tenant, personID, units.map(PostgresArray.init)]).first else { return nil }
            let rows = try await pool.query("""
                SELECT year, title, title_name, kind, unit, imported, state, record_id, decision_number, decision_date::text,
                       import_sha256
                FROM projection_people.person_titles WHERE tenant = $1 AND person_id = $2
                ORDER BY year, recorded_position, record_id
                """, [tenant, personID])
            let titles = try rows.map {
                let imported: Bool = try $0.decode(5)
                return PersonRecord.Title(
                    year: try $0.decode(0), title: try $0.decode(1), titleName: try $0.decode(2), kind: try $0.decode(3),
                    unit: try $0.decode(4), imported: imported, state: try $0.decode(6),
                    nominationID: imported ? nil : try $0.decode(7), decisionNumber: try $0.decode(8),
                    decisionDate: try $0.decode(9), importSha256: try $0.decode(10))
            }
            return PersonRecord(personID: personID, name: try person.decode(0), units: PersonRecord.periods(of: titles), titles: titles)
        }
    }
}
