import Foundation
import Hummingbird
import LaurelBuild
import LaurelDefaults
import Logging
import Postgres

/// Unauthenticated operational routes: liveness, readiness, metrics and the API contract.
struct OperationsController {
    let services: LaurelServices

    func addRoutes(to router: Router<LaurelRequestContext>) {
        router.get("healthz") { _, _ in JSONResponse(["status": "ok"]) }
        router.get("readyz", use: ready)
        router.get("metrics", use: metrics)
        router.get("openapi.yaml", use: openAPI)
    }

    /// Ready when the database answers and every migration this build knows is applied.
    @Sendable func ready(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<[String: String]> {
        let pending: [Migration]
        do {
            pending = try await services.pool.withConnection { try await services.migrator.pending($0) }
        } catch {
            throw Problem.unavailable("the database does not answer")
        }
        guard pending.isEmpty else {
            throw Problem.unavailable("migrations pending: \(pending.map(\.fileName).joined(separator: ", "))", retryAfter: 5)
        }
        return JSONResponse(["status": "ready"])
    }

    /// Prometheus text format: request latencies by route and status, append conflicts (the
    /// registry), and what is read now: the pool, the projections' lag, the work in the read
    /// models, the process and the build.
    @Sendable func metrics(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        var text = String(decoding: LaurelMetrics.registry.emitToBuffer(), as: UTF8.self)
        for family in await scrapeFamilies(logger: context.logger) + ProcessMetrics.families() {
            text += family.text
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The families read at scrape time. Those that need the database are left out when it does
    /// not answer, and the log says why: the others are still worth serving.
    private func scrapeFamilies(logger: Logger) async -> [MetricFamily] {
        var build = MetricFamily("laurel_build_info", .gauge, help: "Always 1; the labels name the running build.")
        build.add(1, ("version", LaurelVersion.version), ("commit", LaurelVersion.commit))
        let usage = await services.pool.usage
        var connections = MetricFamily("laurel_pool_connections", .gauge, help: "The connection pool's connections, by state.")
        for (state, count) in [("open", usage.open), ("idle", usage.idle), ("waiting", usage.waiting)] {
            connections.add(count, ("state", state))
        }
        var queued = MetricFamily("laurel_pool_statements_queued", .gauge, help: "Statements waiting for a pipelined connection.")
        queued.add(usage.queued)
        var families = [build, connections, queued]
        do {
            var lag = MetricFamily("laurel_projection_lag_events", .gauge, help: "Events in the log a read model has not applied yet.")
            for status in try await services.projections.status() {
                lag.add(status.lag, ("projection", status.name))
            }
            families.append(lag)
            // The process's own tenant's: the metrics are the operators', unauthenticated, and never another agency's.
            let tenant = services.tenants.defaultTenant
            let counts = try await services.readModels.operationalCounts(tenant: tenant.id, today: tenant.commands.today())
            var nominations = MetricFamily("laurel_nominations", .gauge, help: "Nominations by kind and current state.")
            for (key, count) in counts.nominations.sorted(by: { $0.key < $1.key }) {
                nominations.add(count, ("kind", key.kind), ("state", key.label))
            }
            var decisions = MetricFamily(
                "laurel_decisions_total", .counter,
                help: "Nominations decided, by kind and outcome, since the log began; its rate is decisions per day.")
            for (key, count) in counts.decisions.sorted(by: { $0.key < $1.key }) {
                decisions.add(count, ("kind", key.kind), ("outcome", key.label))
            }
            var breached = MetricFamily("laurel_deadlines_breached", .gauge, help: "Open stages past their deadline, by kind.")
            for (kind, count) in counts.breachedDeadlines.sorted(by: { $0.key < $1.key }) {
                breached.add(count, ("kind", kind))
            }
            families += [nominations, decisions, breached]
        } catch {
            logger.warning("/metrics could not read the read models", metadata: ["error": "\(error)"])
        }
        return families
    }

    @Sendable func openAPI(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"],
                 body: .init(byteBuffer: ByteBuffer(string: try OpenAPIDocument.text())))
    }
}

/// The OpenAPI 3.1 document shipped with the server (`Sources/LaurelServer/openapi.yaml`, built in).
public enum OpenAPIDocument {
    public static func text() throws -> String {
        guard !LaurelDefaults.openAPIDocument.isEmpty else {
            throw Problem.notFound("the OpenAPI document is missing from this build")
        }
        return LaurelDefaults.openAPIDocument
    }
}
