import EventStore
import Hummingbird

/// `/v1/integrity`: the verification report of the caller's tenant's streams and of the log's
/// seals, and sealing the log.
package struct IntegrityController {
    let services: LaurelServices

    /// Who may verify the whole log: it spans every unit.
    package static let verifiers: Set<String> = [Caller.auditor, Caller.administrator, "standing_office"]

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("integrity", use: verify)
        group.post("integrity/seals", use: seal)
    }

    /// Recomputes the hash chain of every stream of the caller's tenant, and every seal; reports
    /// each break precisely. Seals span every tenant, and a broken one names only its number.
    @Sendable func verify(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<IntegrityReport> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        guard !caller.actor.roles.isDisjoint(with: Self.verifiers) else {
            throw Problem.forbidden("verifying the whole log is for auditors, administrators and the standing office")
        }
        return JSONResponse(try await services.store.verifyAll(tenant: tenant.id))
    }

    /// Seals the log up to now: a signed-off digest that later tampering cannot match.
    @Sendable func seal(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: [Caller.administrator])
        try requireInstallationTenant(input.tenant)
        try input.body.finish()
        guard let seal = try await services.store.seal() else {
            return Response(status: .noContent)
        }
        return try JSONResponse(seal).response(from: request, context: context)
    }

    /// The log's seals cover every tenant's events: they are the installation's, made by the
    /// process's own tenant.
    private func requireInstallationTenant(_ tenant: TenantServices) throws(Problem) {
        guard tenant.id == services.tenants.defaultTenant.id else {
            throw Problem.forbidden("seals cover every agency of the installation: its operators make them")
        }
    }
}
