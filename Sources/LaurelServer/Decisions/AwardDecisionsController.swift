import Commands
import EventStore
import Foundation
import Hummingbird
import Mustache
import Nominations
import Workflow

/// `/v1/award-decisions`: numbered award decisions. Issuing one approves every nomination it
/// lists in one append; the decision is read as JSON, printed as its document and certificates,
/// and its list downloaded as CSV.
///
/// The console's approver pages issue and print decisions through
/// ``perform(fields:caller:tenant:trace:)`` and ``printable(_:id:for:in:)``.
package struct AwardDecisionsController {
    let services: LaurelServices

    package init(services: LaurelServices) {
        self.services = services
    }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("award-decisions", use: issue)
        group.get("award-decisions/:decision", use: show)
        group.get("award-decisions/:decision/document", use: document)
        group.get("award-decisions/:decision/certificates", use: certificates)
        group.get("award-decisions/:decision/awardees.csv", use: csv)
    }

    /// Issues a decision: `authority` (the unit whose head signs), `date`, `symbol` (`QĐ-VKSTC`),
    /// `subject`, `signed_by`, `signer_position`, `nominations`, optional `place`, `recipients`,
    /// `legal_bases` (besides the rule sets'), `corrects` and `correction`.
    @Sendable func issue(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await issue(try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxListBytes,
                                                 allowedRoles: Self.issuers))
    }

    /// Who may issue a decision: its authority's head, or a deputy under a recorded delegation.
    private static let issuers = AwardDecision.roles.union([HeadDelegations.deputyRole])

    /// Issues a decision from a console form: `fields`, as text, read as the API reads the body,
    /// with the same role checks and command handler as `POST /v1/award-decisions`.
    ///
    /// - Returns: the new decision's id and the checkpoint the read models reach with it.
    package func perform(
        fields: [String: JSONValue], caller: Caller, tenant: TenantServices, trace: RequestTrace
    ) async throws -> (id: String, checkpoint: String?) {
        let input = try CommandRequest(form: fields, caller: caller, tenant: tenant, trace: trace, allowedRoles: Self.issuers,
                                       command: "console issue_decision")
        let response = try await issue(input)
        guard case .string(let id)? = response.answer?["id"] else {
            throw Problem(code: "internal_error", status: .internalServerError, title: "Internal error", detail: "the decision's answer has no id")
        }
        return (id, response.checkpoint)
    }

    private func issue(_ input: CommandRequest) async throws -> StoredResponse {
        let organization = input.tenant.organization
        let draft = try ListRows.positioned("nominations") { () throws(Problem) -> NominationCommands.DecisionDraft in
            try input.body.read { body -> NominationCommands.DecisionDraft? in
                let authority = body.identifier("authority")
                let date = body.date("date")
                let symbol = body.string("symbol", maxLength: 40)
                let place = body.string("place", maxLength: 100, required: false) ?? "Hà Nội"
                let subject = body.string("subject", maxLength: 1_000)
                let signedBy = body.string("signed_by", maxLength: 200)
                let position = body.string("signer_position", maxLength: 200)
                let nominations = body.strings("nominations", maxCount: maxListRows, maxLength: 64, required: false) ?? []
                let bases = body.strings("legal_bases", maxCount: 20, maxLength: 1_000, required: false) ?? []
                let recipients = body.strings("recipients", maxCount: 50, maxLength: 500, required: false) ?? ["Như Điều 3", "Lưu: VT"]
                let corrects = body.identifier("corrects", required: false)
                let correction = body.string("correction", maxLength: 5_000, required: false)
                if let authority, organization.unit(code: authority) == nil {
                    body.reject("authority", "'\(authority)' is not a unit of the organisation")
                    return nil
                }
                if let symbol, !Self.isSymbol(symbol) {
                    body.reject("symbol", "is the office's symbol, such as QĐ-VKSTC: letters, digits and '-' only")
                    return nil
                }
                guard let authority, let date, let symbol, let subject, let signedBy, let position else { return nil }
                return NominationCommands.DecisionDraft(
                    authority: authority, year: date.year, symbol: symbol, date: date, place: place, subject: subject,
                    signer: DecisionSigner(name: signedBy, position: position, signedOnBehalf: nil), nominations: nominations,
                    additionalBases: bases, recipients: recipients, corrects: corrects, correction: correction)
            }
        }
        let checkpoints = input.tenant.checkpoints
        do {
            return try await input.tenant.commands.issueDecision(draft, actor: input.caller.actor, options: input.options(reason: nil)) {
                decision, outcomes in
                try AwardDecisionResource(decision: decision, checkpoint: checkpoints.token(for: outcomes.last?.checkpoint)).response(status: 201)
            }
        } catch let refused as BatchRefused {
            throw ListRows.listProblem(refused.refusals.map {
                .init(field: "nominations", reason: $0.error.message, row: $0.index + 1, code: $0.error.code.rawValue)
            })
        }
    }

    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try AwardDecisionResource(decision: try await visible(context).decision, checkpoint: nil).response(status: 200)
    }

    /// The printed forms of a decision.
    package enum Printable: Sendable {
        /// The decision on A4, Decree 30/2020/NĐ-CP's layout, its list annexed.
        case document
        /// One certificate per awardee, one to a landscape page.
        case certificates
        /// The list of awardees as CSV.
        case awardeesCSV
    }

    @Sendable func document(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        try await printable(.document, context)
    }

    @Sendable func certificates(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        try await printable(.certificates, context)
    }

    @Sendable func csv(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        try await printable(.awardeesCSV, context)
    }

    private func printable(_ form: Printable, _ context: LaurelRequestContext) async throws -> Response {
        let (caller, tenant) = try context.requireCallerAndTenant()
        return try await printable(form, id: context.parameters.get("decision") ?? "", for: caller, in: tenant)
    }

    /// Decision `id` printed as `form`, if `caller` may read it (404 otherwise).
    package func printable(_ form: Printable, id: String, for caller: Caller, in tenant: TenantServices) async throws -> Response {
        let visible = (decision: try await decision(id, for: caller, in: tenant), tenant: tenant)
        switch form {
        case .document: return PrintablePage.response(DecisionTemplates.decision.render(print(visible)))
        case .certificates: return PrintablePage.response(DecisionTemplates.certificates.render(print(visible)))
        case .awardeesCSV: return csv(visible.decision, organization: tenant.organization)
        }
    }

    /// The list of awardees as CSV (``CSVDownload``).
    private func csv(_ decision: AwardDecision, organization: Organization) -> Response {
        var lines = [["STT", "Mã cán bộ", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức", "Năm", "Số quyết định",
                      "Ngày quyết định", "Mã hồ sơ"]]
        for (index, awardee) in decision.awardees.enumerated() {
            lines.append(["\(index + 1)", awardee.nominee.id, awardee.nominee.name, awardee.nominee.position ?? "",
                          organization.unit(code: awardee.nominee.unit)?.name ?? awardee.nominee.unit, awardee.titleName,
                          "\(awardee.year)", decision.number, decision.date.description, awardee.nominationID])
        }
        return CSVDownload.response(lines, filename: "quyet-dinh-\(decision.id).csv")
    }

    private func print(_ visible: (decision: AwardDecision, tenant: TenantServices)) -> DecisionPrint {
        DecisionPrint(visible.decision, organization: visible.tenant.organization, rules: visible.tenant.domain.rules)
    }

    /// The decision the path names, if the caller covers its authority or one of its awardees'
    /// units, with the caller's tenant.
    private func visible(_ context: LaurelRequestContext) async throws -> (decision: AwardDecision, tenant: TenantServices) {
        let (caller, tenant) = try context.requireCallerAndTenant()
        return (try await decision(context.parameters.get("decision") ?? "", for: caller, in: tenant), tenant)
    }

    /// Decision `id`, if `caller` covers its authority or one of its awardees' units (404 otherwise).
    package func decision(_ id: String, for caller: Caller, in tenant: TenantServices) async throws -> AwardDecision {
        guard (1...100).contains(id.count), id.unicodeScalars.allSatisfy({ FieldReader.identifierCharacters.contains($0) }),
              !id.contains("/"), let decision = try await tenant.commands.awardDecision(id).state else {
            throw Problem.notFound("no award decision '\(id.prefix(100))'")
        }
        let organization = tenant.organization
        guard caller.maySee(unit: decision.authority, in: organization)
                || decision.awardees.contains(where: { caller.maySee(unit: $0.nominee.unit, in: organization) }) else {
            throw Problem.notFound("no award decision '\(id)'")
        }
        return decision
    }

    static func isSymbol(_ symbol: String) -> Bool {
        !symbol.isEmpty && symbol.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

}

/// A decision as the API shows it.
struct AwardDecisionResource: Encodable {
    let id: String
    let number: String
    let authority: String
    let year: Int
    let date: LocalDate
    let place: String
    let subject: String
    let legalBases: [String]
    let signer: DecisionSigner
    let awardees: [Awardee]
    let recipients: [String]
    let corrects: String?
    let correction: String?
    let correctedBy: String?
    let links: [String: String]
    let checkpoint: String?

    init(decision: AwardDecision, checkpoint: String?) {
        id = decision.id
        number = decision.number
        authority = decision.authority
        year = decision.year
        date = decision.date
        place = decision.place
        subject = decision.subject
        legalBases = decision.legalBases
        signer = decision.signer
        awardees = decision.awardees
        recipients = decision.recipients
        corrects = decision.corrects
        correction = decision.correction
        correctedBy = decision.correctedBy
        let base = "/v1/award-decisions/\(decision.id)"
        links = ["document": "\(base)/document", "certificates": "\(base)/certificates", "awardees_csv": "\(base)/awardees.csv"]
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json"]
        if status == 201 { headers["Location"] = "/v1/award-decisions/\(id)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
