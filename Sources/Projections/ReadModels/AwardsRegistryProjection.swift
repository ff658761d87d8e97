import EventStore
import Nominations
import Postgres

/// Titles awarded, by nominee and year, with revocations applied. The eligibility guards of the
/// annual workflow read it (consecutive grassroots titles, ad hoc awards not counting).
///
/// An award is entered when the agency approves it, or when a higher authority grants it; a
/// revocation marks it revoked and a restoration clears that again.
public struct AwardsRegistryProjection: Projection {
    public let name = "awards"
    public let schema = "projection_awards"
    public let eventTypes: Set<String> = [
        NominationApproved.type, NominationHigherDecisionRecorded.type, NominationRevoked.type, NominationRestored.type,
    ]

    public init() {}

    public func statements(for event: ProjectedEvent) throws -> [PostgresStatement] {
        guard case .nomination(let nomination) = event.body else { return [] }
        let key: [any PostgresEncodable] = [event.tenant, nomination.nominationID]
        switch nomination {
        case .approved(let approved):
            return [award(key, approved.subject, approved.decisionNumber, approved.decisionDate.description)]
        case .higherDecisionRecorded(let decision) where decision.outcome == .awarded:
            return [award(key, decision.subject, decision.decisionNumber, decision.decisionDate.description)]
        case .revoked(let revoked):
            return [PostgresStatement("""
                UPDATE awards SET revoked = true, revocation_ground = $3, revocation_decision = $4
                WHERE tenant = $1 AND nomination_id = $2
                """, key + [revoked.ground.rawValue, revoked.decisionNumber])]
        case .restored:
            return [PostgresStatement("""
                UPDATE awards SET revoked = false, revocation_ground = NULL, revocation_decision = NULL
                WHERE tenant = $1 AND nomination_id = $2
                """, key)]
        default:
            return []
        }
    }

    private func award(_ key: [any PostgresEncodable], _ subject: NominationSubject, _ number: String, _ date: String) -> PostgresStatement {
        let nominee = subject.nominee
        // A later decision on the same nomination (the higher authority after the agency's own
        // approval) replaces the decision reference; the award stays one row.
        return PostgresStatement("""
            INSERT INTO awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit, kind, title,
                title_name, year, decision_number, decision_date, is_front_line, is_small_collective)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13, $14)
            ON CONFLICT (tenant, nomination_id)
            DO UPDATE SET decision_number = EXCLUDED.decision_number, decision_date = EXCLUDED.decision_date
            """, key + [
                nominee.type.rawValue, nominee.id, nominee.name, nominee.unit, subject.kind, subject.title,
                subject.titleName, subject.year, number, date, nominee.isFrontLine ?? false,
                nominee.isSmallCollective ?? false,
            ])
    }
}
