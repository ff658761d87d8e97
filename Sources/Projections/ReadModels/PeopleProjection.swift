import EventStore
import Foundation
import Nominations
import Postgres

/// People across years and units: one row per person (an individual nominee, or a person an
/// import of earlier awards names), by the one id a person keeps across years and units, with
/// the name folded for searches that ignore diacritics and every unit the person was seen in;
/// and one row per title the person was nominated for or held: its year, the unit it was held
/// in (so a transfer between units stays visible), whether it was imported or decided in Laurel,
/// the nomination's state and the decision that made it.
///
/// Fed by submissions (collectives are not people, and are left out), the events that move a
/// nomination or decide it, and imported awards (`awards.imported`; the first import of an award
/// stands, as in the person's awards). The name is the one the log recorded last.
public struct PeopleProjection: Projection {
    public let name = "people"
    public let schema = "projection_people"
    public let eventTypes = Set(NominationEvent.payloadTypes.map { $0.type } + [AwardsImported.type])

    public init() {}

    public func statements(for events: [ProjectedEvent]) throws -> [PostgresStatement] {
        var people = KeyedChanges<PersonKey, Person>()
        var titles = KeyedChanges<NominationKey, Title>()
        for event in events {
            switch event.body {
            case .nomination(.submitted(let submitted)) where submitted.nominee.type == .individual:
                let nominee = submitted.nominee
                people.modify(PersonKey(tenant: event.tenant, personID: nominee.id), startingWith: Person()) {
                    $0.saw(nominee.name, in: nominee.unit)
                }
                titles.set(NominationKey(tenant: event.tenant, nominationID: submitted.nominationID), Title(
                    personID: nominee.id, unit: nominee.unit, year: submitted.year, title: submitted.title, titleName: submitted.titleName,
                    kind: submitted.kind, state: submitted.stage.to, importSHA256: nil, position: event.record.position))
            case .nomination(let nomination):
                guard let state = nomination.stage?.to else { continue }
                titles.modify(NominationKey(tenant: event.tenant, nominationID: nomination.nominationID), startingWith: Title()) {
                    $0.state = state
                    switch nomination {
                    case .approved(let approved): $0.decision = (approved.decisionNumber, approved.decisionDate.description)
                    case .higherDecisionRecorded(let recorded): $0.decision = (recorded.decisionNumber, recorded.decisionDate.description)
                    default: break
                    }
                }
            case .awards(.imported(let file)):
                for award in file.awards {
                    people.modify(PersonKey(tenant: event.tenant, personID: award.personID), startingWith: Person()) {
                        $0.saw(award.name, in: award.unit)
                    }
                    let key = NominationKey(tenant: event.tenant, nominationID: award.awardID)
                    guard titles[key] == nil else { continue }
                    var title = Title(personID: award.personID, unit: award.unit, year: award.year, title: award.title,
                                      titleName: award.titleName, kind: award.kind, state: Self.importedState,
                                      importSHA256: file.fileSHA256, position: event.record.position)
                    title.decision = (award.decisionNumber, award.decisionDate.description)
                    titles.set(key, title)
                }
            default:
                continue
            }
        }
        let json = JSONColumnEncoder()
        var personRows = BatchRows(columns: 5)
        for (key, person) in people.all {
            personRows.append(key.tenant, key.personID, person.name, VietnameseText.searchKey(person.name), try json.text(person.units))
        }
        var titleRows = BatchRows(columns: 14)
        var titleUpdates = BatchRows(columns: 5)
        for (key, title) in titles.all {
            if let personID = title.personID {
                titleRows.append(key.tenant, key.nominationID, personID, title.unit, Int32(clamping: title.year), title.title,
                                 title.titleName, title.kind, title.importSHA256 != nil, title.state, title.decision?.number,
                                 title.decision?.date, title.importSHA256, title.position)
            } else {
                titleUpdates.append(key.tenant, key.nominationID, title.state, title.decision?.number, title.decision?.date)
            }
        }
        // Updates first: they reach only titles submitted in earlier batches (a submission is the
        // nomination's first event), and an update of a collective's nomination finds no row.
        // A title already recorded stays (the first import of an award stands).
        return [
            titleUpdates.statement("""
                UPDATE person_titles AS t SET state = u.state, decision_number = coalesce(u.decision_number, t.decision_number),
                    decision_date = coalesce(u.decision_date, t.decision_date)
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[])
                    AS u (tenant, record_id, state, decision_number, decision_date)
                WHERE t.tenant = u.tenant AND t.record_id = u.record_id
                """),
            titleRows.statement("""
                INSERT INTO person_titles (tenant, record_id, person_id, unit, year, title, title_name, kind, imported, state,
                    decision_number, decision_date, import_sha256, recorded_position)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[],
                    $8::text[], $9::bool[], $10::text[], $11::text[], $12::date[], $13::text[], $14::int8[])
                ON CONFLICT (tenant, record_id) DO NOTHING
                """),
            personRows.statement("""
                INSERT INTO people AS p (tenant, person_id, name, name_search, units)
                SELECT row.tenant, row.person_id, row.name, row.name_search, ARRAY(SELECT jsonb_array_elements_text(row.units))
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
                    AS row (tenant, person_id, name, name_search, units)
                ON CONFLICT (tenant, person_id) DO UPDATE SET name = EXCLUDED.name, name_search = EXCLUDED.name_search,
                    units = p.units || ARRAY(SELECT unit FROM unnest(EXCLUDED.units) AS unit WHERE unit <> ALL (p.units))
                """),
        ].compactMap { $0 }
    }

    /// The state an imported award is shown in: held, decided before Laurel.
    public static let importedState = "imported"

    private struct PersonKey: Hashable {
        let tenant: String
        let personID: String
    }

    /// What a batch saw of one person: the last name, and the units in the order first seen.
    private struct Person {
        var name = ""
        var units: [String] = []

        mutating func saw(_ name: String, in unit: String) {
            self.name = name
            if !units.contains(unit) { units.append(unit) }
        }
    }

    /// One title's row as the batch leaves it: whole when submitted or imported in the batch
    /// (`personID` set), else the state and decision its later events set.
    private struct Title {
        var personID: String?
        var unit = ""
        var year = 0
        var title = ""
        var titleName = ""
        var kind = ""
        var state = ""
        var decision: (number: String, date: String)?
        var importSHA256: String?
        var position: Int64 = 0

        init() {}

        init(personID: String, unit: String, year: Int, title: String, titleName: String, kind: String, state: String,
             importSHA256: String?, position: Int64) {
            self.personID = personID
            self.unit = unit
            self.year = year
            self.title = title
            self.titleName = titleName
            self.kind = kind
            self.state = state
            self.importSHA256 = importSHA256
            self.position = position
        }
    }
}
