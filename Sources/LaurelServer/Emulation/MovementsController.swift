import Commands
import Foundation
import Hummingbird
import Nominations
import Projections

/// `/v1/movements`: emulation movements (phong trào thi đua). The standing office of the
/// launching unit, or of a unit above it, launches, amends and closes them; every caller of the
/// tenant reads them, as the units under the authority respond to them. A unit's officer records
/// the unit's plan in response (`/responses/{unit}`), read by whoever covers the unit.
struct MovementsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("movements", use: launch)
        group.get("movements", use: list)
        group.get("movements/:id", use: show)
        group.post("movements/:id/amend", use: amend)
        group.post("movements/:id/close", use: close)
        group.post("movements/:id/responses/:unit", use: respond)
        group.get("movements/:id/responses/:unit", use: showResponse)
        group.get("movements/:id/statistics", use: statistics)
    }

    /// Launches a movement under the `id` given, or a new one (201); 409 `already_exists` for an id taken.
    @Sendable func launch(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: Movement.roles)
        var given: String?
        let details = try input.body.read { body -> MovementDetails? in
            given = body.string("id", maxLength: 64, required: false)
            if let id = given, !MovementPath.isWellFormed(id) { body.reject("id", "may contain only letters, digits, '-' and '_'") }
            let authority = body.identifier("authority")
            return authority.flatMap { Self.details(body, authority: $0) }
        }
        let id = given ?? NominationsController.newID(prefix: "M-")
        return try await run(.launch(details), id: id, input: input, reason: nil, startsStream: given == nil)
    }

    /// New details for the movement, with a reason; its authority stays.
    @Sendable func amend(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: Movement.roles)
        let id = try MovementPath(context).id
        let current = try await launched(id, tenant: input.tenant).details
        var reason = ""
        let command = try input.body.read { body -> MovementCommand? in
            let details = Self.details(body, authority: current.authority)
            let given = body.string("reason", maxLength: 2_000)
            guard let details, let given else { return nil }
            reason = given
            return .amend(details, reason: given)
        }
        return try await run(command, id: id, input: input, reason: reason, startsStream: false)
    }

    /// Closes the movement: at or after its last day, or before it with a reason. A movement the
    /// tenant never launched is refused by the decision (`movement_not_found`, 404).
    @Sendable func close(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: Movement.roles)
        let id = try MovementPath(context).id
        // Wrapped once more: a reason left out is an answer, not a body that could not be read.
        let reason = try input.body.read { body -> String?? in .some(body.string("reason", maxLength: 2_000, required: false)) }
        return try await run(.close(reason: reason), id: id, input: input, reason: reason, startsStream: false)
    }

    /// The movements whose period starts in `?year=` (required), in the order they were launched;
    /// with `running=true`, those that ran on some day of the year, whenever they started.
    @Sendable func list(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let tenant = try context.requireTenant()
        let (year, running) = try FieldReader(query: request.uri.queryParameters).read { query in
            // Both read, so a bad `running` is named beside a bad year.
            let year = query.integer("year", in: 1945...2100)
            let running = query.bool("running", required: false) ?? false
            return year.map { ($0, running) }
        }
        let read = running ? try await tenant.commands.movements(runningIn: year) : try await tenant.commands.movements(startingIn: year...year)
        let list = MovementListResource(year: year, running: running, movements: read.movements.compactMap { id, loaded in
            loaded.state.details.map { MovementResource(id: id, movement: loaded.state, details: $0, version: loaded.version, checkpoint: nil) }
        }, version: read.version)
        return StoredResponse(status: 200, headers: ["Content-Type": "application/json", "ETag": "\"\(read.version)\""],
                              body: try ResponseJSON.encode(list))
    }

    /// The movement as it is; 404 for one this tenant never launched.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let id = try MovementPath(context).id
        let (movement, details, version) = try await launched(id, tenant: context.requireTenant())
        return try MovementResource(id: id, movement: movement, details: details, version: version, checkpoint: nil).response(status: 200)
    }

    /// Records the unit's plan (201), or a new one replacing it (200); 404 for a movement the
    /// tenant never launched, as the decision finds.
    @Sendable func respond(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: MovementResponse.roles)
        let key = try responsePath(context, reading: false)
        let plan = try input.body.read { body -> MovementPlan? in
            let targets = body.strings("targets", maxCount: 100, maxLength: 2_000)
            let document = body.string("document_sha256", maxLength: 64, required: false)
            if let document, !DossierDocument.isLowercaseSHA256(document) {
                body.reject("document_sha256", "must be 64 lower-case hexadecimal digits")
            }
            return targets.map { MovementPlan(targets: $0, documentSHA256: document) }
        }
        let tenant = input.tenant
        return try await tenant.commands.run(RecordMovementResponse(key: key, plan: plan), actor: input.caller.actor,
                                             options: input.options(reason: nil)) { outcome in
            try MovementResponseResource(key: key, response: outcome.state, version: outcome.version,
                                         checkpoint: tenant.checkpoints.token(for: outcome.checkpoint))
                .response(status: outcome.version == 1 && outcome.checkpoint != nil ? 201 : 200)
        }
    }

    /// The unit's response as it stands (`responded` false before it responds); 404 for a unit
    /// the caller does not cover, as for a movement that does not exist.
    @Sendable func showResponse(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let key = try responsePath(context, reading: true)
        let tenant = try context.requireTenant()
        _ = try await launched(key.movement, tenant: tenant)
        let loaded = try await tenant.commands.movementResponse(key)
        return try MovementResponseResource(key: key, response: loaded.state, version: loaded.version, checkpoint: nil).response(status: 200)
    }

    /// The thematic awards' nominations for the movement, by unit, title and state, of the units
    /// the caller covers (`?unit=` one of them); 404 for a movement this tenant never launched.
    @Sendable func statistics(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<MovementStatistics> {
        let id = try MovementPath(context).id
        let (caller, tenantServices) = try context.requireCallerAndTenant()
        let (unit, checkpoint) = try FieldReader(query: request.uri.queryParameters).read { query in
            (query.identifier("unit", required: false), NominationsController.checkpoint(query, of: tenantServices))
        }
        _ = try await launched(id, tenant: tenantServices)
        let (tenant, units) = (tenantServices.id, try caller.units(forQuery: unit, in: tenantServices.organization))
        return JSONResponse(try await services.reading("nominations", checkpoint: checkpoint) { reads in
            try await reads.readModels.movementStatistics(tenant: tenant, movements: [id], units: units)[0]
        })
    }

    private func run(_ command: MovementCommand, id: String, input: CommandRequest, reason: String?,
                     startsStream: Bool) async throws -> StoredResponse {
        let tenant = input.tenant
        return try await tenant.commands.run(command, movement: id, actor: input.caller.actor,
                                             options: input.options(reason: reason, startsStream: startsStream)) { outcome in
            // Every command leaves details: the first is the launch.
            guard let details = outcome.state.details else { throw Problem.notFound("'\(id)' is not a movement") }
            return try MovementResource(id: id, movement: outcome.state, details: details, version: outcome.version,
                                        checkpoint: tenant.checkpoints.token(for: outcome.checkpoint))
                .response(status: outcome.version == 1 && outcome.checkpoint != nil ? 201 : 200)
        }
    }

    /// The movement `id` of `tenant`; 404 for one it never launched, another tenant's included.
    private func launched(_ id: String, tenant: TenantServices) async throws -> (movement: Movement, details: MovementDetails, version: Int64) {
        let loaded = try await tenant.commands.movement(id)
        guard let details = loaded.state.details else { throw Problem.notFound("'\(id)' is not a movement") }
        return (loaded.state, details, loaded.version)
    }

    /// A response's movement and unit; with `reading`, 404 for a unit the caller does not cover.
    private func responsePath(_ context: LaurelRequestContext, reading: Bool) throws -> MovementUnit {
        let id = try MovementPath(context).id
        let (caller, tenant) = try context.requireCallerAndTenant()
        let unit = context.parameters.get("unit") ?? ""
        guard tenant.organization.unit(code: unit) != nil, !reading || caller.maySee(unit: unit, in: tenant.organization) else {
            throw Problem.notFound("'\(unit.prefix(64))' is not a unit that you cover")
        }
        return MovementUnit(movement: id, unit: unit)
    }

    /// A movement's details from a launch's or an amendment's body.
    static func details(_ body: FieldReader, authority: String) -> MovementDetails? {
        let name = body.string("name", maxLength: 500)
        let decision = body.string("decision", maxLength: 500)
        let from = body.date("from")
        let to = body.date("to")
        let goals = body.strings("goals", maxCount: 50, maxLength: 2_000)
        let criteria = body.strings("criteria", maxCount: 100, maxLength: 2_000)
        let anniversary = body.string("anniversary", maxLength: 500, required: false)
        guard let name, let decision, let from, let to, let goals, let criteria else { return nil }
        return MovementDetails(name: name, authority: authority, decision: decision, from: from, to: to, goals: goals,
                               criteria: criteria, anniversary: anniversary)
    }
}
