import Workflow

/// A unit's emulation registration for one year (đăng ký thi đua): the collective title it aims
/// for and the people registering for each individual title. Its own aggregate, one stream per
/// unit and year (`registration-UNIT.YEAR`), which a submission reads where its title requires
/// registration.
///
/// The unit registers and amends it itself until the rule set's deadline; after it, only the
/// standing office covering the unit amends it, with a reason (each change says whether it came late).
public struct EmulationRegistration: Sendable, Equatable {
    /// The collective title the unit aims for, if registered.
    public internal(set) var collectiveTitle: String?
    /// The people registered, by title, in the order registered.
    public internal(set) var individuals: [String: [RegisteredPerson]]

    public init(collectiveTitle: String? = nil, individuals: [String: [RegisteredPerson]] = [:]) {
        self.collectiveTitle = collectiveTitle
        self.individuals = individuals
    }

    /// Whether `personID` is registered for `title`.
    public func isRegistered(_ personID: String, for title: String) -> Bool {
        individuals[title]?.contains { $0.id == personID } ?? false
    }

    /// Whether nothing is registered.
    public var isEmpty: Bool { collectiveTitle == nil && individuals.values.allSatisfy(\.isEmpty) }
}

/// A person registered for a title.
public struct RegisteredPerson: Sendable, Equatable, Codable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// One person for one title, as a registration change adds or removes it.
public struct RegistrationEntry: Sendable, Equatable, Codable {
    public let title: String
    public let person: RegisteredPerson

    public init(title: String, person: RegisteredPerson) {
        self.title = title
        self.person = person
    }
}
