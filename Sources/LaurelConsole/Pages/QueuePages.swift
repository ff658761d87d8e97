import Hummingbird
import LaurelServer
import Projections

extension Console {
    func addQueueRoutes(to router: Router<LaurelRequestContext>) {
        router.get("intake", use: page { request, _, visit in
            try await queue(request, visit, command: "accept", title: "intake.title", current: "/intake", role: "standing_office")
        })
        router.get("approvals", use: page { request, _, visit in
            try await queue(request, visit, command: "approve", title: "approvals.title", current: "/approvals", role: "head_of_agency")
        })
    }

    /// A role's queue: the nominations it covers in a state `command` runs from (in any
    /// workflow), oldest submission first, each with its deadline badge and the role's next step.
    func queue(
        _ request: Request, _ visit: Visit, command: String, title: String, current: String, role: String
    ) async throws -> Response {
        let roles = visit.caller.actor.roles
        let deputy = role == "head_of_agency" && roles.contains("deputy_head_of_agency")
        guard roles.contains(role) || deputy else {
            throw Problem.forbidden("this queue is for the \(visit.language.text("role.\(role)"))")
        }
        let query = ListQuery(request, workflows: visit.tenant.domain.workflows, checkpoints: visit.tenant.checkpoints)
        let language = visit.language
        var model = layout(visit, title: language.text(title), current: current)
        let states = Set(visit.tenant.domain.workflows.allDefinitions.flatMap { $0.transitions.filter { $0.command == command }.flatMap(\.from) })
        let page = try await nominationRows(visit, filter: NominationFilter(states: states.sorted()), cursor: query.cursor,
                                            checkpoint: query.checkpoint, limit: 50)
        model["rows"] = page.rows
        model["empty"] = page.rows.isEmpty
        model["next"] = page.next.map { "\(current)?cursor=\($0)" }
        model["intake"] = command == "accept"
        model["approvals"] = command == "approve"
        if command == "approve" { model["decisionForm"] = decisionFormModel(visit) }
        model["back"] = current
        model["actions"] = true
        model["today"] = VietnamTime.day(visit.tenant.commands.today().description, language: language)
        return try renderer.render("queue", model, language: language)
    }
}
