import Hummingbird
import LaurelServer
import Nominations
import Workflow

extension Console {
    /// The submission form: the titles of the rule set in force, the nominee, the summary and the
    /// dossier's documents. After a refusal it shows the problem and keeps what was typed.
    func submissionPage(_ visit: Visit, problem: Problem?, form: SubmissionForm? = nil, rows: [DossierDocument]? = nil) throws -> Response {
        let language = visit.language
        var model = layout(visit, title: language.text("submit.title"), current: "/nominations/new")
        let today = visit.tenant.commands.today()
        let titles = visit.tenant.domain.rules.ruleSet(inForceOn: today)?.titles.values.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) } ?? []
        model["titles"] = titles.map { ["value": $0.id, "label": "\($0.name) — \(language.text("kind.\($0.kind)"))", "selected": $0.id == form?.title] }
        let typed = rows ?? form.map(DossierRows.rows) ?? [
            DossierDocument(kind: "submission", title: "", sha256: ""), DossierDocument(kind: "achievement_summary", title: "", sha256: ""),
        ]
        model["documents"] = DossierRows.model(kinds: DossierRows.kinds(titles), rows: typed, language: language)
        model["limits"] = documentLimits()
        model["year"] = form?.year ?? String(today.year)
        model["collective"] = form?.nomineeType == "collective"
        model["form"] = [
            "nomineeId": form?.nomineeId ?? "", "nomineeName": form?.nomineeName ?? "", "position": form?.position ?? "",
            "size": form?.size ?? "", "summary": form?.summary ?? "",
        ]
        if let problem { model["problem"] = problemModel(problem, language: language) }
        return try renderer.render("submit", model, language: language, status: problem.map(\.status) ?? .ok)
    }

    /// Submits the form through the API's own submission (its readers, role check and handler),
    /// its files stored first and named by their SHA-256 in the dossier.
    func submit(
        _ form: SubmissionForm, files: [MultipartForm.Part], request: Request, context: LaurelRequestContext, visit: Visit
    ) async throws -> Response {
        var rows: [DossierDocument]?
        let title = form.title ?? ""
        let kind = visit.tenant.domain.rules.ruleSet(inForceOn: visit.tenant.commands.today())?.titles[title]?.kind ?? ""
        var nominee: [String: JSONValue] = [
            "type": .string(form.nomineeType ?? "individual"), "id": .string(form.nomineeId ?? ""),
            "name": .string(form.nomineeName ?? ""), "unit": .string(visit.caller.actor.unit),
        ]
        if form.nomineeType == "collective" {
            nominee["size"] = .string(form.size ?? "")
        } else {
            nominee["position"] = .string(form.position ?? "")
        }
        do {
            let documents = try await dossierRows(form, files: files, visit: visit)
            rows = documents
            let fields: [String: JSONValue] = [
                "kind": .string(kind), "title": .string(title), "year": .string(form.year ?? ""), "nominee": .object(nominee),
                "achievement_summary": .string(form.summary ?? ""), "documents": DossierRows.field(documents),
            ]
            let done = try await nominations.perform("submit", id: nil, fields: fields, caller: visit.caller, tenant: visit.tenant,
                                                     trace: RequestTrace(request, context: context))
            return Response.redirect(to: "/nominations/\(done.id)" + (done.checkpoint.map { "?checkpoint=\($0)" } ?? ""), type: .normal)
        } catch {
            let problem = Problem.from(error)
            guard problem.statusCode < 500, problem.statusCode != 401 else { throw error }
            return try submissionPage(visit, problem: problem, form: form, rows: rows)
        }
    }

    /// A problem as pages show it: title, detail, the rule (its code) and each invalid field.
    func problemModel(_ problem: Problem, language: Language) -> [String: Any] {
        [
            "problem": language.strings["status.\(problem.statusCode)"] ?? problem.title, "detail": problem.detail, "rule": problem.code,
            "fields": (problem.errors ?? []).map { error -> [String: Any] in
                var field: [String: Any] = ["field": error.field, "reason": error.reason]
                // Absent rather than empty, so that the page shows a row number and a code only when there is one.
                field["row"] = error.row
                field["code"] = error.code
                return field
            },
            "hasFields": !(problem.errors ?? []).isEmpty,
        ]
    }
}
