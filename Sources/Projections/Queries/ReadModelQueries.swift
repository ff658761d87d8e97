import Foundation
import Nominations
import Postgres
import Workflow

/// An open stage and its due date, for the standing office's morning check.
public struct OpenStage: Sendable, Equatable, Codable {
    public let nominationID: String
    public let kind: String
    public let unit: String
    public let nomineeName: String
    public let state: String
    public let enteredOn: String
    /// The last working day of the stage; a hold lifted later moves it by the working days held.
    public let dueOn: String
    /// Whether the stage is late: due before today, or, while held, due before the day its clock
    /// stopped (a deadline that passes during a hold is not missed: the lift moves it).
    public let isOverdue: Bool
    /// The day the stage's clock stopped, while a hold is in force.
    public let onHoldSince: String?
    /// The kinds of the holds in force (discipline, complaint, …), sorted, each once.
    public let holdKinds: [String]
}

/// Where a page of deadlines ends: the last row's due date and nomination, written
/// `2026-12-08_N-…`.
struct DeadlineCursor: Sendable, Equatable, CustomStringConvertible {
    let dueOn: LocalDate
    let nominationID: String

    init(dueOn: LocalDate, nominationID: String) {
        self.dueOn = dueOn
        self.nominationID = nominationID
    }

    /// Reads a cursor the list gave out; nil for anything else.
    init?(_ text: String) {
        let parts = text.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, let dueOn = LocalDate(iso: String(parts[0])) else { return nil }
        self.init(dueOn: dueOn, nominationID: String(parts[1]))
    }

    init?(after stage: OpenStage) {
        guard let dueOn = LocalDate(iso: stage.dueOn) else { return nil }
        self.init(dueOn: dueOn, nominationID: stage.nominationID)
    }

    var description: String { "\(dueOn)_\(nominationID)" }
}

/// An award in the registry.
public struct AwardRecord: Sendable, Equatable, Codable {
    public let nominationID: String
    public let nomineeType: String
    public let nomineeID: String
    public let nomineeName: String
    public let unit: String
    public let kind: String
    public let title: String
    public let titleName: String
    public let year: Int
    public let decisionNumber: String
    public let decisionDate: String
    public let revoked: Bool
    public let revocationGround: String?
    /// Held before Laurel and recorded by an import (its `nomination_id` is then the award's own
    /// key, `imported-PERSON-YEAR-TITLE`), rather than decided in Laurel.
    public let imported: Bool
    /// The SHA-256 of the file that imported it (spelt so that the API's key is `import_sha256`).
    public let importSha256: String?
}

/// Outcome counts for one unit, year, kind and title.
public struct OutcomeStatistics: Sendable, Equatable, Codable {
    public let unit: String
    public let year: Int
    public let kind: String
    public let title: String
    public let submitted: Int
    public let approved: Int
    public let rejected: Int
    public let withdrawn: Int
    public let revoked: Int
    public let approvedFrontLine: Int
    public let approvedSmallCollective: Int
}

/// Average time spent in one stage.
public struct StageTime: Sendable, Equatable, Codable {
    public let kind: String
    public let stage: String
    public let stays: Int
    public let averageHours: Double
}

/// The statistics report.
public struct StatisticsReport: Sendable, Equatable, Codable {
    public let outcomes: [OutcomeStatistics]
    public let stageTimes: [StageTime]
    /// Approvals that went to front-line staff, over all approvals (nil without approvals).
    public let frontLineShare: Double?
    /// Approvals that went to small collectives, over all approvals (nil without approvals).
    public let smallCollectiveShare: Double?
}

/// A council session with its agenda.
public struct CouncilAgenda: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public let nominationID: String
        public let recusedMemberIDs: [String]
        public let inFavour: Int?
        public let against: Int?
        public let abstaining: Int?
        public let recommended: Bool?
        public let quorum: String?
        public let threshold: String?
    }

    public let sessionID: String
    public let council: String
    public let date: String
    public let members: [CouncilMember]
    public let present: [String]
    public let chairID: String
    public let closed: Bool
    public let items: [Item]
}

