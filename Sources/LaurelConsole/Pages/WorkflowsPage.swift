import Hummingbird
import LaurelServer

extension Console {
    func addWorkflowRoutes(to router: Router<LaurelRequestContext>) {
        router.get("workflows", use: page { _, _, visit in try workflowsPage(visit) })
    }

    /// Each workflow's state machine, as the version new nominations follow, drawn as SVG.
    func workflowsPage(_ visit: Visit) throws -> Response {
        let language = visit.language
        var model = layout(visit, title: language.text("workflow.title"), current: "/workflows")
        let workflows = visit.tenant.domain.workflows
        model["workflows"] = workflows.kinds.sorted().compactMap { workflows.latest(kind: $0) }
            .map { WorkflowDiagram.model($0, language: language) }
        return try renderer.render("workflows", model, language: language)
    }
}
