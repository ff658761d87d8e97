import Commands
import Hummingbird
import Nominations

/// `/v1/rankings/{year}`: the ranking of the year's final scores within a cluster or bloc
/// (`?group=CODE`) or sector-wide, with the table's bands and tie-break and the history of every
/// change behind it. A group's ranking is read by whoever sees one of its members; the
/// sector-wide one by callers who see every unit.
struct RankingsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("rankings/:year", use: show)
    }

    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let year = try YearPath(context).year
        let query = try FieldReader(query: request.uri.queryParameters)
        let code = query.identifier("group", required: false)
        try query.finish()
        let organization = tenant.organization
        let group: EmulationGroup?
        let units: [String]
        if let code {
            // A group none of whose members the caller sees is as one that does not exist.
            guard let found = organization.emulationGroup(code: code),
                  found.members.contains(where: { caller.maySee(unit: $0, in: organization) }) else {
                throw Problem.notFound("'\(code)' is not a cluster or bloc of units you cover")
            }
            group = found
            units = found.members
        } else {
            guard caller.scope(in: organization) == nil else {
                throw Problem.forbidden("the sector-wide ranking is read by those who cover every unit; ask for your cluster or bloc with ?group=")
            }
            group = nil
            units = organization.emulatingUnits
        }
        guard let read = try await tenant.commands.ranking(year: year, units: units) else {
            throw Problem.notFound("no scoring table is published for \(year)")
        }
        // The year's head unit, which reviewed the members' scores: the one recorded for the year, or the file's.
        var head: String?
        if let group { head = try await tenant.commands.clusterYear(GroupYear(group: group.code, year: year)).loaded.state.head(in: group) }
        return try RankingResource(year: year, group: group, head: head, read: read, organization: organization).response()
    }
}
