import Foundation
import Hummingbird
import HTTPTypes
import LaurelServer
import Logging
import Nominations

/// The cookie holding the sign-in form's CSRF token until a session exists (double submit).
let signInCookie = "laurel_signin"

extension Console {
    /// The sign-in page, with a fresh form token in a cookie beside the form.
    @Sendable func signInPage(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        try await signInForm(request, message: nil, status: .ok)
    }

    private func signInForm(
        _ request: Request, message: String?, status: HTTPResponse.Status, login: String = "", agency: String? = nil
    ) async throws -> Response {
        let language = Language(request)
        let token = SessionStore.randomHex()
        var model = layout(nil, title: language.text("signin.title"), current: "")
        model["signInToken"] = token
        model["login"] = login
        if let message { model["message"] = message }
        // The agencies this installation serves, its own first: chosen only when there are others.
        let own = services.tenants.defaultTenant
        let registered = try await services.tenants.registry.names()
        if !registered.isEmpty {
            let chosen = agency ?? own.id
            model["chooseAgency"] = true
            model["agencies"] = ([(id: own.id, name: own.organization.units.first?.name ?? own.id)] + registered).map {
                ["id": $0.id, "name": $0.name, "selected": $0.id == chosen] as [String: Any]
            }
        }
        var response = try renderer.render("sign-in", model, language: language, status: status)
        response.setCookie(Cookie(name: signInCookie, value: token, path: "/", secure: Self.isSecure(request), httpOnly: true,
                                  sameSite: .strict))
        return keepLanguage(response, request)
    }

    /// Signs in: refused while the login waits or is locked after failures; a wrong password
    /// counts a failure; a right one starts a session and forgets the failures.
    @Sendable func signIn(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        do {
            return try await attemptSignIn(request, context: context)
        } catch {
            return try errorPage(error, language: Language(request), visit: nil, back: "/sign-in")
        }
    }

    private func attemptSignIn(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        let language = Language(request)
        let form = try await readForm(SignInForm.self, request)
        guard let expected = request.cookies[signInCookie]?.value, let token = form.csrf, constantTimeEqual(token, expected) else {
            return try errorPage(CSRFRefusal(), language: language, visit: nil)
        }
        let login = (form.login ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let agency = form.agency.flatMap { $0.isEmpty ? nil : $0 }
        // An agency that is not served is answered as a wrong password, after a bcrypt check all
        // the same: the answer and its time tell nothing of which logins exist where.
        let tenant = try await services.tenants.tenant(agency)
        let tenantID = tenant?.id ?? agency ?? ""
        let now = now()
        let record = try await failures.record(of: login, tenant: tenantID)
        switch policy.refusal(record, now: now) {
        case .locked(let until)?:
            let when = VietnamTime.text(until, language: language)
            return try await signInForm(request, message: language.text("signin.locked").replacingOccurrences(of: "%@", with: when),
                                        status: .forbidden, login: login, agency: agency)
        case .wait(let until)?:
            let seconds = String(Int(until.timeIntervalSince(now).rounded(.up)))
            return try await signInForm(request, message: language.text("signin.wait").replacingOccurrences(of: "%@", with: seconds),
                                        status: .tooManyRequests, login: login, agency: agency)
        case nil:
            break
        }
        let account = if let tenant, Account.isValidLogin(login) { try await tenant.commands.account(login).state } else { Account() }
        let usable = account.exists && !account.isDisabled
        guard try await Passwords.verify(form.password ?? "", hash: usable ? account.passwordHash : nil), let tenant else {
            if tenant != nil { try await failures.save(policy.failing(record, now: now), of: login, tenant: tenantID) }
            context.logger.notice("console sign-in failed", metadata: ["login": .string(login), "tenant": .string(tenantID)])
            return try await signInForm(request, message: language.text("signin.failed"), status: .unauthorized, login: login,
                                        agency: agency)
        }
        try await failures.clear(login, tenant: tenant.id)
        let (sessionToken, session) = try await sessions.start(login: login, tenant: tenant.id, now: now)
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(Cookie(name: sessionCookie, value: sessionToken, expires: session.expiresAt, path: "/",
                                  secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: signInCookie, value: "", maxAge: 0, path: "/", secure: Self.isSecure(request),
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    /// Ends the session: its row is deleted and the cookie cleared.
    func signOut(_ request: Request, _ visit: Visit) async throws -> Response {
        if let token = request.cookies[sessionCookie]?.value { try await sessions.end(token: token) }
        var response = Response.redirect(to: "/sign-in", type: .normal)
        response.setCookie(Cookie(name: sessionCookie, value: "", maxAge: 0, path: "/", secure: Self.isSecure(request),
                                  httpOnly: true, sameSite: .strict))
        return response
    }
}
