import Foundation
import Hummingbird
import Metrics
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

    /// Prometheus text format: request latencies by route and status (Hummingbird's metrics
    /// middleware), append conflicts, projection lag and pool use (read now).
    @Sendable func metrics(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        let usage = await services.pool.usage
        for (state, count) in [("open", usage.open), ("idle", usage.idle), ("waiting", usage.waiting)] {
            Gauge(label: "laurel_pool_connections", dimensions: [("state", state)]).record(count)
        }
        Gauge(label: "laurel_pool_statements_queued").record(usage.queued)
        // The other metrics are still worth serving when the database does not answer; the
        // lag gauges then keep their last values, and the log says why they are stale.
        do {
            for status in try await services.projections.status() {
                Gauge(label: "laurel_projection_lag_events", dimensions: [("projection", status.name)]).record(status.lag)
            }
        } catch {
            context.logger.warning("/metrics could not read the projections' lag", metadata: ["error": "\(error)"])
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: LaurelMetrics.registry.emitToBuffer())))
    }

    @Sendable func openAPI(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"],
                 body: .init(byteBuffer: ByteBuffer(string: try OpenAPIDocument.text())))
    }
}

/// The OpenAPI 3.1 document shipped with the server (`Sources/LaurelServer/openapi.yaml`).
public enum OpenAPIDocument {
    public static func text() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw Problem.notFound("the OpenAPI document is missing from this build")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
