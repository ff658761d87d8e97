import Commands
import Hummingbird
import Nominations

/// `/v1/units/{unit}/scores/{year}`: a unit's score on the year's scoring table. The unit's
/// officer scores it (`POST` on the score, again until the review); the officer of the head unit
/// of its cluster or bloc, or the standing office covering it, reviews it (`/review`) and
/// corrects it afterwards with a reason (`/corrections`). Read by whoever covers the unit and by
/// the head unit's officers, who review it.
package struct ScoresController {
    let services: LaurelServices

    package init(services: LaurelServices) { self.services = services }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("units/:unit/scores/:year", use: selfScore)
        group.get("units/:unit/scores/:year", use: show)
        group.post("units/:unit/scores/:year/review", use: review)
        group.post("units/:unit/scores/:year/corrections", use: correct)
    }

    @Sendable func selfScore(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: UnitScore.roles)
        return try await selfScore(try UnitYearPath(context, reading: false).unitYear, input: input)
    }

    private func selfScore(_ unitYear: UnitYear, input: CommandRequest) async throws -> StoredResponse {
        let command = try input.body.read { body -> UnitScoreCommand? in
            let lines = body.objects("lines", maxCount: 500) { line -> ScoreLine? in
                let item = line.identifier("item")
                let points = line.points("points")
                let evidence = EvidenceResource.read(line)
                // Evidence that could not be read is reported by the reader, which then refuses the body.
                guard let item, let points else { return nil }
                return ScoreLine(item: item, points: points, evidence: evidence ?? [])
            }
            return lines.map { UnitScoreCommand.selfScore(unitYear: unitYear, lines: $0) }
        }
        return try await run(command, input: input, reason: nil, created: true)
    }

    @Sendable func review(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: UnitScore.roles)
        return try await review(try UnitYearPath(context, reading: false).unitYear, input: input)
    }

    private func review(_ unitYear: UnitYear, input: CommandRequest) async throws -> StoredResponse {
        let command = try input.body.read { body -> UnitScoreCommand? in
            let adjustments = Self.adjustments(body, required: false)
            let note = body.string("note", maxLength: 2_000, required: false)
            guard let adjustments else { return nil }
            return .review(unitYear: unitYear, adjustments: adjustments, note: note)
        }
        return try await run(command, input: input, reason: nil, created: false)
    }

    /// What the console does with a score, through the same readers and command as the API's route.
    package enum ConsoleAction: String, Sendable {
        case selfScore = "self_score"
        case review = "review_score"
    }

    /// Runs the console's `action` on `unitYear` with `fields`, the same fields as the API's body.
    package func perform(
        _ action: ConsoleAction, on unitYear: UnitYear, fields: [String: JSONValue], caller: Caller, tenant: TenantServices,
        trace: RequestTrace
    ) async throws -> StoredResponse {
        let input = try CommandRequest(form: fields, caller: caller, tenant: tenant, trace: trace, allowedRoles: UnitScore.roles,
                                       command: "console \(action.rawValue)")
        switch action {
        case .selfScore: return try await selfScore(unitYear, input: input)
        case .review: return try await review(unitYear, input: input)
        }
    }

    @Sendable func correct(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: UnitScore.roles)
        let unitYear = try UnitYearPath(context, reading: false).unitYear
        var reason = ""
        let command = try input.body.read { body -> UnitScoreCommand? in
            let adjustments = Self.adjustments(body, required: true)
            let given = body.string("reason", maxLength: 2_000)
            guard let adjustments, let given else { return nil }
            reason = given
            return .correct(unitYear: unitYear, adjustments: adjustments, reason: given)
        }
        return try await run(command, input: input, reason: reason, created: false)
    }

    /// The score as it stands, on the table in force.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let unitYear = try await ScorePath(context).unitYear
        let tenant = try context.requireTenant()
        let loaded = try await tenant.commands.unitScore(unitYear)
        let table = try await tenant.commands.scoringTable(unitYear.year).state.table
        return try UnitScoreResource(unitYear: unitYear, score: loaded.state, table: table, organization: tenant.organization,
                                     version: loaded.version, checkpoint: nil).response(status: 200)
    }

    private func run(_ command: UnitScoreCommand, input: CommandRequest, reason: String?, created: Bool) async throws -> StoredResponse {
        let tenant = input.tenant
        let table = try await tenant.commands.scoringTable(command.unitYear.year).state.table
        return try await tenant.commands.run(command, actor: input.caller.actor, options: input.options(reason: reason)) { outcome in
            try UnitScoreResource(unitYear: command.unitYear, score: outcome.state, table: table, organization: tenant.organization,
                                  version: outcome.version, checkpoint: tenant.checkpoints.token(for: outcome.checkpoint))
                .response(status: created && outcome.version == 1 && outcome.checkpoint != nil ? 201 : 200)
        }
    }

    /// A review's or correction's `adjustments`.
    static func adjustments(_ body: FieldReader, required: Bool) -> [ScoreAdjustment]? {
        let read = body.objects("adjustments", maxCount: 500, required: required) { entry -> ScoreAdjustment? in
            let item = entry.identifier("item")
            let points = entry.points("points")
            let reason = entry.string("reason", maxLength: 2_000, required: false)
            let evidence = EvidenceResource.read(entry)
            guard let item, let points else { return nil }
            return ScoreAdjustment(item: item, points: points, reason: reason, evidence: evidence ?? [])
        }
        // Adjustments that could not be read are reported by the reader, which then refuses the body.
        return read ?? (required ? nil : [])
    }
}
