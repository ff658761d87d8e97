import Commands
import Hummingbird
import Nominations
import Workflow

/// `/v1/units/{unit}/delegations`: the decisions by which a unit's head lets a deputy sign in the
/// head's place, and their endings. A deputy head's token (`deputy_head_of_agency`, its subject
/// the deputy's id) acts as the head while one to them is in force.
struct DelegationsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("units/:unit/delegations", use: grant)
        group.post("units/:unit/delegation-endings", use: end)
        group.get("units/:unit/delegations", use: show)
    }

    @Sendable func grant(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: HeadDelegations.roles)
        let unit = try unit(context)
        let command = try input.body.read { body -> DelegationCommand? in
            let number = body.string("decision_number", maxLength: 100)
            let date = body.date("decision_date")
            let signedBy = body.string("signed_by", maxLength: 200)
            let deputy = body.object("deputy") { deputy -> Deputy? in
                let id = deputy.identifier("id")
                let name = deputy.string("name", maxLength: 200)
                let position = deputy.string("position", maxLength: 200)
                guard let id, let name, let position else { return nil }
                return Deputy(id: id, name: name, position: position)
            }
            let validFrom = body.date("valid_from")
            let validUntil = body.date("valid_until", required: false)
            guard let number, let date, let signedBy, let deputy, let validFrom else { return nil }
            return .grant(unit: unit, decision: DelegationDecision(number: number, date: date, signedBy: signedBy), deputy: deputy,
                          validFrom: validFrom, validUntil: validUntil)
        }
        return try await run(command, input: input, status: 201)
    }

    @Sendable func end(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: HeadDelegations.roles)
        let unit = try unit(context)
        let command = try input.body.read { body -> DelegationCommand? in
            let number = body.string("decision_number", maxLength: 100)
            let year = body.integer("decision_year", in: 1945...2100, required: false)
            let endedOn = body.date("ended_on")
            let reason = body.string("reason", maxLength: 2_000)
            guard let number, let endedOn, let reason else { return nil }
            return .end(unit: unit, number: number, year: year, endedOn: endedOn, reason: reason)
        }
        return try await run(command, input: input, status: 200)
    }

    private func run(_ command: DelegationCommand, input: CommandRequest, status: Int) async throws -> StoredResponse {
        let (today, checkpoints) = (input.tenant.commands.today(), input.tenant.checkpoints)
        return try await input.tenant.commands.run(command, actor: input.caller.actor, options: input.options(reason: nil)) { outcome in
            try DelegationsResource(unit: command.unit, delegations: outcome.state, today: today, version: outcome.version,
                                    checkpoint: checkpoints.token(for: outcome.checkpoint)).response(status: status)
        }
    }

    /// Every delegation the unit's head has recorded, each with whether it is in force today.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        guard !caller.isUnitScoped else {
            throw Problem.forbidden("a head's delegations are read by the agency's roles and auditors")
        }
        let unit = try unit(context)
        guard caller.maySee(unit: unit, in: tenant.organization) else { throw Self.noUnit(unit) }
        let loaded = try await tenant.commands.delegations(of: unit)
        return try DelegationsResource(unit: unit, delegations: loaded.state, today: tenant.commands.today(), version: loaded.version,
                                       checkpoint: nil).response(status: 200)
    }

    /// The unit the path names; 404 for one not in the organisation.
    private func unit(_ context: LaurelRequestContext) throws -> String {
        let unit = context.parameters.get("unit") ?? ""
        guard try context.requireTenant().organization.unit(code: unit) != nil else { throw Self.noUnit(unit) }
        return unit
    }

    /// The same 404 for a unit that does not exist and one the caller does not cover.
    private static func noUnit(_ unit: String) -> Problem {
        Problem.notFound("'\(unit.prefix(64))' is not a unit that you cover")
    }
}
