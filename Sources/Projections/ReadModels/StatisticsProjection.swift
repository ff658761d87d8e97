import EventStore
import Foundation
import Nominations
import Postgres

/// Outcomes per unit, year, kind and title (submitted, approved, rejected, withdrawn, revoked, and
/// the approvals that went to front-line staff and small collectives, which the agency reports
/// on), and the time nominations spent in each stage.
///
/// Approvals count the agency's own approval and a higher authority's award; rejections count
/// the agency's rejection and a higher authority's refusal. No workflow has both for one
/// nomination, so nothing is counted twice.
///
/// The counters are few rows hit by many events, so a batch sums its changes per row in memory
/// and adds them with one upsert per row.
public struct StatisticsProjection: Projection {
    public let name = "statistics"
    public let schema = "projection_statistics"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var batch = Batch()
        for event in events {
            guard case .nomination(let nomination) = event.body else { continue }
            batch.apply(nomination, tenant: event.tenant, at: event.record.recordedAt)
        }
        return batch.statements()
    }

    /// The outcome counters, in the order of their columns.
    private enum Outcome: Int, CaseIterable {
        case submitted, approved, rejected, withdrawn, revoked, approvedFrontLine, approvedSmallCollective

        var column: String {
            switch self {
            case .approvedFrontLine: "approved_front_line"
            case .approvedSmallCollective: "approved_small_collective"
            default: "\(self)"
            }
        }
    }

    /// A row of `outcomes`, and with a stage, of `stage_time`.
    private struct Group: Hashable {
        let tenant: String
        let unit: String
        let year: Int
        let kind: String
        let title: String

        init(_ tenant: String, _ subject: NominationSubject) {
            self.init(tenant: tenant, unit: subject.nominee.unit, year: subject.year, kind: subject.kind, title: subject.title)
        }

        init(tenant: String, unit: String, year: Int, kind: String, title: String) {
            (self.tenant, self.unit, self.year, self.kind, self.title) = (tenant, unit, year, kind, title)
        }

        var columns: [any PostgresEncodable] { [tenant, unit, year, kind, title] }
    }

    /// Stays in a stage: how many, and their total length in microseconds (timestamps' precision,
    /// so that sums are exact).
    private struct Stays {
        var count = 0
        var microseconds: Int64 = 0

        mutating func add(from start: Date, to end: Date) {
            count += 1
            microseconds += Self.microseconds(end) - Self.microseconds(start)
        }

        private static func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
    }

    /// Where a nomination is, as far as the batch knows.
    private enum Track {
        /// Submitted in this batch: its group and its stays are known here.
        case new(Group, stage: String, enteredAt: Date)
        /// Submitted earlier: its group and the stay it was in are in `current_stage`. The batch's
        /// first move closes that stay; the stays the batch opened and closed are kept by stage.
        case moved(firstMoveAt: Date, stays: [String: Stays], stage: String, enteredAt: Date)
    }

    private struct Batch {
        var outcomes = KeyedChanges<Group, [Int]>()
        var tracks = KeyedChanges<NominationKey, Track>()
        /// Stays of nominations submitted in this batch, by group and stage.
        var knownStays = KeyedChanges<StageKey, Stays>()

        struct StageKey: Hashable {
            let group: Group
            let stage: String
        }

        mutating func count(_ outcome: Outcome, _ group: Group) {
            outcomes.modify(group, startingWith: Array(repeating: 0, count: Outcome.allCases.count)) { $0[outcome.rawValue] += 1 }
        }

        mutating func apply(_ nomination: NominationEvent, tenant: String, at: Date) {
            let key = NominationKey(tenant: tenant, nominationID: nomination.nominationID)
            switch nomination {
            case .submitted(let submitted):
                let group = Group(tenant: tenant, unit: submitted.nominee.unit, year: submitted.year,
                                  kind: submitted.kind, title: submitted.title)
                count(.submitted, group)
                tracks.set(key, .new(group, stage: submitted.stage.to, enteredAt: at))
                return
            case .approved(let approved):
                countApproval(Group(tenant, approved.subject), approved.subject.nominee)
            case .higherDecisionRecorded(let decision):
                if decision.outcome == .awarded {
                    countApproval(Group(tenant, decision.subject), decision.subject.nominee)
                } else {
                    count(.rejected, Group(tenant, decision.subject))
                }
            case .rejected(let rejected):
                count(.rejected, Group(tenant, rejected.subject))
            case .withdrawn(let withdrawn):
                count(.withdrawn, Group(tenant, withdrawn.subject))
            case .revoked(let revoked):
                count(.revoked, Group(tenant, revoked.subject))
            default:
                break
            }
            if let stage = nomination.stage { move(key, to: stage.to, at: at) }
        }

        private mutating func countApproval(_ group: Group, _ nominee: Nominee) {
            count(.approved, group)
            if nominee.isFrontLine == true { count(.approvedFrontLine, group) }
            if nominee.isSmallCollective == true { count(.approvedSmallCollective, group) }
        }

        /// Closes the nomination's stay in its stage and opens one in `next`.
        private mutating func move(_ key: NominationKey, to next: String, at: Date) {
            switch tracks[key] {
            case nil:
                // Its first move in the batch closes the stay recorded in `current_stage`.
                tracks.set(key, .moved(firstMoveAt: at, stays: [:], stage: next, enteredAt: at))
            case .new(let group, let stage, let enteredAt):
                knownStays.modify(StageKey(group: group, stage: stage), startingWith: Stays()) { $0.add(from: enteredAt, to: at) }
                tracks.set(key, .new(group, stage: next, enteredAt: at))
            case .moved(let firstMoveAt, var stays, let stage, let enteredAt):
                stays[stage, default: Stays()].add(from: enteredAt, to: at)
                tracks.set(key, .moved(firstMoveAt: firstMoveAt, stays: stays, stage: next, enteredAt: at))
            }
        }

        func statements() -> [PostgresStatement] {
            var outcomeRows = BatchRows(columns: 5 + Outcome.allCases.count)
            for (group, counts) in outcomes.all { outcomeRows.append(group.columns + counts.map { $0 as any PostgresEncodable }) }
            var newStages = BatchRows(columns: 8)
            var moves = BatchRows(columns: 5)
            var movedStays = BatchRows(columns: 5)
            for (key, track) in tracks.all {
                switch track {
                case .new(let group, let stage, let enteredAt):
                    newStages.append(key.tenant, key.nominationID, group.unit, group.year, group.kind, group.title, stage, enteredAt)
                case .moved(let firstMoveAt, let stays, let stage, let enteredAt):
                    moves.append(key.tenant, key.nominationID, firstMoveAt, stage, enteredAt)
                    for (stayStage, stay) in stays.sorted(by: { $0.key < $1.key }) {
                        movedStays.append(key.tenant, key.nominationID, stayStage, stay.count, stay.microseconds)
                    }
                }
            }
            var newStays = BatchRows(columns: 8)
            for (key, stays) in knownStays.all {
                newStays.append(key.group.columns + [key.stage, stays.count, stays.microseconds])
            }
            let counters = Outcome.allCases.map(\.column)
            return [
                outcomeRows.statement("""
                    INSERT INTO outcomes (tenant, unit, year, kind, title, \(counters.joined(separator: ", ")))
                    SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::text[], \
                    \((6..<6 + counters.count).map { "$\($0)::int4[]" }.joined(separator: ", ")))
                    ON CONFLICT (tenant, unit, year, kind, title) DO UPDATE
                    SET \(counters.map { "\($0) = outcomes.\($0) + EXCLUDED.\($0)" }.joined(separator: ", "))
                    """),
                newStages.statement("""
                    INSERT INTO current_stage (tenant, nomination_id, unit, year, kind, title, stage, entered_at)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::text[], $6::text[], $7::text[],
                        $8::timestamptz[])
                    """),
                // Nominations from earlier batches: the first move closes the stay recorded in
                // `current_stage` (which also gives the group of the stays the batch saw), and the
                // row moves to the batch's last stage. All the stays are summed per row of
                // `stage_time` before they are added.
                BatchRows.statement("""
                    WITH moves AS (
                        SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::timestamptz[])
                            AS m (tenant, nomination_id, first_move_at, stage, entered_at)
                    ), previous AS (
                        SELECT c.tenant, c.nomination_id, c.unit, c.year, c.kind, c.title, c.stage, c.entered_at,
                            m.first_move_at
                        FROM current_stage c JOIN moves m ON c.tenant = m.tenant AND c.nomination_id = m.nomination_id
                        FOR UPDATE OF c
                    ), moved AS (
                        UPDATE current_stage c SET stage = m.stage, entered_at = m.entered_at FROM moves m
                        WHERE c.tenant = m.tenant AND c.nomination_id = m.nomination_id
                    ), stays AS (
                        SELECT tenant, unit, year, kind, title, stage, 1 AS stays,
                            extract(epoch FROM first_move_at - entered_at) AS seconds
                        FROM previous
                        UNION ALL
                        SELECT p.tenant, p.unit, p.year, p.kind, p.title, s.stage, s.stays, s.microseconds * 0.000001
                        FROM unnest($6::text[], $7::text[], $8::text[], $9::int4[], $10::int8[])
                            AS s (tenant, nomination_id, stage, stays, microseconds)
                        JOIN previous p ON p.tenant = s.tenant AND p.nomination_id = s.nomination_id
                        UNION ALL
                        SELECT tenant, unit, year, kind, title, stage, stays, microseconds * 0.000001
                        FROM unnest($11::text[], $12::text[], $13::int4[], $14::text[], $15::text[], $16::text[], $17::int4[],
                            $18::int8[]) AS k (tenant, unit, year, kind, title, stage, stays, microseconds)
                    )
                    INSERT INTO stage_time (tenant, unit, year, kind, title, stage, stays, total_seconds)
                    SELECT tenant, unit, year, kind, title, stage, sum(stays), sum(seconds) FROM stays
                    GROUP BY tenant, unit, year, kind, title, stage
                    ON CONFLICT (tenant, unit, year, kind, title, stage) DO UPDATE
                    SET stays = stage_time.stays + EXCLUDED.stays, total_seconds = stage_time.total_seconds + EXCLUDED.total_seconds
                    """, [moves, movedStays, newStays]),
            ].compactMap { $0 }
        }
    }
}
