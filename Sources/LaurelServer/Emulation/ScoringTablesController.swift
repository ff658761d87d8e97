import Commands
import Hummingbird
import Nominations

/// `/v1/scoring-tables/{year}`: the sector's scoring and classification table of a year (bảng
/// tiêu chí chấm điểm, xếp loại thi đua), published by the sector's standing office and read by
/// every caller of the tenant, as every unit is scored on it.
struct ScoringTablesController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("scoring-tables/:year", use: publish)
        group.get("scoring-tables/:year", use: show)
    }

    /// Publishes the table (201), or a new edition of it (200; with a reason once a unit has scored).
    @Sendable func publish(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: YearScoringTable.roles)
        let year = try YearPath(context).year
        let command = try input.body.read { body -> PublishScoringTable? in
            let groups = body.objects("groups", maxCount: 50) { group -> CriteriaGroup? in
                let code = group.identifier("code")
                let name = group.string("name", maxLength: 500)
                let criteria = group.objects("criteria", maxCount: 200) { Self.item($0) }
                guard let code, let name, let criteria else { return nil }
                return CriteriaGroup(code: code, name: name, criteria: criteria)
            }
            let bonuses = body.objects("bonuses", maxCount: 100, required: false) { Self.item($0) }
            let penalties = body.objects("penalties", maxCount: 100, required: false) { Self.item($0) }
            let bands = body.objects("bands", maxCount: 20) { band -> ClassificationBand? in
                let code = band.identifier("code")
                let name = band.string("name", maxLength: 200)
                let minimum = band.points("minimum")
                let below = band.points("below", required: false)
                guard let code, let name, let minimum else { return nil }
                return ClassificationBand(code: code, name: name, minimum: minimum, below: below)
            }
            let texts = body.strings("tie_break", maxCount: 20, maxLength: 80, required: false) ?? []
            var rules: [TieBreakRule] = []
            for (index, text) in texts.enumerated() {
                if let rule = TieBreakRule(text) {
                    rules.append(rule)
                } else {
                    body.reject("tie_break[\(index)]", "must be one of \(TieBreakRule.forms.joined(separator: ", "))")
                }
            }
            let proposals = body.objects("proposals", maxCount: 10, required: false) { rule -> ProposalRule? in
                let title = rule.identifier("title")
                let places = rule.integer("places", in: 1...100)
                let bands = rule.strings("bands", maxCount: 20, maxLength: 64, required: false)
                guard let title, let places else { return nil }
                return ProposalRule(title: title, places: places, bands: bands ?? [])
            }
            let source = body.string("source", maxLength: 500)
            let reason = body.string("reason", maxLength: 2_000, required: false)
            guard let groups, let bands, let source, rules.count == texts.count else { return nil }
            return PublishScoringTable(year: year, table: ScoringTable(groups: groups, bonuses: bonuses ?? [], penalties: penalties ?? [],
                                                                      bands: bands, tieBreak: rules, proposals: proposals ?? [],
                                                                      source: source),
                                       reason: reason)
        }
        let checkpoints = input.tenant.checkpoints
        return try await input.tenant.commands.run(command, actor: input.caller.actor, options: input.options(reason: command.reason)) {
            outcome in
            try ScoringTableResource(year: year, state: outcome.state, table: command.table, version: outcome.version,
                                     checkpoint: checkpoints.token(for: outcome.checkpoint)).response(status: outcome.state.edition == 1 ? 201 : 200)
        }
    }

    /// The edition in force; 404 before the first publication.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let year = try YearPath(context).year
        let loaded = try await context.requireTenant().commands.scoringTable(year)
        guard let table = loaded.state.table else { throw Problem.notFound("no scoring table is published for \(year)") }
        return try ScoringTableResource(year: year, state: loaded.state, table: table, version: loaded.version, checkpoint: nil)
            .response(status: 200)
    }

    /// A criterion, bonus or penalty item.
    static func item(_ reader: FieldReader) -> ScoringItem? {
        let code = reader.identifier("code")
        let name = reader.string("name", maxLength: 500)
        let maxPoints = reader.points("max_points")
        let evidence = reader.string("evidence", maxLength: 500, required: false)
        guard let code, let name, let maxPoints else { return nil }
        return ScoringItem(code: code, name: name, maxPoints: maxPoints, evidence: evidence)
    }
}
