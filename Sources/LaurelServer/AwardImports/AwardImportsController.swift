import Commands
import Hummingbird
import Nominations

/// `/v1/award-imports`: awards held before Laurel, imported from a CSV file (UTF-8, a header row;
/// a byte order mark and CRLF line ends are fine), or the same rows as JSON, by the standing
/// office, for the units its token covers. All rows or none: every bad row is answered at once (422
/// `invalid_rows`, each by number, field and reason). The same file again adds nothing and answers
/// with the first import.
struct AwardImportsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("award-imports", use: create)
        group.get("award-imports/:sha256", use: show)
    }

    /// Imports the file in the body (`text/csv`, or `application/json` rows): 201 with what it
    /// recorded, or 200 with the first import of the same file.
    @Sendable func create(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: AwardImport.roles, mediaTypes: ["text/csv", "application/json"])
        let rows = input.mediaType == "text/csv" ? try AwardImportCSV.rows(utf8: input.data) : try Self.rows(input.body)
        return try await services.commands.importAwards(rows, from: input.data, actor: input.caller.actor,
                                                        options: input.options(reason: nil)) { outcome in
            // An import is recorded, or was before: never neither, short of a fault.
            guard let recorded = outcome.state?.recorded else {
                throw Problem(code: "internal_error", status: .internalServerError, title: "Internal error",
                              detail: "the import was decided without being recorded")
            }
            return try AwardImportResource(recorded, version: outcome.version, checkpoint: outcome.checkpoint)
                .response(status: outcome.checkpoint == nil ? 200 : 201)
        }
    }

    /// The rows of a JSON body, `{"rows": [{"person_id": …, "year": 2023, …}]}`, numbered from 1.
    /// Only their JSON types are checked here (422 `validation_failed`); their values are checked
    /// as a file's are, every bad row answered as `invalid_rows`.
    static func rows(_ body: FieldReader) throws(Problem) -> [AwardImportRow] {
        var number = 0
        return try body.read { body in
            body.objects("rows", maxCount: AwardImport.maxRows) { row -> AwardImportRow? in
                number += 1
                func text(_ key: String) -> String { row.string(key, maxLength: 1_000, required: false) ?? "" }
                return AwardImportRow(
                    row: number, personID: text("person_id"), name: text("name"), unit: text("unit"), title: text("title"),
                    year: row.integer("year", in: Int(Int32.min)...Int(Int32.max), required: false).map(String.init) ?? "",
                    decisionNumber: text("decision_number"), decisionDate: text("decision_date"))
            }
        }
    }

    /// An import, for a caller who covers every unit it names; 404 otherwise, as for one never made.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let caller = try context.requireCaller()
        let sha256 = context.parameters.get("sha256") ?? ""
        let notFound = Problem.notFound("no import of a file with SHA-256 '\(sha256.prefix(64))' that you cover")
        guard DossierDocument.isLowercaseSHA256(sha256) else { throw notFound }
        let loaded = try await services.commands.awardImport(sha256)
        guard let recorded = loaded.state?.recorded,
              recorded.awards.allSatisfy({ caller.maySee(unit: $0.unit, in: services.organization) }) else { throw notFound }
        return try AwardImportResource(recorded, version: loaded.version, checkpoint: nil).response(status: 200)
    }
}
