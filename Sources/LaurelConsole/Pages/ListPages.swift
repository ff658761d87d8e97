import EventStore
import Foundation
import Hummingbird
import LaurelServer
import Nominations

/// The unit officer's year-end list: a CSV file uploaded whole, read and stored by the API's own
/// `NominationListsController` (all rows or none, each bad row listed by number, field and reason),
/// and the list as stored.
extension Console {
    func addListRoutes(to router: Router<LaurelRequestContext>) {
        router.get("lists/new", use: page { _, _, visit in try listUploadPage(visit, problem: nil, form: nil) })
        router.post("lists", use: page { request, context, visit in
            let (form, files) = try await readUpload(ListForm.self, request, files: "file", fileBytes: services.settings.maxListBytes)
            try requireToken(form, visit)
            do {
                let checkpoint = try await lists.submitCSV(
                    listID: form.list ?? "", unit: visit.caller.actor.unit, year: form.year ?? "", csv: files.first?.content ?? Data(),
                    caller: visit.caller, tenant: visit.tenant, trace: RequestTrace(request, context: context))
                return Self.redirect(to: "/lists/\(form.list ?? "")", checkpoint: checkpoint)
            } catch {
                let problem = Problem.from(error)
                guard problem.statusCode < 500, problem.statusCode != 401 else { throw error }
                return try listUploadPage(visit, problem: problem, form: form)
            }
        })
        router.get("lists/:list", use: page { request, context, visit in
            let checkpoint = request.uri.queryParameters.get("checkpoint").flatMap(visit.tenant.checkpoints.checkpoint(in:))
            return try await listPage(context.parameters.get("list") ?? "", checkpoint: checkpoint, visit)
        })
    }

    /// The upload form: the list's id, the year, the CSV file and its columns; after a refusal,
    /// the problem with each bad row.
    func listUploadPage(_ visit: Visit, problem: Problem?, form: ListForm?) throws -> Response {
        guard visit.caller.actor.roles.contains("unit_officer") else {
            throw Problem.forbidden("a year-end list is sent by its unit's officer")
        }
        let language = visit.language
        var model = layout(visit, title: language.text("lists.title"), current: "/lists/new")
        let year = form?.year ?? String(visit.tenant.commands.today().year)
        model["form"] = ["list": form?.list ?? "L-\(visit.caller.actor.unit)-\(year)", "year": year, "unit": unitName(visit.caller.actor.unit, of: visit.tenant)]
        if let problem { model["problem"] = problemModel(problem, language: language) }
        return try renderer.render("list-upload", model, language: language, status: problem.map(\.status) ?? .ok)
    }

    /// A list as stored: its unit, year and rows, each row's nomination and whether it was taken in or returned.
    func listPage(_ listID: String, checkpoint: LogCheckpoint?, _ visit: Visit) async throws -> Response {
        let (list, _) = try await lists.list(listID, for: visit.caller, in: visit.tenant)
        try await services.waitForReadModel("nominations", checkpoint: checkpoint)
        let language = visit.language
        var model = layout(visit, title: language.text("list.title_one").replacingOccurrences(of: "%@", with: list.id), current: "")
        model["list"] = ["id": list.id, "unit": unitName(list.unit, of: visit.tenant), "year": list.year, "count": list.nominations.count,
                         "submitted": VietnamTime.day(list.submittedOn.description, language: language)]
        model["rows"] = list.nominations.enumerated().map { index, id -> [String: Any] in
            let status = list.takenIn.contains(id) ? "list.taken_in" : list.returned.contains(id) ? "list.returned" : "list.waiting"
            return ["row": index + 1, "id": id, "status": language.text(status)]
        }
        return try renderer.render("list", model, language: language)
    }
}

/// A year-end list upload: its id and year (the file comes apart).
struct ListForm: ConsoleForm {
    let csrf: String?
    let list: String?
    let year: String?
}
