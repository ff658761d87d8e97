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
        let ranking = try await ScopedRanking(year: year, group: code, for: caller, in: tenant)
        return try RankingResource(year: year, group: ranking.group, head: ranking.head, read: ranking.read,
                                   organization: tenant.organization).response()
    }
}