/// Reads the deadlines, awards, statistics, council and history read models.
public struct ReadModelQueries: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) { self.pool = pool }

    /// Open stages with a due date, soonest first, in pages; `overdueOnly` keeps the late ones.
    /// A held stage is listed with its holds and is late only if it was due before the day its
    /// clock stopped: a deadline that passes while the clock is stopped is moved when the last
    /// hold is lifted. The cursor is the last row's due date and nomination, so a page stays
    /// stable while stages open and close, and no request reads more than `limit` rows however
    /// many stages are open.
    public func deadlines(
        tenant: String, today: LocalDate, units: [String]? = nil, overdueOnly: Bool = false,
        after cursor: String? = nil, limit: Int = 50
    ) async throws -> Page<OpenStage> {
        let limit = min(max(limit, 1), 500)
        let after = try cursor.map { text in
            guard let after = DeadlineCursor(text) else {
                throw ProjectionError(.invalidCursor, "'\(text)' is not a cursor this list gave out")
            }
            return after
        }
        let rows = try await pool.query("""
            SELECT nomination_id, kind, unit, nominee_name, state, entered_on::text, due_on::text,
                   due_on < coalesce(on_hold_since, $2::date), on_hold_since::text, holds
            FROM projection_deadlines.open_stages
            WHERE tenant = $1 AND due_on IS NOT NULL AND ($3::text[] IS NULL OR unit = ANY($3::text[]))
              AND (NOT $4 OR due_on < coalesce(on_hold_since, $2::date))
              AND ($5::date IS NULL OR (due_on, nomination_id) > ($5::date, $6::text))
            ORDER BY due_on, nomination_id
            LIMIT $7
            """, [tenant, today.description, units.map(PostgresArray.init), overdueOnly, after?.dueOn.description, after?.nominationID, limit + 1])
        let items = try rows.prefix(limit).map {
            OpenStage(nominationID: try $0.decode(0), kind: try $0.decode(1), unit: try $0.decode(2),
                      nomineeName: try $0.decode(3), state: try $0.decode(4), enteredOn: try $0.decode(5),
                      dueOn: try $0.decode(6), isOverdue: try $0.decode(7), onHoldSince: try $0.decode(8),
                      holdKinds: Set(try $0.decode(9, as: PostgresJSON<[String: String]>.self).value.values).sorted())
        }
        let next = rows.count > limit ? items.last.flatMap(DeadlineCursor.init(after:)) : nil
        return Page(items: items, nextCursor: next?.description)
    }

    /// Awards, optionally of one nominee, year or some units, revoked ones included and marked, by
    /// year, nominee name and nomination, in pages. The cursor is the last award's nomination:
    /// the page after it starts after that award's (year, name, nomination).
    public func awards(
        tenant: String, nomineeID: String? = nil, year: Int? = nil, units: [String]? = nil,
        after cursor: String? = nil, limit: Int = 50
    ) async throws -> Page<AwardRecord> {
        // One loan for the cursor's row and the page.
        try await pool.withConnection { _ -> Page<AwardRecord> in
            let limit = min(max(limit, 1), 500)
            let after: (year: Int32, nomineeName: String)? = try await cursorRow(
                "SELECT year, nominee_name FROM projection_awards.awards WHERE tenant = $1 AND nomination_id = $2",
                tenant: tenant, cursor: cursor
            ).map { (try $0.decode(0), try $0.decode(1)) }
            let rows = try await pool.query("""
                SELECT \(AwardRecord.columns)
                FROM projection_awards.awards
                WHERE tenant = $1 AND ($2::text IS NULL OR nominee_id = $2) AND ($3::int IS NULL OR year = $3)
                  AND ($4::text[] IS NULL OR unit = ANY($4::text[]))
                  AND ($5::int IS NULL OR (year, nominee_name, nomination_id) > ($5::int, $6::text, $7::text))
                ORDER BY year, nominee_name, nomination_id
                LIMIT $8
                """, [tenant, nomineeID, year.map { Int32(clamping: $0) }, units.map(PostgresArray.init), after?.year, after?.nomineeName,
                      after.map { _ in cursor }, limit + 1])
            let items = try rows.prefix(limit).map(AwardRecord.init(row:))
            return Page(items: items, nextCursor: rows.count > limit ? items.last?.nominationID : nil)
        }
    }

    /// What the registry says of a nominee, for the eligibility guards: titles held (revoked
    /// ones excluded) and whether each came from an ad hoc award.
    ///
    /// A query of its own rather than ``awards(tenant:nomineeID:year:)`` with a filter: every
    /// submission runs it, and the optional filters' `$2 IS NULL OR …` keep a prepared
    /// statement's generic plan off the nominee's index, scanning the tenant's whole registry.
    /// For the same reason it asks for no order (see `sql/0026_titles_held_by_nominee.sql`):
    /// the titles, by year and then nomination, are sorted here.
    public func nomineeHistory(tenant: String, nomineeID: String) async throws -> NomineeHistory {
        let rows = try await pool.query(Self.nomineeHistoryQuery, [tenant, nomineeID])
        let held = try rows.map { row -> (title: HeldTitle, nomination: String) in
            (HeldTitle(title: try row.decode(0), year: try row.decode(1), wasAdHoc: try row.decode(2, as: String.self) == "ad_hoc"),
             try row.decode(3))
        }
        return NomineeHistory(titles: held.sorted { ($0.title.year, $0.nomination) < ($1.title.year, $1.nomination) }.map(\.title))
    }

    static let nomineeHistoryQuery = """
        SELECT title, year, kind, nomination_id FROM projection_awards.awards
        WHERE tenant = $1 AND nominee_id = $2 AND NOT revoked
        """

    /// Outcomes and stage times, optionally for some units or one year.
    public func statistics(tenant: String, units: [String]? = nil, year: Int? = nil) async throws -> StatisticsReport {
        let unitsParameter = units.map(PostgresArray.init)
        let yearParameter = year.map { Int32(clamping: $0) }
        let outcomeRows = try await pool.query("""
            SELECT unit, year, kind, title, submitted, approved, rejected, withdrawn, revoked, approved_front_line,
                   approved_small_collective
            FROM projection_statistics.outcomes
            WHERE tenant = $1 AND ($2::text[] IS NULL OR unit = ANY($2::text[])) AND ($3::int IS NULL OR year = $3)
            ORDER BY unit, year, kind, title
            """, [tenant, unitsParameter, yearParameter])
        let outcomes = try outcomeRows.map {
            OutcomeStatistics(unit: try $0.decode(0), year: try $0.decode(1), kind: try $0.decode(2), title: try $0.decode(3),
                              submitted: try $0.decode(4), approved: try $0.decode(5), rejected: try $0.decode(6),
                              withdrawn: try $0.decode(7), revoked: try $0.decode(8), approvedFrontLine: try $0.decode(9),
                              approvedSmallCollective: try $0.decode(10))
        }
        let stageRows = try await pool.query("""
            SELECT kind, stage, sum(stays)::int8, sum(total_seconds) / nullif(sum(stays), 0) / 3600
            FROM projection_statistics.stage_time
            WHERE tenant = $1 AND ($2::text[] IS NULL OR unit = ANY($2::text[])) AND ($3::int IS NULL OR year = $3)
            GROUP BY kind, stage ORDER BY kind, stage
            """, [tenant, unitsParameter, yearParameter])
        let stageTimes = try stageRows.map {
            StageTime(kind: try $0.decode(0), stage: try $0.decode(1), stays: try $0.decode(2),
                      averageHours: try $0.decode(3, as: Double?.self) ?? 0)
        }
        let approved = outcomes.reduce(0) { $0 + $1.approved }
        let share = { (count: Int) in approved > 0 ? Double(count) / Double(approved) : nil }
        return StatisticsReport(
            outcomes: outcomes, stageTimes: stageTimes,
            frontLineShare: share(outcomes.reduce(0) { $0 + $1.approvedFrontLine }),
            smallCollectiveShare: share(outcomes.reduce(0) { $0 + $1.approvedSmallCollective }))
    }

    /// The nominations on session `sessionID`'s agenda, in the order they were scheduled.
    public func agendaNominations(tenant: String, sessionID: String) async throws -> [String] {
        try await pool.query("""
            SELECT nomination_id FROM projection_council.agenda WHERE tenant = $1 AND session_id = $2 ORDER BY scheduled_position
            """, [tenant, sessionID]).map { try $0.decode(0) }
    }

    /// Council sessions with their agendas, newest first (by date, then session), optionally of
    /// one council, in pages. The cursor is the last session of a page: the next page starts
    /// after that session's (date, session).
    public func councilAgendas(
        tenant: String, council: String? = nil, after cursor: String? = nil, limit: Int = 50
    ) async throws -> Page<CouncilAgenda> {
        // One loan for the cursor's row, the sessions and their agendas.
        try await pool.withConnection { _ -> Page<CouncilAgenda> in
            let limit = min(max(limit, 1), 500)
            let afterDate: String? = try await cursorRow(
                "SELECT session_date::text FROM projection_council.sessions WHERE tenant = $1 AND session_id = $2",
                tenant: tenant, cursor: cursor
            ).map { try $0.decode(0) }
            let sessions = try await pool.query("""
                SELECT session_id, council, session_date::text, members, present, chair_id, closed
                FROM projection_council.sessions
                WHERE tenant = $1 AND ($2::text IS NULL OR council = $2)
                  AND ($3::date IS NULL OR session_date < $3::date OR (session_date = $3::date AND session_id > $4))
                ORDER BY session_date DESC, session_id
                LIMIT $5
                """, [tenant, council, afterDate, afterDate.map { _ in cursor }, limit + 1])
            let page = Array(sessions.prefix(limit))
            let ids = try page.map { try $0.decode(0, as: String.self) }
            let items = try await pool.query("""
                SELECT a.session_id, a.nomination_id, a.in_favour, a.against, a.abstaining, a.recommended, a.quorum_text,
                       a.threshold_text,
                       coalesce((SELECT jsonb_agg(r.member_id ORDER BY r.member_id) FROM projection_council.recusals r
                                 WHERE r.tenant = a.tenant AND r.session_id = a.session_id AND r.nomination_id = a.nomination_id),
                                '[]'::jsonb)
                FROM projection_council.agenda a WHERE a.tenant = $1 AND a.session_id = ANY($2)
                ORDER BY a.scheduled_position
                """, [tenant, PostgresArray(ids)])
            var bySession: [String: [CouncilAgenda.Item]] = [:]
            for row in items {
                bySession[try row.decode(0), default: []].append(CouncilAgenda.Item(
                    nominationID: try row.decode(1), recusedMemberIDs: try row.decode(8, as: PostgresJSON<[String]>.self).value,
                    inFavour: try row.decode(2), against: try row.decode(3), abstaining: try row.decode(4),
                    recommended: try row.decode(5), quorum: try row.decode(6), threshold: try row.decode(7)))
            }
            let agendas = try zip(ids, page).map { id, row in
                CouncilAgenda(
                    sessionID: id, council: try row.decode(1), date: try row.decode(2),
                    members: try row.decode(3, as: PostgresJSON<[CouncilMember]>.self).value,
                    present: try row.decode(4, as: PostgresJSON<[String]>.self).value, chairID: try row.decode(5),
                    closed: try row.decode(6), items: bySession[id] ?? [])
            }
            return Page(items: agendas, nextCursor: sessions.count > limit ? ids.last : nil)
        }
    }

    /// The row `sql` finds for a list's `cursor` (the key of the last row of the page before),
    /// whose sort values the next page starts after; nil without a cursor. A cursor that finds
    /// no row is not one the list gave out: `invalidCursor`.
    func cursorRow(_ sql: String, tenant: String, cursor: String?) async throws -> PostgresRow? {
        guard let cursor else { return nil }
        guard let row = try await pool.query(sql, [tenant, cursor]).first else {
            throw ProjectionError(.invalidCursor, "'\(cursor)' is not a cursor this list gave out")
        }
        return row
    }
}
