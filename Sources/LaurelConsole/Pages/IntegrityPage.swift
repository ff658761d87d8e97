import Hummingbird
import LaurelServer

extension Console {
    func addIntegrityRoutes(to router: Router<LaurelRequestContext>) {
        router.get("integrity", use: page { _, _, visit in try await integrityPage(visit) })
    }

    /// The whole log's integrity report, as `GET /v1/integrity` gives it to the same roles:
    /// every stream's hash chain and every seal recomputed, each break named.
    func integrityPage(_ visit: Visit) async throws -> Response {
        guard !visit.caller.actor.roles.isDisjoint(with: IntegrityController.verifiers) else {
            throw Problem.forbidden("verifying the whole log is for auditors, administrators and the standing office")
        }
        let language = visit.language
        var model = layout(visit, title: language.text("integrity.title"), current: "/integrity")
        let report = try await services.store.verifyAll()
        model["intact"] = report.isIntact
        model["streams"] = report.streamsChecked
        model["events"] = report.eventsChecked
        model["seals"] = report.sealsChecked
        model["issues"] = report.issues.map(\.description)
        return try renderer.render("integrity", model, language: language)
    }
}
