import Foundation
import Hummingbird
import HTTPTypes
import LaurelServer
import Nominations

/// A signed-in request: who, from which session, in which language.
struct Visit: Sendable {
    let caller: Caller
    /// The tenant (agency) the caller acts in: their account's, chosen at sign-in.
    let tenant: TenantServices
    let session: ConsoleSession
    let language: Language
    /// The account's person, as the navigation greets them.
    let name: String
}

/// The session cookie's name.
let sessionCookie = "laurel_session"

extension Console {
    /// The visit a request's session cookie stands for: nil without a cookie, or for a session
    /// ended, expired, or of an account since disabled. Roles and unit are read from the
    /// account's stream on every request, so a change applies at once.
    func visit(_ request: Request) async throws -> Visit? {
        guard let token = request.cookies[sessionCookie]?.value, !token.isEmpty,
              let session = try await sessions.find(token: token, now: now()) else { return nil }
        // The session's agency, as it is now: one no longer served signs its people out.
        guard let tenant = try await services.tenants.tenant(session.tenant) else { return nil }
        let account = try await tenant.commands.account(session.login).state
        guard account.exists, !account.isDisabled else { return nil }
        return Visit(caller: Caller(actor: Actor(id: session.login, roles: account.roles, unit: account.unit), displayName: account.name),
                     tenant: tenant,
                     session: session, language: Language(request), name: account.name)
    }

    /// A page for signed-in people: others are sent to sign in; any error becomes a readable page.
    func page(
        _ body: @escaping @Sendable (Request, LaurelRequestContext, Visit) async throws -> Response
    ) -> @Sendable (Request, LaurelRequestContext) async throws -> Response {
        { request, context in
            let language = Language(request)
            var shown: Visit?
            do {
                guard let visit = try await visit(request) else { return Response.redirect(to: "/sign-in") }
                shown = visit
                var context = context
                context.caller = visit.caller
                context.tenant = visit.tenant
                return keepLanguage(try await body(request, context, visit), request)
            } catch {
                // A refused form goes back to the page it came from: its path without the action.
                let back = request.method == .post ? String(request.uri.path.split(separator: "/").dropLast().joined(separator: "/")) : ""
                return keepLanguage(try errorPage(error, language: language, visit: shown, back: "/" + back), request)
            }
        }
    }

    /// A form's POST for signed-in people: the body is read as `Form`, and refused with 403
    /// unless it carries the session's CSRF token.
    func form<Form: ConsoleForm>(
        _ type: Form.Type,
        _ body: @escaping @Sendable (Request, LaurelRequestContext, Visit, Form) async throws -> Response
    ) -> @Sendable (Request, LaurelRequestContext) async throws -> Response {
        page { request, context, visit in
            let form = try await readForm(Form.self, request)
            try requireToken(form, visit)
            return try await body(request, context, visit, form)
        }
    }

    /// Refuses (403) a form without the session's CSRF token.
    func requireToken(_ form: some ConsoleForm, _ visit: Visit) throws {
        guard let token = form.csrf, constantTimeEqual(token, visit.session.csrfSecret) else { throw CSRFRefusal() }
    }

    /// The request's URL-encoded form as `Form` (at most the settings' body size).
    func readForm<Form: Decodable>(_ type: Form.Type, _ request: Request) async throws -> Form {
        var request = request
        let buffer = try await request.collectBody(upTo: services.settings.maxBodyBytes)
        return try decodeForm(Form.self, String(buffer: buffer))
    }

    /// URL-encoded fields as `Form`.
    func decodeForm<Form: Decodable>(_ type: Form.Type, _ text: String) throws -> Form {
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: text)
        } catch where error is DecodingError || error is URLEncodedFormError {
            // A form no page of the console sends: the request's fault, not the service's.
            throw Problem.invalid(field: "", "the form's fields cannot be read")
        }
    }

    /// Sets the language cookie when the request chose one with `?lang=`.
    func keepLanguage(_ response: Response, _ request: Request) -> Response {
        guard Language.isChosen(in: request) else { return response }
        var response = response
        response.setCookie(Cookie(name: Language.cookie, value: Language(request).rawValue, maxAge: 31_536_000, path: "/",
                                   secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    /// Whether the request came over TLS: to this server, or to a proxy that says so.
    static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.forwardedProto]?.lowercased() == "https"
    }
}

/// A POST without the session's CSRF token: refused with 403.
struct CSRFRefusal: Error {}

/// Compares two secrets in time that does not depend on where they differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

extension HTTPField.Name {
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
