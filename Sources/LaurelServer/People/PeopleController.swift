import Hummingbird
import Projections

/// `/v1/people`: people across years and units, from the people read model. A caller sees a person
/// seen (nominated, or holding a title) in one of the units the caller covers, with every title
/// the person held in any unit: the point of the page is the whole record across a transfer.
struct PeopleController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("people", use: search)
        group.get("people/:id", use: show)
    }

    /// People whose name contains `q` (diacritics and case ignored) or whose id is `q`, by name, in pages.
    @Sendable func search(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<Page<PersonSummary>> {
        let (caller, tenantServices) = try context.requireCallerAndTenant()
        let (search, unit, page, checkpoint) = try FieldReader(query: request.uri.queryParameters).read { query in
            (query.string("q", maxLength: 200, required: false), query.identifier("unit", required: false), query.page(),
             NominationsController.checkpoint(query, of: tenantServices))
        }
        let (tenant, units) = (tenantServices.id, try caller.units(forQuery: unit, in: tenantServices.organization))
        return JSONResponse(try await services.reading("people", checkpoint: checkpoint) { reads in
            try await reads.readModels.people(tenant: tenant, search: search, units: units, after: page.cursor, limit: page.limit)
        })
    }

    /// A person's titles by year, imported or decided in Laurel, and their units over the years;
    /// 404 for a person the caller's units never saw, as for one who does not exist.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<PersonRecord> {
        let (caller, tenantServices) = try context.requireCallerAndTenant()
        let id = context.parameters.get("id") ?? ""
        let checkpoint = try FieldReader(query: request.uri.queryParameters).read { .some(NominationsController.checkpoint($0, of: tenantServices)) }
        let (tenant, units) = (tenantServices.id, caller.scope(in: tenantServices.organization))
        guard let person = try await services.reading("people", checkpoint: checkpoint, { reads in
            try await reads.readModels.person(tenant: tenant, personID: id, units: units)
        }) else {
            throw Problem.notFound("no person '\(id.prefix(64))' in the units you cover")
        }
        return JSONResponse(person)
    }
}
