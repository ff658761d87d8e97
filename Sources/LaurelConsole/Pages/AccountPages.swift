import EventStore
import Hummingbird
import LaurelServer
import Nominations

extension Console {
    func addAccountRoutes(to router: Router<LaurelRequestContext>) {
        router.get("accounts", use: page { request, _, visit in try await accountList(request, visit, problem: nil) })
        router.post("accounts", use: form(AccountForm.self) { request, context, visit, form in
            try await changeAccount(request, context, visit) { manager, acting in
                try await manager.create(login: form.login ?? "", name: form.name ?? "", unit: form.unit ?? "",
                                         roles: Set(form.roles ?? []), password: form.password ?? "", as: acting)
            }
        })
        router.post("accounts/:login/roles", use: form(AccountChangeForm.self) { request, context, visit, form in
            try await changeAccount(request, context, visit) { manager, acting in
                try await manager.run(.changeRoles(login: try login(context), roles: Set(form.roles ?? [])), as: acting)
            }
        })
        router.post("accounts/:login/unit", use: form(AccountChangeForm.self) { request, context, visit, form in
            try await changeAccount(request, context, visit) { manager, acting in
                try await manager.run(.changeUnit(login: try login(context), unit: form.unit ?? ""), as: acting)
            }
        })
        router.post("accounts/:login/disable", use: form(ReasonForm.self) { request, context, visit, form in
            try await changeAccount(request, context, visit) { manager, acting in
                try await manager.run(.disable(login: try login(context), reason: form.reason ?? ""), as: acting, reason: form.reason)
            }
        })
    }

    /// Every account, with the forms that create one and change each (administrators only).
    func accountList(_ request: Request, _ visit: Visit, problem: Problem?) async throws -> Response {
        try requireAdministrator(visit)
        let language = visit.language
        var model = layout(visit, title: language.text("accounts.title"), current: "/accounts")
        let checkpoint = request.uri.queryParameters.get("checkpoint").flatMap(visit.tenant.checkpoints.checkpoint(in:))
        try await services.waitForReadModel("accounts", checkpoint: checkpoint)
        let roles = visit.tenant.roles.sorted()
        let units = visit.tenant.organization.units.map { (code: $0.code, name: $0.name) }
        let after = request.uri.queryParameters.get("after").flatMap { Account.isValidLogin($0) ? $0 : nil }
        let accounts = try await services.accountQueries.list(tenant: visit.tenant.id, after: after, limit: 50)
        model["next"] = accounts.nextCursor.map { "/accounts?after=\($0)" }
        let locked = try await failures.locked(at: now(), tenant: visit.tenant.id)
        model["accounts"] = accounts.items.map { account -> [String: Any] in
            [
                "login": account.login, "name": account.name, "unit": unitName(account.unit, of: visit.tenant), "disabled": account.disabled,
                "hasPassword": account.hasPassword, "locked": locked.contains(account.login),
                "roleNames": account.roles.map { language.text("role.\($0)") }.joined(separator: ", "),
                "roles": roles.map { ["value": $0, "label": language.text("role.\($0)"), "checked": account.roles.contains($0)] },
                "units": units.map { ["value": $0.code, "label": $0.name, "selected": $0.code == account.unit] },
            ]
        }
        model["roles"] = roles.map { ["value": $0, "label": language.text("role.\($0)")] }
        model["units"] = units.map { ["value": $0.code, "label": $0.name] }
        if let problem { model["problem"] = problemModel(problem, language: language) }
        return try renderer.render("accounts", model, language: language, status: problem.map(\.status) ?? .ok)
    }

    /// Runs an account change as the signed-in administrator, then shows the list (with the
    /// refusal, if the rules refused it).
    private func changeAccount(
        _ request: Request, _ context: LaurelRequestContext, _ visit: Visit,
        _ change: (AccountManager, AccountManager.Acting) async throws -> LogCheckpoint?
    ) async throws -> Response {
        try requireAdministrator(visit)
        let trace = RequestTrace(request, context: context)
        do {
            let checkpoint = try await change(AccountManager(services: services, tenant: visit.tenant),
                                              .init(actor: visit.caller.actor, requestID: trace.requestID, correlationID: trace.correlationID))
            return Response.redirect(to: "/accounts" + (visit.tenant.checkpoints.token(for: checkpoint).map { "?checkpoint=\($0)" } ?? ""), type: .normal)
        } catch {
            let problem = Problem.from(error)
            guard problem.statusCode < 500 else { throw error }
            return try await accountList(request, visit, problem: problem)
        }
    }

    private func requireAdministrator(_ visit: Visit) throws {
        guard visit.caller.actor.roles.contains(Account.managerRole) else {
            throw Problem.forbidden("accounts are managed by administrators")
        }
    }

    private func login(_ context: LaurelRequestContext) throws -> String {
        let login = context.parameters.get("login") ?? ""
        guard Account.isValidLogin(login) else { throw Problem.notFound("no account has the login '\(login.prefix(64))'") }
        return login
    }
}
