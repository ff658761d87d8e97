import Workflow

/// The yearly task ratings one unit has recorded for its people: its own aggregate, one stream
/// per unit and year (`task_ratings-UNIT.YEAR`), which a submission reads when its title requires
/// a rating (advanced worker: "well" or better).
public struct UnitTaskRatings: Sendable, Equatable {
    /// The rating recorded last for each person, by person id.
    public internal(set) var ratings: [String: RatedPerson]

    public init(ratings: [String: RatedPerson] = [:]) { self.ratings = ratings }

    /// The rating of `personID`, if one is recorded.
    public func rating(of personID: String) -> TaskRating? { ratings[personID]?.rating }
}

/// One person's rating for the year.
public struct RatedPerson: Sendable, Equatable, Codable {
    public let personID: String
    public let name: String
    public let rating: TaskRating

    public init(personID: String, name: String, rating: TaskRating) {
        self.personID = personID
        self.name = name
        self.rating = rating
    }
}

/// Whose ratings, for which year: the stream's id.
public struct UnitYear: Sendable, Hashable, Codable, CustomStringConvertible {
    public let unit: String
    public let year: Int

    public init(unit: String, year: Int) {
        self.unit = unit
        self.year = year
    }

    /// The stream's id within its category.
    public var streamID: String { "\(unit).\(year)" }
    public var description: String { "\(unit) in \(year)" }
}

extension CommandContext {
    /// The actor's roles among `roles` once checked: one of them at least, the unit in the
    /// organisation and covered by the actor, the year neither before the rule sets nor after next year.
    func authorize(_ unitYear: UnitYear, roles: Set<String>, what: String) throws(DomainError) -> Set<String> {
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else {
            throw DomainError(.roleNotAllowed, "only \(roles.sorted().joined(separator: " or ")) record \(what)")
        }
        let organization = configuration.organization
        guard organization.unit(code: unitYear.unit) != nil else {
            throw DomainError(.invalidCommand, "\(unitYear.unit) is not a unit of the organisation")
        }
        try organization.requireCoverage(of: unitYear.unit, by: actor, acting: acting)
        guard unitYear.year <= today.year + 1, ruleSet(for: unitYear.year) != nil else {
            throw DomainError(.invalidCommand, "\(what) cannot be recorded for \(unitYear.year)")
        }
        return acting
    }

    /// The rule set of a year's emulation: the one in force on its first day.
    func ruleSet(for year: Int) -> RuleSet? {
        LocalDate(year: year, month: 1, day: 1).flatMap(configuration.rules.ruleSet(inForceOn:))
    }
}
