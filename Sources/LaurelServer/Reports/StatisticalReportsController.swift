import Hummingbird
import Nominations
import Projections

/// `/v1/reports/moha/…`: the forms of the periodic statistical report on emulation and
/// commendation to the Ministry of Home Affairs (Circular 02/2023/TT-BNV) that Laurel's data can
/// fill: 0601 (emulation movements) and 0603 (awards at the sector's level). Each as JSON, as a
/// printable page and as CSV, for report year `year` (01/12 of the year before to 30/11), of
/// the units the caller covers: the sector-wide form for a caller covering every unit.
package struct StatisticalReportsController {
    let services: LaurelServices

    package init(services: LaurelServices) { self.services = services }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        for (suffix, format) in AwardReportsController.Format.routes {
            group.get("reports/moha/0601\(suffix)", use: { request, context in
                let (caller, tenant) = try context.requireCallerAndTenant()
                return try await movements(request.uri.queryParameters, caller: caller, tenant: tenant, as: format)
            })
            group.get("reports/moha/0603\(suffix)", use: { request, context in
                let (caller, tenant) = try context.requireCallerAndTenant()
                return try await awards(request.uri.queryParameters, caller: caller, tenant: tenant, as: format)
            })
        }
    }

    /// Biểu 0601: the movements launched by the units the caller covers (or `unit`) that ran in
    /// the period, read from the movements' streams (the log, always current: no checkpoint).
    package func movements(
        _ parameters: some Sequence<(key: Substring, value: Substring)>, caller: Caller, tenant: TenantServices,
        as format: AwardReportsController.Format
    ) async throws -> Response {
        let (year, unit) = try FieldReader(query: parameters).read { query in
            (query.integer("year", in: 1945...2100, required: false) ?? StatisticalForm.lastYear(by: tenant.commands.today()),
             query.identifier("unit", required: false))
        }
        let units = try caller.units(forQuery: unit, in: tenant.organization)
        let period = StatisticalForm.period(of: year)
        let running = try await tenant.commands.movements(runningFrom: period.from, to: period.to).movements
        let launched = running.map(\.loaded.state).filter { movement in
            units.map { $0.contains(movement.details?.authority ?? "") } ?? true
        }
        let form = Form0601.form(year: year, movements: launched, sectorUnit: tenant.organization.sectorUnit)
        return try respond(form, as: format, reporter: AwardReportsController.scopeName(
            asked: unit, units: units, caller: caller, organization: tenant.organization))
    }

    /// Biểu 0603: the awards in force of the form's four titles decided in the period, of the
    /// units the caller covers (or `unit`), from the awards registry.
    package func awards(
        _ parameters: some Sequence<(key: Substring, value: Substring)>, caller: Caller, tenant: TenantServices,
        as format: AwardReportsController.Format
    ) async throws -> Response {
        let (year, unit, checkpoint) = try FieldReader(query: parameters).read { query in
            (query.integer("year", in: 1945...2100, required: false) ?? StatisticalForm.lastYear(by: tenant.commands.today()),
             query.identifier("unit", required: false), NominationsController.checkpoint(query, of: tenant))
        }
        let units = try caller.units(forQuery: unit, in: tenant.organization)
        let (tenantID, period, titles) = (tenant.id, StatisticalForm.period(of: year), Form0603.titles.map(\.title))
        // Whether an award is thematic is read from the nominations read model (see
        // `decidedAwardTallies`): it too has applied the caller's writes before the awards are read.
        try await services.waitForReadModel("nominations", checkpoint: checkpoint)
        let tallies = try await services.reading("awards", checkpoint: checkpoint) { reads in
            try await reads.readModels.decidedAwardTallies(tenant: tenantID, units: units, titles: titles, from: period.from, to: period.to)
        }
        return try respond(Form0603.form(year: year, tallies: tallies), as: format, reporter: AwardReportsController.scopeName(
            asked: unit, units: units, caller: caller, organization: tenant.organization))
    }

    private func respond(_ form: StatisticalForm, as format: AwardReportsController.Format, reporter: String) throws -> Response {
        switch format {
        case .json:
            return try JSONResponse(form).response()
        case .document:
            return PrintablePage.response(ReportTemplates.statisticalForm.render(form.printModel(reporter: reporter)))
        case .csv:
            let code = form.form.prefix { $0 != "." }
            return CSVDownload.response(form.csvLines, filename: "bieu-\(code)-\(form.year).csv")
        }
    }
}
