import Commands
import Hummingbird
import Nominations

/// `/v1/service-record-imports`: people's service in the sector, imported from a CSV file (UTF-8,
/// a header row) or the same rows as JSON, by the standing office, for the units its token
/// covers, as awards held before Laurel are. All rows or none: every bad row is answered at once
/// (422 `invalid_rows`, each by number, field and reason). The same file again adds nothing and
/// answers with the first import. The commemorative medal's candidates are computed from them.
struct ServiceRecordImportsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("service-record-imports", use: create)
        group.get("service-record-imports/:sha256", use: show)
    }

    /// Imports the file in the body (`text/csv`, or `application/json` rows): 201 with what it
    /// recorded, or 200 with the first import of the same file.
    @Sendable func create(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: ServiceRecordImport.roles, acceptsCSV: true)
        let rows = input.isCSV ? try ServiceRecordRows.csv(input.data) : try ServiceRecordRows.json(input.body)
        let checkpoints = input.tenant.checkpoints
        return try await input.tenant.commands.importServiceRecords(rows, from: input.data, actor: input.caller.actor,
                                                                    options: input.options(reason: nil)) { outcome in
            // An import is recorded, or was before: never neither, short of a fault.
            guard let recorded = outcome.state?.recorded else {
                throw Problem(code: "internal_error", status: .internalServerError, title: "Internal error",
                              detail: "the import was decided without being recorded")
            }
            return try ServiceRecordImportResource(recorded, version: outcome.version, checkpoint: checkpoints.token(for: outcome.checkpoint))
                .response(status: outcome.checkpoint == nil ? 200 : 201)
        }
    }

    /// An import, for a caller who covers every unit it names; 404 otherwise, as for one never made.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let sha256 = context.parameters.get("sha256") ?? ""
        let notFound = Problem.notFound("no import of service records with SHA-256 '\(sha256.prefix(64))' that you cover")
        guard DossierDocument.isLowercaseSHA256(sha256) else { throw notFound }
        let loaded = try await tenant.commands.serviceRecordImport(sha256)
        guard let recorded = loaded.state?.recorded,
              recorded.records.allSatisfy({ caller.maySee(unit: $0.unit, in: tenant.organization) }) else { throw notFound }
        return try ServiceRecordImportResource(recorded, version: loaded.version, checkpoint: nil).response(status: 200)
    }
}
