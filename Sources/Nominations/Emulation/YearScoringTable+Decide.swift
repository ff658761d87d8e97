import Workflow

extension YearScoringTable: Decider {
    /// No table until the standing office publishes one.
    public static let initialState = YearScoringTable()

    /// The council's standing office of the sector publishes the table.
    public static let roles: Set<String> = [standingOffice]
    static let standingOffice = "standing_office"

    public static func decide(
        _ command: ScoringTableCommand, _ state: YearScoringTable, _ context: CommandContext
    ) throws(DomainError) -> [ScoringTableEvent] {
        switch command {
        case .publish(let publish):
            return [.published(try decidePublication(publish, state, context))]
        case .noteScored(let unit):
            guard !state.scoredUnits.contains(unit) else { return [] }
            guard let year = state.year else {
                throw DomainError(.scoringTableMissing, "no scoring table is published for the year")
            }
            return [.unitScored(ScoringTableUnitScored(year: year, unit: unit, edition: state.edition))]
        }
    }

    /// Only the standing office of the sector's top unit publishes (the table applies to every
    /// unit), for a year no later than the next; every problem of the table is reported at once;
    /// after a unit has scored, a new edition needs a reason.
    private static func decidePublication(
        _ publish: PublishScoringTable, _ state: YearScoringTable, _ context: CommandContext
    ) throws(DomainError) -> ScoringTablePublished {
        let acting = context.actor.roles.intersection(roles)
        guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only the standing office publishes the scoring table") }
        let organization = context.configuration.organization
        guard let sector = organization.sectorUnit else {
            throw DomainError(.configurationMissing, "the organisation has no single top unit to publish the sector's table")
        }
        try organization.requireCoverage(of: sector, by: context.actor, acting: acting)
        guard (2000...(context.today.year + 1)).contains(publish.year) else {
            throw DomainError(.invalidCommand, "a scoring table cannot be published for \(publish.year)")
        }
        let problems = publish.table.problems()
        guard problems.isEmpty else {
            throw DomainError(.invalidScoringTable, "the scoring table has \(problems.count) problem\(problems.count == 1 ? "" : "s"): "
                              + problems.joined(separator: "; "))
        }
        let reason = publish.reason.flatMap { $0.isBlank ? nil : $0 }
        if !state.scoredUnits.isEmpty, reason == nil {
            throw DomainError(.invalidCommand, "\(state.scoredUnits.count) unit(s) have scored on edition \(state.edition): "
                              + "a new edition needs a reason")
        }
        guard state.table != publish.table else {
            throw DomainError(.invalidCommand, "edition \(state.edition) is this table already")
        }
        return ScoringTablePublished(year: publish.year, edition: state.edition + 1, table: publish.table, publishedOn: context.today,
                                     reason: reason, unitsScored: state.scoredUnits.sorted())
    }

    public static func evolve(_ state: YearScoringTable, _ event: ScoringTableEvent) -> YearScoringTable {
        var state = state
        switch event {
        case .published(let published):
            state.table = published.table
            state.edition = published.edition
            state.publishedOn = published.publishedOn
            state.year = published.year
        case .unitScored(let scored):
            state.scoredUnits.insert(scored.unit)
        }
        return state
    }
}
