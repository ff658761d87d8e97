import EventStore
import Nominations

/// The names of one tenant's streams, one per aggregate.
public struct Streams: Sendable {
    public let tenant: String

    public init(tenant: String) { self.tenant = tenant }

    public func nomination(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "nomination", id: id) }
    public func councilSession(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "council", id: id) }
    /// The recorded changes of membership of the council of the unit `council`.
    public func councilMembership(_ council: String) -> StreamName {
        StreamName(tenant: tenant, category: "council_membership", id: council)
    }
    /// The delegations recorded by the head of `unit`.
    public func delegations(of unit: String) -> StreamName { StreamName(tenant: tenant, category: "delegation", id: unit) }
    /// A unit's year-end list.
    public func nominationList(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "nomination_list", id: id) }
    /// An authority's register of award decisions for a year.
    public func decisionRegister(_ key: RegisterKey) -> StreamName {
        StreamName(tenant: tenant, category: "decision_register", id: key.streamID)
    }
    /// An award decision.
    public func awardDecision(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "award_decision", id: id) }
    public func quota(_ key: QuotaKey) -> StreamName { StreamName(tenant: tenant, category: "quota", id: key.streamID) }
    public func candidacy(_ key: CandidacyKey) -> StreamName { StreamName(tenant: tenant, category: "candidacy", id: key.streamID) }
    public func awards(of nomineeID: String) -> StreamName { StreamName(tenant: tenant, category: "awards", id: nomineeID) }
    /// The import of the file of earlier awards whose SHA-256 is `fileSHA256`.
    public func awardImport(_ fileSHA256: String) -> StreamName {
        StreamName(tenant: tenant, category: "award_import", id: fileSHA256)
    }
    /// The import of the file of service records whose SHA-256 is `fileSHA256`.
    public func serviceRecordImport(_ fileSHA256: String) -> StreamName {
        StreamName(tenant: tenant, category: "service_record_import", id: fileSHA256)
    }
    /// The tenant's imports of service records, in the order they were stored.
    public var serviceRecordIndex: StreamName {
        StreamName(tenant: tenant, category: "service_record_index", id: ServiceRecordIndex.streamID)
    }
    /// The account that signs in as `login`.
    public func account(_ login: String) -> StreamName { StreamName(tenant: tenant, category: "account", id: login) }
    /// A unit's emulation registration for a year.
    public func registration(_ key: UnitYear) -> StreamName { StreamName(tenant: tenant, category: "registration", id: key.streamID) }
    /// The task ratings a unit recorded for a year.
    public func taskRatings(_ key: UnitYear) -> StreamName { StreamName(tenant: tenant, category: "task_ratings", id: key.streamID) }
    /// The sector's scoring table of a year, with its editions and the units that scored on it.
    public func scoringTable(_ year: Int) -> StreamName { StreamName(tenant: tenant, category: "scoring_table", id: String(year)) }
    /// A unit's score of a year on the scoring table.
    public func unitScore(_ key: UnitYear) -> StreamName { StreamName(tenant: tenant, category: "unit_score", id: key.streamID) }
    /// An emulation movement.
    public func movement(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "movement", id: id) }
    /// The movements whose period starts in `year`.
    public func movementIndex(_ year: Int) -> StreamName { StreamName(tenant: tenant, category: "movement_index", id: String(year)) }
    /// A cluster's or bloc's emulation year: its head unit, programme, pact, gathered registrations and sendings.
    public func clusterYear(_ key: GroupYear) -> StreamName { StreamName(tenant: tenant, category: "cluster_year", id: key.streamID) }
    /// A unit's response to a movement: its plan.
    public func movementResponse(_ key: MovementUnit) -> StreamName {
        StreamName(tenant: tenant, category: "movement_response", id: key.streamID)
    }
}
