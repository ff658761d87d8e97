import Hummingbird
import LaurelServer
import Projections

extension Console {
    func addQueueRoutes(to router: Router<LaurelRequestContext>) {
        router.get("intake", use: page { request, _, visit in
            try await queue(request, visit, state: "submitted", title: "intake.title", current: "/intake", role: "standing_office")
        })
        router.get("approvals", use: page { request, _, visit in
            try await queue(request, visit, state: "accepted", title: "approvals.title", current: "/approvals", role: "head_of_agency")
        })
    }

    /// A role's queue: the nominations in `state` it covers, oldest submission first, each with
    /// its deadline badge and the form of the role's next step.
    func queue(
        _ request: Request, _ visit: Visit, state: String, title: String, current: String, role: String
    ) async throws -> Response {
        let roles = visit.caller.actor.roles
        let deputy = role == "head_of_agency" && roles.contains("deputy_head_of_agency")
        guard roles.contains(role) || deputy else {
            throw Problem.forbidden("this queue is for the \(visit.language.text("role.\(role)"))")
        }
        let query = ListQuery(request, workflows: services.domain.workflows)
        let language = visit.language
        var model = layout(visit, title: language.text(title), current: current)
        let page = try await nominationRows(visit, filter: NominationFilter(state: state), cursor: query.cursor,
                                            checkpoint: query.checkpoint, limit: 50)
        model["rows"] = page.rows
        model["empty"] = page.rows.isEmpty
        model["next"] = page.next.map { "\(current)?cursor=\($0)" }
        model["intake"] = state == "submitted"
        model["approvals"] = state == "accepted"
        model["back"] = current
        model["actions"] = true
        model["today"] = services.commands.today().description
        return try renderer.render("queue", model, language: language)
    }
}
