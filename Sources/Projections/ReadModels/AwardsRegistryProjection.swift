import EventStore
import Nominations
import Postgres

/// Titles awarded, by nominee and year, with revocations applied. The eligibility guards of the
/// annual workflow read it (consecutive grassroots titles, ad hoc awards not counting).
///
/// An award is entered when the agency approves it, or when a higher authority grants it; a
/// revocation marks it revoked and a restoration clears that again. An award held before Laurel
/// is entered, marked imported with its file's SHA-256, when an import records it in the person's
/// awards (`awards.imported`); the first import of an award stands, as in the person's awards.
public struct AwardsRegistryProjection: Projection {
    public let name = "awards"
    public let schema = "projection_awards"
    public let eventTypes: Set<String> = [
        NominationApproved.type, NominationHigherDecisionRecorded.type, NominationRevoked.type, NominationRestored.type,
        AwardsImported.type,
    ]

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var changes = KeyedChanges<NominationKey, UpsertThenUpdate<Award, Revocation>>()
        var imported = BatchRows(columns: 12)
        var importedKeys: Set<NominationKey> = []
        for event in events {
            if case .awards(.imported(let file)) = event.body {
                for award in file.awards where importedKeys.insert(NominationKey(tenant: event.tenant, nominationID: award.awardID)).inserted {
                    imported.append(event.tenant, award.awardID, award.personID, award.name, award.unit, award.kind, award.title,
                                    award.titleName, Int32(clamping: award.year), award.decisionNumber, award.decisionDate.description,
                                    file.fileSHA256)
                }
                continue
            }
            guard case .nomination(let nomination) = event.body else { continue }
            let key = NominationKey(tenant: event.tenant, nominationID: nomination.nominationID)
            switch nomination {
            case .approved(let approved):
                changes.modify(key, startingWith: .init()) {
                    $0.upsert(Award(approved.subject, approved.decisionNumber, approved.decisionDate.description)) { $0.decision = $1.decision }
                }
            case .higherDecisionRecorded(let decision) where decision.outcome == .awarded:
                changes.modify(key, startingWith: .init()) {
                    $0.upsert(Award(decision.subject, decision.decisionNumber, decision.decisionDate.description)) { $0.decision = $1.decision }
                }
            case .revoked(let revoked):
                changes.modify(key, startingWith: .init()) {
                    $0.update(Revocation(ground: revoked.ground.rawValue, decisionNumber: revoked.decisionNumber))
                }
            case .restored:
                changes.modify(key, startingWith: .init()) { $0.update(Revocation(ground: nil, decisionNumber: nil)) }
            default:
                break
            }
        }
        var awards = BatchRows(columns: 14)
        var revocationsBefore = BatchRows(columns: 4)
        var revocationsAfter = BatchRows(columns: 4)
        for (key, change) in changes.all {
            if let award = change.row {
                let nominee = award.subject.nominee
                awards.append(
                    key.tenant, key.nominationID, nominee.type.rawValue, nominee.id, nominee.name, nominee.unit,
                    award.subject.kind, award.subject.title, award.subject.titleName, award.subject.year,
                    award.decision.number, award.decision.date, nominee.isFrontLine ?? false,
                    nominee.isSmallCollective ?? false)
            }
            if let revocation = change.updateBefore {
                revocationsBefore.append(key.tenant, key.nominationID, revocation.ground, revocation.decisionNumber)
            }
            if let revocation = change.updateAfter {
                revocationsAfter.append(key.tenant, key.nominationID, revocation.ground, revocation.decisionNumber)
            }
        }
        // A revocation or restoration carries the whole revocation state, so only the last one
        // before and after the award matters.
        let revoke = """
            UPDATE awards AS a SET revoked = r.ground IS NOT NULL, revocation_ground = r.ground,
                revocation_decision = r.decision_number
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r (tenant, nomination_id, ground, decision_number)
            WHERE a.tenant = r.tenant AND a.nomination_id = r.nomination_id
            """
        // A later decision on the same nomination (the higher authority after the agency's own
        // approval) replaces the decision reference; the award stays one row.
        return [
            revocationsBefore.statement(revoke),
            awards.statement("""
                INSERT INTO awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit, kind, title,
                    title_name, year, decision_number, decision_date, is_front_line, is_small_collective)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::text[], $10::int4[], $11::text[], $12::date[], $13::bool[], $14::bool[])
                ON CONFLICT (tenant, nomination_id)
                DO UPDATE SET decision_number = EXCLUDED.decision_number, decision_date = EXCLUDED.decision_date
                """),
            revocationsAfter.statement(revoke),
            imported.statement("""
                INSERT INTO awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit, kind, title,
                    title_name, year, decision_number, decision_date, is_front_line, is_small_collective, imported, import_sha256)
                SELECT tenant, id, 'individual', person, name, unit, kind, title, title_name, year, number, date, false, false,
                    true, sha
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                    $9::int4[], $10::text[], $11::date[], $12::text[])
                    AS row (tenant, id, person, name, unit, kind, title, title_name, year, number, date, sha)
                ON CONFLICT (tenant, nomination_id) DO NOTHING
                """),
        ].compactMap { $0 }
    }

    private struct Award {
        let subject: NominationSubject
        var decision: (number: String, date: String)

        init(_ subject: NominationSubject, _ number: String, _ date: String) {
            self.subject = subject
            decision = (number, date)
        }
    }

    /// Revoked on a ground by a decision, or (both nil) restored.
    private struct Revocation {
        let ground: String?
        let decisionNumber: String?
    }
}
