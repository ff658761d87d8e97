import Foundation
import Postgres

/// A row of the nominations read model.
public struct NominationSummary: Sendable, Equatable, Codable {
    /// The nomination's id, named as the single resource names it.
    public let id: String
    /// The same id under the name lists used first; kept for clients that read it (deprecated).
    public let nominationID: String
    public let kind: String
    public let title: String
    public let titleName: String
    public let year: Int
    public let nomineeType: String
    public let nomineeID: String
    public let nomineeName: String
    public let unit: String
    public let state: String
    public let holds: [String: String]
    public let stageEnteredOn: String
    public let stageDeadline: String?
    public let ruleSetVersion: String
    public let workflowVersion: Int
    public let version: Int64
    public let lastChangedAt: Date
}

/// Filters for the nomination list; nil means any.
public struct NominationFilter: Sendable, Equatable {
    public var kind: String?
    public var title: String?
    /// The units to list (the one asked for, or those the caller's unit covers).
    public var units: [String]?
    public var year: Int?
    public var state: String?
    /// Any of these states (a queue spanning workflows: what waits for intake, or for approval).
    public var states: [String]?
    public var onHold: Bool?
    /// Part of the nominee's name, diacritics ignored ("nguyen van" finds "Nguyễn Văn").
    public var nomineeName: String?

    public init(kind: String? = nil, title: String? = nil, units: [String]? = nil, year: Int? = nil,
                state: String? = nil, states: [String]? = nil, onHold: Bool? = nil, nomineeName: String? = nil) {
        self.kind = kind
        self.title = title
        self.units = units
        self.year = year
        self.state = state
        self.states = states
        self.onHold = onHold
        self.nomineeName = nomineeName
    }
}

/// A page of results and the cursor of the next page (nil on the last).
public struct Page<Item: Sendable & Codable>: Sendable, Codable {
    public let items: [Item]
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Reads the nominations read model.
public struct NominationListQuery: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) { self.pool = pool }

    /// Nominations in submission order, filtered, in pages. The cursor is the submission
    /// position of the last row, so pages stay stable while new nominations arrive.
    public func list(tenant: String, filter: NominationFilter = NominationFilter(), after cursor: String? = nil, limit: Int = 50) async throws -> Page<NominationSummary> {
        let limit = min(max(limit, 1), 500)
        let after: Int64
        if let cursor {
            guard let position = Int64(cursor), position >= 0 else {
                throw ProjectionError(.invalidCursor, "'\(cursor)' is not a cursor this list gave out")
            }
            after = position
        } else {
            after = 0
        }
        let search = filter.nomineeName.map { "%" + Self.escapeLike(VietnameseText.searchKey($0)) + "%" }
        let rows = try await pool.query("""
            SELECT nomination_id, kind, title, title_name, year, nominee_type, nominee_id, nominee_name, unit, state,
                   holds, stage_entered_on::text, stage_deadline::text, rule_set_version, workflow_version, version,
                   last_changed_at, submitted_position
            FROM projection_nominations.nominations
            WHERE tenant = $1 AND submitted_position > $2
              AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR title = $4)
              AND ($5::text[] IS NULL OR unit = ANY($5::text[])) AND ($6::int IS NULL OR year = $6)
              AND ($7::text IS NULL OR state = $7)
              AND ($8::bool IS NULL OR (holds <> '{}'::jsonb) = $8)
              AND ($9::text IS NULL OR nominee_search LIKE $9)
              AND ($11::text[] IS NULL OR state = ANY($11::text[]))
            ORDER BY submitted_position
            LIMIT $10
            """, [tenant, after, filter.kind, filter.title, filter.units.map(PostgresArray.init), filter.year.map { Int32(clamping: $0) }, filter.state,
                  filter.onHold, search, limit + 1, filter.states.map(PostgresArray.init)])
        var items: [NominationSummary] = []
        var lastPosition: Int64 = after
        for row in rows.prefix(limit) {
            items.append(try Self.summary(row))
            lastPosition = try row.decode(17)
        }
        return Page(items: items, nextCursor: rows.count > limit ? String(lastPosition) : nil)
    }

    /// One nomination's row, if the read model has it.
    public func find(tenant: String, nominationID: String) async throws -> NominationSummary? {
        let rows = try await pool.query("""
            SELECT nomination_id, kind, title, title_name, year, nominee_type, nominee_id, nominee_name, unit, state,
                   holds, stage_entered_on::text, stage_deadline::text, rule_set_version, workflow_version, version,
                   last_changed_at
            FROM projection_nominations.nominations WHERE tenant = $1 AND nomination_id = $2
            """, [tenant, nominationID])
        return try rows.first.map(Self.summary)
    }

    private static func summary(_ row: PostgresRow) throws -> NominationSummary {
        NominationSummary(
            id: try row.decode(0), nominationID: try row.decode(0), kind: try row.decode(1), title: try row.decode(2),
            titleName: try row.decode(3), year: try row.decode(4), nomineeType: try row.decode(5),
            nomineeID: try row.decode(6), nomineeName: try row.decode(7), unit: try row.decode(8),
            state: try row.decode(9), holds: try row.decode(10, as: PostgresJSON<[String: String]>.self).value,
            stageEnteredOn: try row.decode(11), stageDeadline: try row.decode(12), ruleSetVersion: try row.decode(13),
            workflowVersion: try row.decode(14), version: try row.decode(15), lastChangedAt: try row.decode(16))
    }

    /// Escapes LIKE's wildcards so user text matches literally.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
