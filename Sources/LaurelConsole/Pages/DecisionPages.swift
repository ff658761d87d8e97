import Foundation
import Hummingbird
import LaurelServer
import Nominations

/// The approver's numbered award decisions: issued from the approvals queue for the nominations
/// ticked there, then shown with the links of their printed decision, certificates and list,
/// all through the API's own `AwardDecisionsController`.
extension Console {
    func addDecisionRoutes(to router: Router<LaurelRequestContext>) {
        router.post("decisions", use: form(DecisionForm.self) { request, context, visit, form in
            let fields: [String: JSONValue] = [
                "authority": .string(form.authority ?? ""), "date": .string(form.date ?? ""), "symbol": .string(form.symbol ?? ""),
                "subject": .string(form.subject ?? ""), "signed_by": .string(form.signedBy ?? ""),
                "signer_position": .string(form.signerPosition ?? ""), "nominations": .array((form.nominations ?? []).map(JSONValue.string)),
            ]
            let done = try await decisions.perform(fields: fields, caller: visit.caller, tenant: visit.tenant, trace: RequestTrace(request, context: context))
            return Self.redirect(to: "/decisions/\(done.id)", checkpoint: done.checkpoint)
        })
        router.get("decisions/:decision", use: page { _, context, visit in try await decisionPage(context, visit) })
        router.get("decisions/:decision/document", use: page { _, context, visit in
            try await decisions.printable(.document, id: context.parameters.get("decision") ?? "", for: visit.caller, in: visit.tenant)
        })
        router.get("decisions/:decision/certificates", use: page { _, context, visit in
            try await decisions.printable(.certificates, id: context.parameters.get("decision") ?? "", for: visit.caller, in: visit.tenant)
        })
        router.get("decisions/:decision/awardees.csv", use: page { _, context, visit in
            try await decisions.printable(.awardeesCSV, id: context.parameters.get("decision") ?? "", for: visit.caller, in: visit.tenant)
        })
    }

    /// The decision form beside the approvals queue: the authority (a unit the approver covers,
    /// theirs first), date, symbol, subject and signature; the nominations are ticked in the queue.
    func decisionFormModel(_ visit: Visit) -> [String: Any] {
        let organization = visit.tenant.organization
        let own = visit.caller.actor.unit
        let units = [own] + organization.units.map(\.code).filter { $0 != own && visit.caller.maySee(unit: $0, in: organization) }
        return [
            "authorities": units.map { ["value": $0, "label": unitName($0, of: visit.tenant)] },
            "date": visit.tenant.commands.today().description, "signedBy": visit.name,
        ]
    }

    /// One decision: its number, date, authority, signature and awardees, with the links of its
    /// printed forms.
    func decisionPage(_ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let decision = try await decisions.decision(context.parameters.get("decision") ?? "", for: visit.caller, in: visit.tenant)
        let language = visit.language
        var model = layout(visit, title: language.text("decision.title").replacingOccurrences(of: "%@", with: decision.number), current: "")
        let base = "/decisions/\(decision.id)"
        model["decision"] = [
            "number": decision.number, "date": VietnamTime.day(decision.date.description, language: language),
            "authority": unitName(decision.authority, of: visit.tenant), "subject": decision.subject,
            "signer": "\(decision.signer.position) \(decision.signer.name)",
            "document": "\(base)/document", "certificates": "\(base)/certificates", "csv": "\(base)/awardees.csv",
        ]
        model["awardees"] = decision.awardees.map {
            ["id": $0.nominationID, "nominee": $0.nominee.name, "title": $0.titleName, "year": $0.year, "unit": unitName($0.nominee.unit, of: visit.tenant)]
        }
        return try renderer.render("decision", model, language: language)
    }
}

/// A numbered decision for the nominations ticked in the approvals queue.
struct DecisionForm: ConsoleForm {
    let csrf: String?
    let authority: String?
    let date: String?
    let symbol: String?
    let subject: String?
    let signedBy: String?
    let signerPosition: String?
    let nominations: [String]?
}
