import Commands
import Foundation
import Hummingbird
import Nominations
import Workflow

/// `/v1/medals/commemorative/{year}`: the commemorative medal "Vì sự nghiệp Kiểm sát". Its
/// candidates of a year are computed from the imported service records and the medals already
/// held (`candidates`), read by whoever covers their units; a unit's officer sends the unit's
/// candidates as the unit's year-end list of the medal (`lists`), which then goes through the
/// annual cycle as every list does: intake, the council's ballot, the Prosecutor General's decision.
package struct CommemorativeMedalController {
    let services: LaurelServices

    package init(services: LaurelServices) {
        self.services = services
    }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("medals/commemorative/:year/candidates", use: candidates)
        group.post("medals/commemorative/:year/lists", use: submitList)
    }

    /// The year's candidates and the records that do not qualify, in the units the caller covers
    /// (`?unit=` one of them). Read from the streams, so already at any `?checkpoint=` a command
    /// answered with; the token is still checked as every query checks it.
    @Sendable func candidates(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let year = try Self.year(context)
        let unit = try FieldReader(query: request.uri.queryParameters).read { query -> String?? in
            _ = NominationsController.checkpoint(query, of: tenant)
            return .some(query.identifier("unit", required: false))
        }
        let resource = try await candidates(year, unit: unit, for: caller, in: tenant)
        return StoredResponse(status: 200, headers: ["Content-Type": "application/json"], body: try ResponseJSON.encode(resource))
    }

    /// The candidates of `year` and the records that do not qualify, in `unit` or (nil) every
    /// unit `caller` covers: what `GET …/candidates` answers, and the console's page shows.
    ///
    /// - Throws: 404 for a unit that does not exist or that the caller does not cover;
    ///   `configuration_missing` for a year without the medal.
    package func candidates(_ year: Int, unit: String?, for caller: Caller, in tenant: TenantServices) async throws -> MedalCandidatesResource {
        if let unit, tenant.organization.unit(code: unit) == nil || !caller.maySee(unit: unit, in: tenant.organization) {
            throw Problem.notFound("no unit '\(unit.prefix(64))' that you cover")
        }
        let (ruleSet, assessments) = try await assess(year, tenant: tenant)
        let seen = assessments.filter { assessment in
            if let unit { return assessment.record.unit == unit }
            return caller.maySee(unit: assessment.record.unit, in: tenant.organization)
        }
        let title = ruleSet.title(CommemorativeMedal.title)
        return MedalCandidatesResource(
            year: year, title: CommemorativeMedal.title, titleName: title?.name ?? "", ruleSet: ruleSet.version,
            cutoff: title?.service?.cutoff(in: year) ?? LocalDate(year: year, month: 1, day: 1)!, unit: unit,
            candidates: seen.filter(\.qualifies).map(MedalCandidatesResource.Row.init),
            excluded: seen.filter { !$0.qualifies }.map(MedalCandidatesResource.Row.init))
    }

    /// Sends the unit's candidates of the year as its year-end list `list` for the medal, one
    /// row per candidate (the achievement summary their service), with the dossier's documents
    /// shared by every row: `{"list": "KNC-2026-hanoi", "unit": "vksnd-hanoi", "documents": […]}`.
    /// 201 with the list; 422 `no_candidates` when none of the unit's people qualifies.
    @Sendable func submitList(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let year = try Self.year(context)
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: NominationList.submitRoles)
        struct Body {
            let list: String
            let unit: String
            let documents: [DossierDocument]
        }
        let body = try input.body.read { body -> Body? in
            let list = body.string("list", maxLength: NominationListsController.maxIDLength)
            if let list, !NominationListsController.isListID(list) {
                body.reject("list", "is 1 to \(NominationListsController.maxIDLength) letters, digits, '-', '_' or '.'")
            }
            let unit = body.identifier("unit")
            let documents = CommandRoute.readDocuments(body, required: false) ?? []
            guard let list, let unit else { return nil }
            return Body(list: list, unit: unit, documents: documents)
        }
        let tenant = input.tenant
        guard tenant.organization.unit(code: body.unit) != nil else {
            throw Problem.invalid(field: "unit", "'\(body.unit)' is not a unit of the organisation")
        }
        let candidates = try await assess(year, tenant: tenant).assessments.filter { $0.qualifies && $0.record.unit == body.unit }
        guard !candidates.isEmpty else {
            throw Problem(code: "no_candidates", status: .unprocessableContent, title: "No candidates",
                          detail: "nobody of \(body.unit) qualifies for the commemorative medal in \(year) on the service records imported")
        }
        let rows = candidates.enumerated().map { index, candidate in
            Self.row(candidate, number: index + 1, list: body.list, year: year, documents: body.documents)
        }
        let checkpoints = tenant.checkpoints
        var options = input.options(reason: nil)
        if options.idempotency == nil {
            options.idempotency = IdempotencyKey(key: "nomination-list:\(body.list)", method: "POST", path: request.uri.path, ifMatch: nil,
                                                 body: input.data)
        }
        do {
            return try await tenant.commands.submitList(body.list, unit: body.unit, year: year, rows: rows, actor: input.caller.actor,
                                                        options: options) { list, version, outcomes in
                try NominationListResource(list: list, touched: outcomes.compactMap(\.state), version: version,
                                           checkpoint: checkpoints.token(for: outcomes.last?.checkpoint)).response(status: 201)
            }
        } catch let refused as BatchRefused {
            throw ListRows.refused(refused, listID: body.list)
        }
    }

    /// Every service record of the tenant assessed for `year`, under the rule set in force on the
    /// year's cut-off.
    private func assess(_ year: Int, tenant: TenantServices) async throws -> (ruleSet: RuleSet, assessments: [MedalAssessment]) {
        guard let ruleSet = CommemorativeMedal.ruleSet(for: year, in: tenant.domain.rules) else {
            throw DomainError(.configurationMissing, "no rule set in force on the cut-off day of \(year) has the commemorative medal")
        }
        let (records, awarded) = try await tenant.commands.serviceRecordsAndMedals()
        return (ruleSet, try CommemorativeMedal.assess(records, awarded: awarded, year: year, ruleSet: ruleSet))
    }

    /// A candidate's row of the list: an annual nomination for the medal, the service as its summary.
    private static func row(
        _ candidate: MedalAssessment, number: Int, list: String, year: Int, documents: [DossierDocument]
    ) -> NominationCommands.ListRow {
        let record = candidate.record
        let summary = "Công tác trong ngành Kiểm sát nhân dân từ \(record.sectorStart)"
            + (record.sectorEnd.map { " đến \($0)" } ?? "") + "; đủ số năm xét tặng ngày \(candidate.qualifiesOn)"
        let nominee = Nominee.individual(id: record.personID, name: record.name, unit: record.unit, position: record.position,
                                         isFrontLine: record.isFrontLine)
        return NominationCommands.ListRow(
            submission: .init(nominationID: listedNominationID(list: list, row: number), kind: "annual", title: CommemorativeMedal.title,
                              year: year, nominee: nominee, achievementSummary: summary, documents: documents),
            initiatives: [])
    }

    /// The `:year` path parameter; a year no medal could be for is 404.
    package static func year(_ context: LaurelRequestContext) throws -> Int {
        let text = context.parameters.get("year") ?? ""
        guard let year = Int(text), (1960...2100).contains(year) else { throw Problem.notFound("no year '\(text.prefix(8))' of the medal") }
        return year
    }
}
