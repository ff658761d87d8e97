import Foundation
import Hummingbird
import LaurelServer

extension Console {
    func addOverdueRoutes(to router: Router<LaurelRequestContext>) {
        router.get("overdue", use: page { request, _, visit in try await overduePage(request, visit) })
    }

    /// The overdue board: the open stages past their deadline in the units the person covers,
    /// the most overdue first, from the deadlines read model as `GET /v1/reports/deadlines?overdue=true`
    /// reads it (a held stage is late only if it was due before its clock stopped).
    func overduePage(_ request: Request, _ visit: Visit) async throws -> Response {
        let language = visit.language
        var model = layout(visit, title: language.text("overdue.title"), current: "/overdue")
        let cursor = request.uri.queryParameters.get("cursor").map { String($0.prefix(100)) }
        let (tenant, today) = (visit.tenant.id, visit.tenant.commands.today())
        let units = try visit.caller.units(forQuery: nil, in: visit.tenant.organization)
        let page = try await services.reading("deadlines", checkpoint: nil) { reads in
            try await reads.readModels.deadlines(tenant: tenant, today: today, units: units, overdueOnly: true, after: cursor, limit: 50)
        }
        model["rows"] = page.items.map { stage -> [String: Any] in
            var row: [String: Any] = [
                "id": stage.nominationID, "nominee": stage.nomineeName, "unit": unitName(stage.unit, of: visit.tenant),
                "kind": language.text("kind.\(stage.kind)"), "state": language.text("state.\(stage.state)"), "stateCode": stage.state,
                "entered": VietnamTime.day(stage.enteredOn, language: language), "due": VietnamTime.day(stage.dueOn, language: language),
                "holds": stage.holdKinds.map { language.text("hold.\($0)") }.joined(separator: ", "),
            ]
            row["heldSince"] = stage.onHoldSince.map { VietnamTime.day($0, language: language) }
            return row
        }
        model["empty"] = page.items.isEmpty
        model["next"] = page.nextCursor.map { "/overdue?cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        model["today"] = VietnamTime.day(visit.tenant.commands.today().description, language: language)
        return try renderer.render("overdue", model, language: language)
    }
}
