import Commands
import Hummingbird
import Nominations
import Workflow

/// `/v1/councils/{council}/membership`: a council's membership as constituted on a date, and the
/// recorded decisions that changed it during the year. `{council}` is the unit whose council it
/// is, as `council` names it when convening.
struct CouncilMembershipController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("councils/:council/membership-changes", use: recordChange)
        group.get("councils/:council/membership", use: show)
    }

    @Sendable func recordChange(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: CouncilMembership.roles)
        let council = try council(context)
        let change = try input.body.read { body -> (decision: MembershipDecision, members: [CouncilSeat])? in
            let number = body.string("decision_number", maxLength: 100)
            let date = body.date("decision_date")
            let signedBy = body.string("signed_by", maxLength: 200)
            let effectiveFrom = body.date("effective_from")
            let members = body.objects("members", maxCount: 200) { seat -> CouncilSeat? in
                let id = seat.identifier("id")
                let name = seat.string("name", maxLength: 200)
                let unit = seat.identifier("unit")
                let role = seat.enumeration("role", CouncilRole.self)
                let position = seat.string("position", maxLength: 200, required: false)
                guard let id, let name, let unit, let role else { return nil }
                return CouncilSeat(member: CouncilMember(id: id, name: name, unit: unit), role: role, position: position)
            }
            guard let number, let date, let signedBy, let effectiveFrom, let members else { return nil }
            return (MembershipDecision(number: number, date: date, signedBy: signedBy, effectiveFrom: effectiveFrom), members)
        }
        let command = CouncilMembershipCommand.recordChange(council: council.unit, decision: change.decision, members: change.members)
        // The answer is the membership from the day the change takes effect.
        let checkpoints = input.tenant.checkpoints
        return try await input.tenant.commands.run(command, actor: input.caller.actor, options: input.options(reason: nil)) { outcome in
            try MembershipResource(membership: outcome.state, of: council, on: change.decision.effectiveFrom, version: outcome.version,
                                   checkpoint: checkpoints.token(for: outcome.checkpoint)).response(status: 201)
        }
    }

    /// The membership in force on `on` (default today), with every decision recorded for the council.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        // As for a session: unit officers read no council's, and a council the caller does not
        // cover is not found.
        guard !caller.isUnitScoped else {
            throw Problem.forbidden("councils are read by the standing office, the council and auditors")
        }
        let council = try council(context)
        guard caller.maySee(unit: council.unit, in: tenant.organization) else { throw Self.noCouncil(council.unit) }
        let today = tenant.commands.today()
        let date = try FieldReader(query: request.uri.queryParameters).read { query in query.date("on", required: false) ?? today }
        let loaded = try await tenant.commands.councilMembership(council.unit)
        return try MembershipResource(membership: loaded.state, of: council, on: date, version: loaded.version, checkpoint: nil)
            .response(status: 200)
    }

    /// The council of the unit the path names; 404 for a unit without one.
    private func council(_ context: LaurelRequestContext) throws -> Council {
        let unit = context.parameters.get("council") ?? ""
        guard let council = try context.requireTenant().organization.council(of: unit) else { throw Self.noCouncil(unit) }
        return council
    }

    /// The same 404 for a council that does not exist and one the caller does not cover.
    private static func noCouncil(_ unit: String) -> Problem {
        Problem.notFound("'\(unit.prefix(64))' is not a unit with a council that you cover")
    }
}
