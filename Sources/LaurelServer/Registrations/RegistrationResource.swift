import Commands
import EventStore
import Nominations
import Workflow

/// A unit's emulation registration for a year as the API shows it.
struct RegistrationResource: Encodable {
    struct Title: Encodable {
        let title: String
        /// The title's official name in the year's rule set.
        let name: String?
        let people: [RegisteredPerson]
    }

    let unit: String
    let year: Int
    /// The year's rule set, whose deadline applies.
    let ruleSet: String?
    /// The last day the unit registers itself; after it the standing office amends, with a reason.
    let deadline: LocalDate?
    let collectiveTitle: String?
    /// Individual titles in the rule set's order of names, each with its people in the order registered.
    let individuals: [Title]
    let version: Int64
    let checkpoint: String?

    init(unitYear: UnitYear, registration: EmulationRegistration, configuration: DomainConfiguration, version: Int64,
         checkpoint: String?) {
        let ruleSet = LocalDate(year: unitYear.year, month: 1, day: 1).flatMap(configuration.rules.ruleSet(inForceOn:))
        unit = unitYear.unit
        year = unitYear.year
        self.ruleSet = ruleSet?.version
        deadline = ruleSet?.registration?.deadline(of: unitYear.year)
        collectiveTitle = registration.collectiveTitle
        individuals = registration.individuals.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map {
            Title(title: $0.key, name: ruleSet?.title($0.key)?.name, people: $0.value)
        }
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/units/\(unit)/registrations/\(year)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
