import Workflow

/// Registers or amends a unit's registration for a year: sets the collective title (when given),
/// adds people to titles and removes others. After the deadline it needs a reason.
public struct RecordRegistration: Sendable, Equatable {
    public let unitYear: UnitYear
    /// The collective title aimed for; nil leaves it as it is.
    public let collectiveTitle: String?
    public let add: [RegistrationEntry]
    /// People taken off a title (their names are not needed: the id and title say who).
    public let remove: [RegistrationEntry]
    public let reason: String?

    public init(unitYear: UnitYear, collectiveTitle: String?, add: [RegistrationEntry], remove: [RegistrationEntry], reason: String?) {
        self.unitYear = unitYear
        self.collectiveTitle = collectiveTitle
        self.add = add
        self.remove = remove
        self.reason = reason
    }
}

/// `registration.recorded`: the unit's registration for the year as filed or changed. The first
/// one of a stream is the filing, every later one an amendment. Who recorded it is in the
/// event's metadata.
public struct RegistrationRecorded: EventPayload {
    public static let type = "registration.recorded"
    public static let schemaVersion = 1
    public let unit: String
    public let year: Int
    public let collectiveTitle: String?
    public let added: [RegistrationEntry]
    public let removed: [RegistrationEntry]
    /// The rule set's deadline for the year.
    public let deadline: LocalDate
    /// Whether it was recorded after the deadline (by the standing office, with `reason`).
    public let late: Bool
    public let reason: String?
}

/// Events of an emulation registration.
public typealias RegistrationEvent = SoleEvent<RegistrationRecorded>
