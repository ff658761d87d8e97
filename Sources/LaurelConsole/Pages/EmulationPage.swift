import Commands
import Hummingbird
import LaurelServer
import Nominations
import Projections

extension Console {
    func addEmulationRoutes(to router: Router<LaurelRequestContext>) {
        router.get("emulation", use: page { request, _, visit in try await emulationPage(request, visit) })
    }

    /// The year's emulation as the person signed in may see it: the movements launched in the
    /// year with their thematic award nominations (of the units the person covers), the
    /// rankings of the final scores: sector-wide for those who cover every unit, else each cluster
    /// or bloc one of their units belongs to, each linked to its whole ranking; the clusters and
    /// blocs with a member they see, linked to their year; and the commemorative medal's candidates.
    func emulationPage(_ request: Request, _ visit: Visit) async throws -> Response {
        let language = visit.language
        var model = layout(visit, title: language.text("emulation.title"), current: "/emulation", request: request)
        let tenant = visit.tenant
        let year = request.uri.queryParameters.get("year").flatMap(Int.init).flatMap { (1945...2100).contains($0) ? $0 : nil }
            ?? tenant.commands.today().year
        let organization = tenant.organization
        let units = try visit.caller.units(forQuery: nil, in: organization)
        let checkpoint = request.uri.queryParameters.get("checkpoint").flatMap(tenant.checkpoints.checkpoint(in:))

        let launched = try await tenant.commands.movements(startingIn: year...year).movements
            .compactMap { id, loaded in loaded.state.details.map { (id: id, movement: loaded.state, details: $0) } }
        let ids = launched.map(\.id)
        let statistics = ids.isEmpty ? [] : try await services.reading("nominations", checkpoint: checkpoint) { reads in
            try await reads.readModels.movementStatistics(tenant: tenant.id, movements: ids, units: units)
        }
        let movements = zip(launched, statistics).map { launched, statistics -> [String: Any] in
            let (details, movement) = (launched.details, launched.movement)
            return [
                "name": details.name, "authority": unitName(details.authority, of: tenant),
                "period": "\(VietnamTime.day(details.from.description, language: language)) – "
                    + VietnamTime.day(details.to.description, language: language),
                "stage": language.text("emulation.stage.\(movement.stage.rawValue)"),
                "thematic": statistics.nominations,
            ]
        }

        // The clusters and blocs with a member the person sees, each with its year's page.
        let visible = (organization.clusters + organization.blocs)
            .filter { group in group.members.contains { visit.caller.maySee(unit: $0, in: organization) } }
        let groups: [(title: String, code: String?, units: [String])] = visit.caller.scope(in: organization) == nil
            ? [(language.text("emulation.sector"), nil, organization.emulatingUnits)]
            : visible.map { group -> (title: String, code: String?, units: [String]) in (groupName(group, language), group.code, group.members) }
        var rankings: [[String: Any]] = []
        for group in groups {
            guard let read = try await tenant.commands.ranking(year: year, units: group.units) else { continue }
            let pending = read.ranking.pending.map { unitName($0.unit, of: tenant) }.joined(separator: ", ")
            rankings.append([
                "title": group.title,
                "details": "/emulation/rankings/\(year)" + (group.code.map { "?group=\($0)" } ?? ""),
                "entries": read.ranking.entries.map { entry -> [String: Any] in
                    ["rank": entry.rank, "unit": unitName(entry.unit, of: tenant),
                     "total": decimal(entry.totals.total, language), "band": entry.band?.name ?? "—"]
                },
                "pending": pending.isEmpty ? [] : [pending],
            ])
        }
        model["groups"] = visible.map { group -> [String: Any] in
            [
                "name": groupName(group, language), "kind": language.text("emulation.kind.\(group.kind.rawValue)"),
                "head": unitName(group.head, of: tenant), "yearPage": "/emulation/clusters/\(group.code)/\(year)",
                "ranking": rankings.isEmpty ? [] : ["/emulation/rankings/\(year)?group=\(group.code)"],
            ]
        }
        model["hasGroups"] = !visible.isEmpty
        model["medal"] = "/medals/commemorative/\(year)"
        let unit = visit.caller.actor.unit
        model["ownScore"] = tenant.organization.emulationGroup(of: unit) == nil ? [] : ["/emulation/scores/\(unit)/\(year)"]
        model["year"] = String(year)
        model["movements"] = movements
        model["hasMovements"] = !movements.isEmpty
        model["rankings"] = rankings
        model["hasRankings"] = !rankings.isEmpty
        return try renderer.render("emulation", model, language: language)
    }
}
