import EventStore
import Hummingbird

/// `/v1/integrity`: the whole log's verification report, and sealing it.
package struct IntegrityController {
    let services: LaurelServices

    /// Who may verify the whole log: it spans every unit.
    package static let verifiers: Set<String> = [Caller.auditor, Caller.administrator, "standing_office"]

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("integrity", use: verify)
        group.post("integrity/seals", use: seal)
    }

    /// Recomputes every stream's hash chain and every seal; reports each break precisely.
    @Sendable func verify(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<IntegrityReport> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        try requireInstallationTenant(tenant)
        guard !caller.actor.roles.isDisjoint(with: Self.verifiers) else {
            throw Problem.forbidden("verifying the whole log is for auditors, administrators and the standing office")
        }
        return JSONResponse(try await services.store.verifyAll())
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

    /// The whole log holds every tenant's streams, and its report and seals count them all: they
    /// are the installation's, verified and sealed by the process's own tenant. Another tenant
    /// verifies its nominations one by one (`/v1/nominations/{id}/integrity`).
    private func requireInstallationTenant(_ tenant: TenantServices) throws(Problem) {
        guard tenant.id == services.tenants.defaultTenant.id else {
            throw Problem.forbidden("the whole log spans every agency of the installation: its operators verify and seal it")
        }
    }
}
