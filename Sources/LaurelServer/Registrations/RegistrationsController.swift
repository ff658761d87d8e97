import Commands
import Hummingbird
import Nominations

/// `/v1/units/{unit}/registrations/{year}`: a unit's emulation registration for a year (đăng ký
/// thi đua), filed and amended by the unit's officer until the rule set's deadline and by the
/// standing office after it, with a reason; read by whoever covers the unit.
struct RegistrationsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("units/:unit/registrations/:year", use: record)
        group.get("units/:unit/registrations/:year", use: show)
    }

    @Sendable func record(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: EmulationRegistration.roles)
        let unitYear = try UnitYearPath(context, reading: false).unitYear
        let command = try input.body.read { body -> RecordRegistration? in
            let collectiveTitle = body.identifier("collective_title", required: false)
            let add = body.objects("add", maxCount: 2_000, required: false) { entry -> RegistrationEntry? in
                let title = entry.identifier("title")
                let person = entry.object("person") { person -> RegisteredPerson? in
                    let id = person.identifier("id")
                    let name = person.string("name", maxLength: 200)
                    guard let id, let name else { return nil }
                    return RegisteredPerson(id: id, name: name)
                }
                guard let title, let person else { return nil }
                return RegistrationEntry(title: title, person: person)
            }
            let remove = body.objects("remove", maxCount: 2_000, required: false) { entry -> RegistrationEntry? in
                let title = entry.identifier("title")
                let id = entry.identifier("person_id")
                guard let title, let id else { return nil }
                return RegistrationEntry(title: title, person: RegisteredPerson(id: id, name: ""))
            }
            let reason = body.string("reason", maxLength: 2_000, required: false)
            return RecordRegistration(unitYear: unitYear, collectiveTitle: collectiveTitle, add: add ?? [], remove: remove ?? [],
                                      reason: reason)
        }
        let (domain, checkpoints) = (input.tenant.domain, input.tenant.checkpoints)
        return try await input.tenant.commands.run(command, actor: input.caller.actor, options: input.options(reason: command.reason)) {
            outcome in
            try RegistrationResource(unitYear: unitYear, registration: outcome.state, configuration: domain,
                                     version: outcome.version, checkpoint: checkpoints.token(for: outcome.checkpoint))
                .response(status: outcome.version == 1 && outcome.checkpoint != nil ? 201 : 200)
        }
    }

    /// The registration as it stands: the collective title and the people registered for each title.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let unitYear = try UnitYearPath(context, reading: true).unitYear
        let tenant = try context.requireTenant()
        let loaded = try await tenant.commands.registration(unitYear)
        return try RegistrationResource(unitYear: unitYear, registration: loaded.state, configuration: tenant.domain,
                                        version: loaded.version, checkpoint: nil).response(status: 200)
    }
}
