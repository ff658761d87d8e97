import Foundation
import Hummingbird
import LaurelServer
import Nominations
import Workflow

extension Console {
    /// `/medals/commemorative/{year}`: the commemorative medal's candidates as
    /// `GET /v1/medals/commemorative/{year}/candidates` computes them, for the same callers;
    /// `/medals/commemorative` opens the current year's.
    func addMedalRoutes(to router: Router<LaurelRequestContext>) {
        router.get("medals/commemorative", use: page { request, _, visit in
            let year = request.uri.queryParameters.get("year").flatMap(Int.init) ?? visit.tenant.commands.today().year
            let unit = request.uri.queryParameters.get("unit").flatMap { $0.isEmpty ? nil : "?unit=\(Self.queryValue($0))" } ?? ""
            return Response.redirect(to: "/medals/commemorative/\(year)\(unit)")
        })
        router.get("medals/commemorative/:year", use: page { request, context, visit in try await medalCandidatesPage(request, context, visit) })
    }

    /// The year's candidates for the commemorative medal "Vì sự nghiệp Kiểm sát" in the units the
    /// person covers (`?unit=` one of them), from the imported service records: each with their
    /// service, whole years counted on the cut-off and the day the years were reached; and the
    /// people assessed who do not qualify, with why.
    func medalCandidatesPage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let tenant = visit.tenant
        let year = try CommemorativeMedalController.year(context)
        let unit = request.uri.queryParameters.get("unit").flatMap { $0.isEmpty ? nil : String($0) }
        let medal = try await medals.candidates(year, unit: unit, for: visit.caller, in: tenant)
        var model = layout(visit, title: "\(language.text("medal.title")) \(year)", current: "/medals/commemorative", request: request)
        func day(_ date: LocalDate) -> String { VietnamTime.day(date.description, language: language) }
        func row(_ row: MedalCandidatesResource.Row) -> [String: Any] {
            [
                "name": row.name, "id": row.personId, "unit": unitName(row.unit, of: tenant), "position": row.position,
                "service": day(row.sectorStart) + (row.sectorEnd.map { " – " + day($0) } ?? ""),
                "years": row.yearsCounted, "qualifiesOn": day(row.qualifiesOn),
                "reason": row.reason.map { language.text("medal.reason.\($0.rawValue)") } ?? "",
                "explanation": row.explanation.sentence(in: language),
            ]
        }
        let seen = try visit.caller.units(forQuery: nil, in: tenant.organization) ?? tenant.organization.units.map(\.code)
        model["year"] = String(year)
        model["titleName"] = medal.titleName
        model["ruleSet"] = medal.ruleSet
        model["cutoff"] = day(medal.cutoff)
        model["units"] = seen.map { code -> [String: Any] in ["value": code, "label": unitName(code, of: tenant), "selected": code == unit] }
        model["candidates"] = medal.candidates.map(row)
        model["hasCandidates"] = !medal.candidates.isEmpty
        model["excluded"] = medal.excluded.map(row)
        model["hasExcluded"] = !medal.excluded.isEmpty
        model["source"] = (medal.candidates + medal.excluded).first.map { [$0.explanation.source] } ?? []
        return try renderer.render("medal-candidates", model, language: language)
    }
}
