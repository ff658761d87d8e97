import Foundation
import Hummingbird
import LaurelServer
import Nominations

extension Console {
    /// What every signed-in page's layout shows: the person, their unit and roles, the
    /// navigation of their roles (the current page marked), the sign-out form's token and the
    /// other language's link.
    func layout(_ visit: Visit?, title: String, current: String, request: Request? = nil) -> [String: Any] {
        let language = visit?.language ?? .vietnamese
        var model: [String: Any] = ["title": title, "langQuery": Self.languageQuery(language == .vietnamese ? "en" : "vi", request)]
        guard let visit else { return model }
        let roles = visit.caller.actor.roles
        var links: [(String, String)] = [("/nominations", "nav.nominations"), ("/overdue", "nav.overdue"), ("/statistics", "nav.statistics"),
                                         ("/emulation", "nav.emulation"), ("/medals/commemorative", "nav.medals"), ("/workflows", "nav.workflows")]
        if roles.contains("unit_officer") { links += [("/nominations/new", "nav.submit"), ("/lists/new", "nav.lists")] }
        if roles.contains("standing_office") { links.append(("/intake", "nav.intake")) }
        if roles.contains("council_secretary") || roles.contains("standing_office") { links.append(("/sessions", "nav.sessions")) }
        if roles.contains("head_of_agency") || roles.contains(HeadDelegations.deputyRole) { links.append(("/approvals", "nav.approvals")) }
        if !roles.isDisjoint(with: IntegrityController.verifiers) { links.append(("/integrity", "nav.integrity")) }
        if roles.contains(Caller.administrator) { links.append(("/accounts", "nav.accounts")) }
        model["nav"] = links.map { ["href": $0.0, "label": language.text($0.1), "current": $0.0 == current] }
        model["user"] = [
            "name": visit.name,
            "unit": unitName(visit.caller.actor.unit, of: visit.tenant),
            "roles": roles.sorted().map { language.text("role.\($0)") }.joined(separator: ", "),
        ]
        model["csrf"] = visit.session.csrfSecret
        return model
    }

    /// The query of the link to the other language: `lang=en`, after the parameters of `request`
    /// when the page passes it (a ranking's `group`, the emulation page's `year`), so the link
    /// shows the same page.
    static func languageQuery(_ other: String, _ request: Request?) -> String {
        let kept = request.map { request in
            request.uri.queryParameters.filter { $0.key != "lang" }.map { "\(queryValue($0.key))=\(queryValue($0.value))" }
        } ?? []
        return (kept + ["lang=\(other)"]).joined(separator: "&")
    }

    /// The characters a URL's query keeps as they are (RFC 3986's unreserved: ASCII only).
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` as a value in a URL's query: percent-encoded but for letters, digits and `-._~`.
    static func queryValue(_ text: some StringProtocol) -> String {
        String(text).addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// A unit's name from the tenant's organisation, or its code.
    func unitName(_ code: String, of tenant: TenantServices) -> String {
        tenant.organization.unit(code: code)?.name ?? code
    }

    /// A cluster's or bloc's name in the page's language.
    func groupName(_ group: EmulationGroup, _ language: Language) -> String {
        language == .english ? group.englishName : group.name
    }

    /// Points as the page writes them: Vietnamese with a decimal comma (92,5).
    func decimal(_ points: Points, _ language: Language) -> String {
        language == .vietnamese ? points.description.replacingOccurrences(of: ".", with: ",") : points.description
    }

    /// The page an error shows: the problem's title and detail, and the rule (its stable code)
    /// for a refusal by the rules; never a stack or raw JSON. A 401 sends the person to sign in.
    ///
    /// - Parameter back: where its link goes back to.
    func errorPage(_ error: any Error, language: Language, visit: Visit?, back: String = "/") throws -> Response {
        let status: HTTPResponse.Status
        var model = layout(visit, title: language.text("error.title"), current: "")
        if error is CSRFRefusal {
            status = .forbidden
            model["detail"] = language.text("error.csrf")
        } else {
            let problem = Problem.from(error)
            if problem.statusCode == 401 { return Response.redirect(to: "/sign-in") }
            status = problem.status
            model["title"] = language.strings["status.\(problem.statusCode)"] ?? problem.title
            model["detail"] = problem.statusCode == 404 ? language.text("error.not_found.detail") : problem.detail
            // What the rule that refused means, in the page's language, before the rule's own words.
            if problem.statusCode != 404 { model["explanation"] = language.strings["problem.\(problem.code)"] }
            // The rule that refused: the problem's stable code (never for an internal error).
            if problem.statusCode != 404 && problem.statusCode < 500 { model["rule"] = problem.code }
            model["fields"] = (problem.errors ?? []).map { ["field": $0.field, "reason": $0.reason] }
        }
        model["status"] = status.code
        model["back"] = back
        return try renderer.render("error", model, language: language, status: status)
    }
}
