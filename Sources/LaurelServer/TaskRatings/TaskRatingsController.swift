import Commands
import Hummingbird
import Nominations

/// `/v1/units/{unit}/task-ratings/{year}`: the yearly task ratings a unit records for its people
/// (hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ), which titles such as
/// advanced worker require; read by whoever covers the unit.
struct TaskRatingsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("units/:unit/task-ratings/:year", use: record)
        group.get("units/:unit/task-ratings/:year", use: show)
    }

    @Sendable func record(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: UnitTaskRatings.roles)
        let unitYear = try UnitYearPath(context, reading: false).unitYear
        let command = try input.body.read { body -> RecordTaskRatings? in
            let ratings = body.objects("ratings", maxCount: 2_000) { entry -> RatedPerson? in
                let id = entry.identifier("person_id")
                let name = entry.string("name", maxLength: 200)
                let rating = entry.enumeration("rating", TaskRating.self)
                guard let id, let name, let rating else { return nil }
                return RatedPerson(personID: id, name: name, rating: rating)
            }
            let reason = body.string("reason", maxLength: 2_000, required: false)
            guard let ratings else { return nil }
            return RecordTaskRatings(unitYear: unitYear, ratings: ratings, reason: reason)
        }
        let checkpoints = input.tenant.checkpoints
        return try await input.tenant.commands.run(command, actor: input.caller.actor, options: input.options(reason: command.reason)) {
            outcome in
            try TaskRatingsResource(unitYear: unitYear, ratings: outcome.state, version: outcome.version,
                                    checkpoint: checkpoints.token(for: outcome.checkpoint)).response()
        }
    }

    /// Every rating recorded for the year, by person id.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let unitYear = try UnitYearPath(context, reading: true).unitYear
        let loaded = try await context.requireTenant().commands.taskRatings(unitYear)
        return try TaskRatingsResource(unitYear: unitYear, ratings: loaded.state, version: loaded.version, checkpoint: nil).response()
    }
}
