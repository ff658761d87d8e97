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
public struct StatisticsProjection: Projection {
    public let name = "statistics"
    public let schema = "projection_statistics"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type })

    public init() {}

    public func statements(for event: ProjectedEvent) throws -> [PostgresStatement] {
        guard case .nomination(let nomination) = event.body else { return [] }
        let tenant = event.tenant
        let at = event.record.recordedAt
        var statements: [PostgresStatement] = []
        switch nomination {
        case .submitted(let submitted):
            let group: [any PostgresEncodable] = [tenant, submitted.nominee.unit, submitted.year, submitted.kind, submitted.title]
            statements.append(count("submitted", group))
            statements.append(PostgresStatement("""
                INSERT INTO current_stage (tenant, nomination_id, unit, year, kind, title, stage, entered_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, [tenant, submitted.nominationID, submitted.nominee.unit, submitted.year, submitted.kind,
                      submitted.title, submitted.stage.to, at]))
            return statements
        case .approved(let approved):
            statements.append(contentsOf: approval(tenant, approved.subject))
        case .higherDecisionRecorded(let decision):
            statements.append(contentsOf: decision.outcome == .awarded
                ? approval(tenant, decision.subject)
                : [count("rejected", group(tenant, decision.subject))])
        case .rejected(let rejected):
            statements.append(count("rejected", group(tenant, rejected.subject)))
        case .withdrawn(let withdrawn):
            statements.append(count("withdrawn", group(tenant, withdrawn.subject)))
        case .revoked(let revoked):
            statements.append(count("revoked", group(tenant, revoked.subject)))
        default:
            break
        }
        if let stage = nomination.stage {
            // Closes the stay in the previous stage and opens the next, in one statement.
            statements.append(PostgresStatement("""
                WITH previous AS (
                    SELECT tenant, unit, year, kind, title, stage, entered_at FROM current_stage
                    WHERE tenant = $1 AND nomination_id = $2 FOR UPDATE
                ), moved AS (
                    UPDATE current_stage SET stage = $4, entered_at = $3 WHERE tenant = $1 AND nomination_id = $2
                )
                INSERT INTO stage_time (tenant, unit, year, kind, title, stage, stays, total_seconds)
                SELECT tenant, unit, year, kind, title, stage, 1, extract(epoch FROM $3::timestamptz - entered_at)
                FROM previous
                ON CONFLICT (tenant, unit, year, kind, title, stage) DO UPDATE
                SET stays = stage_time.stays + 1, total_seconds = stage_time.total_seconds + EXCLUDED.total_seconds
                """, [tenant, nomination.nominationID, at, stage.to]))
        }
        return statements
    }

    private func group(_ tenant: String, _ subject: NominationSubject) -> [any PostgresEncodable] {
        [tenant, subject.nominee.unit, subject.year, subject.kind, subject.title]
    }

    private func approval(_ tenant: String, _ subject: NominationSubject) -> [PostgresStatement] {
        var statements = [count("approved", group(tenant, subject))]
        if subject.nominee.isFrontLine == true { statements.append(count("approved_front_line", group(tenant, subject))) }
        if subject.nominee.isSmallCollective == true {
            statements.append(count("approved_small_collective", group(tenant, subject)))
        }
        return statements
    }

    /// Adds one to a counter column (a fixed name from this file, never input) of a group.
    private func count(_ column: String, _ group: [any PostgresEncodable]) -> PostgresStatement {
        PostgresStatement("""
            INSERT INTO outcomes (tenant, unit, year, kind, title, \(column)) VALUES ($1, $2, $3, $4, $5, 1)
            ON CONFLICT (tenant, unit, year, kind, title) DO UPDATE SET \(column) = outcomes.\(column) + 1
            """, group)
    }
}
