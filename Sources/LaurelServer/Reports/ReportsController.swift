import Hummingbird
import Projections

/// `/v1/reports` and `/v1/awards`: statistics, deadlines and the awards registry, from the read models.
struct ReportsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("reports/statistics", use: statistics)
        group.get("reports/deadlines", use: deadlines)
        group.get("awards", use: awards)
    }

    @Sendable func statistics(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<StatisticsReport> {
        let (caller, tenantServices) = try context.requireCallerAndTenant()
        let (unit, year, checkpoint) = try FieldReader(query: request.uri.queryParameters).read { query in
            (query.identifier("unit", required: false), query.integer("year", in: 1945...2100, required: false),
             NominationsController.checkpoint(query, of: tenantServices))
        }
        let (tenant, units) = (tenantServices.id, try caller.units(forQuery: unit, in: tenantServices.organization))
        return JSONResponse(try await services.reading("statistics", checkpoint: checkpoint) { reads in
            try await reads.readModels.statistics(tenant: tenant, units: units, year: year)
        })
    }

    /// Open stages with their due dates, soonest first, in pages; `overdue=true` keeps the late
    /// ones: the standing office's morning list.
    @Sendable func deadlines(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<Page<OpenStage>> {
        let (caller, tenantServices) = try context.requireCallerAndTenant()
        let (unit, overdue, page, checkpoint) = try FieldReader(query: request.uri.queryParameters).read { query in
            (query.identifier("unit", required: false), query.bool("overdue", required: false) ?? false, query.page(),
             NominationsController.checkpoint(query, of: tenantServices))
        }
        let (tenant, today, units) = (tenantServices.id, tenantServices.commands.today(), try caller.units(forQuery: unit, in: tenantServices.organization))
        return JSONResponse(try await services.reading("deadlines", checkpoint: checkpoint) { reads in
            try await reads.readModels.deadlines(tenant: tenant, today: today, units: units, overdueOnly: overdue,
                                                 after: page.cursor, limit: page.limit)
        })
    }

    /// The awards registry: titles awarded, with revocations applied, by year and name, in pages.
    @Sendable func awards(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<Page<AwardRecord>> {
        let (caller, tenantServices) = try context.requireCallerAndTenant()
        let (nominee, year, unit, page, checkpoint) = try FieldReader(query: request.uri.queryParameters).read { query in
            (query.identifier("nominee_id", required: false), query.integer("year", in: 1945...2100, required: false),
             query.identifier("unit", required: false), query.page(), NominationsController.checkpoint(query, of: tenantServices))
        }
        let (tenant, units) = (tenantServices.id, try caller.units(forQuery: unit, in: tenantServices.organization))
        return JSONResponse(try await services.reading("awards", checkpoint: checkpoint) { reads in
            try await reads.readModels.awards(tenant: tenant, nomineeID: nominee, year: year, units: units,
                                              after: page.cursor, limit: page.limit)
        })
    }
}
