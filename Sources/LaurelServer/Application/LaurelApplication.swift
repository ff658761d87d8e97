import Hummingbird
import NIOCore
import Logging
import Projections
import ServiceLifecycle

/// Builds Laurel's HTTP application over opened `LaurelServices`.
public enum LaurelApplication {
    /// Adds routes to the application's router: how the console joins the API in one server.
    public typealias RouteAdder = @Sendable (Router<LaurelRequestContext>) -> Void

    /// Every route: the public operational ones, and `/v1` behind bearer authentication.
    ///
    /// Middleware order matters: the request's span outermost (everything the request does is
    /// inside it), then metrics (they see the final status), then the access
    /// log, then the security headers, then problem documents (every error becomes one, and
    /// carries those headers), then the rate limits (which see every 401), then authentication. The
    /// 405 check comes last, once every route is known: it only sees requests no route matched.
    ///
    /// - Parameters:
    ///   - limits: the clients' rate limits; by default from the settings, on the system clock.
    ///   - pages: adds the routes served beside `/v1` (the console's, at `/`), before the 405 check.
    public static func router(
        _ services: LaurelServices, limits: ClientLimits? = nil, pages: RouteAdder? = nil
    ) -> Router<LaurelRequestContext> {
        // HEAD is served wherever GET is (RFC 9110 §9.3.2): the GET's headers, no body.
        let router = Router(context: LaurelRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Names searched for are personal data: kept out of the spans.
        router.add(middleware: TracingMiddleware(redactingQueryParameters: ["q", "name"]))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        if !services.settings.corsOrigins.isEmpty {
            router.add(middleware: AllowedOriginsMiddleware(origins: services.settings.corsOrigins))
        }
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: NotAcceptableMiddleware())
        router.add(middleware: RateLimitMiddleware(limits: limits ?? ClientLimits(settings: services.settings)))
        OperationsController(services: services).addRoutes(to: router)
        let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(tenants: services.tenants))
        NominationsController(services: services).addRoutes(to: v1)
        CouncilController(services: services).addRoutes(to: v1)
        CouncilMembershipController(services: services).addRoutes(to: v1)
        DelegationsController(services: services).addRoutes(to: v1)
        AwardImportsController(services: services).addRoutes(to: v1)
        ServiceRecordImportsController(services: services).addRoutes(to: v1)
        CommemorativeMedalController(services: services).addRoutes(to: v1)
        PeopleController(services: services).addRoutes(to: v1)
        NominationListsController(services: services).addRoutes(to: v1)
        AwardDecisionsController(services: services).addRoutes(to: v1)
        RegistrationsController(services: services).addRoutes(to: v1)
        TaskRatingsController(services: services).addRoutes(to: v1)
        ScoringTablesController(services: services).addRoutes(to: v1)
        ScoresController(services: services).addRoutes(to: v1)
        RankingsController(services: services).addRoutes(to: v1)
        MovementsController(services: services).addRoutes(to: v1)
        ClusterYearsController(services: services).addRoutes(to: v1)
        ReportsController(services: services).addRoutes(to: v1)
        AwardReportsController(services: services).addRoutes(to: v1)
        StatisticalReportsController(services: services).addRoutes(to: v1)
        WorkflowsController(services: services).addRoutes(to: v1)
        IntegrityController(services: services).addRoutes(to: v1)
        DocumentsController(services: services).addRoutes(to: v1)
        pages?(router)
        router.add(middleware: MethodNotAllowedMiddleware(serving: router.routes))
        return router
    }

    /// The server with the projection runners as a service beside it. On SIGTERM or SIGINT the
    /// server stops accepting and finishes its requests first; then the runners stop (a batch
    /// in flight rolls back with its checkpoint, so nothing is applied twice). The tenant registry's
    /// watcher runs beside them, and with `auth.jwks_file` the file's too.
    ///
    /// - Parameters:
    ///   - limits: the clients' rate limits; by default from the settings, on the system clock.
    ///   - pages: adds the routes served beside `/v1` (the console's, at `/`).
    ///   - alongside: services to run with the server, such as the tracing exporter.
    ///   - onServerRunning: called with the port once the server listens (useful with port 0).
    public static func application(
        _ services: LaurelServices, runProjections: Bool = true, logger: Logger = Logger(label: "laurel.server"),
        limits: ClientLimits? = nil, pages: RouteAdder? = nil, alongside: [any Service] = [],
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var application = Application(
            router: router(services, limits: limits, pages: pages),
            configuration: .init(address: .hostname(services.settings.host, port: services.settings.port), serverName: "laurel"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? services.settings.port) },
            logger: logger)
        application.addServices(ShutdownNotice(logger: logger))
        application.addServices(alongside)
        if runProjections { application.addServices(ProjectionRunnerService(projections: services.projections)) }
        application.addServices(RepeatingService.tenantRefresh(tenants: services.tenants, logger: logger))
        if !services.settings.tokenKeySetFile.isEmpty {
            application.addServices(RepeatingService.tokenKeyReload(authority: services.tenants.defaultTenant.authority, logger: logger))
        }
        return application
    }
}

/// The read models' runners under swift-service-lifecycle.
struct ProjectionRunnerService: Service {
    let projections: ProjectionService

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await projections.run() }
    }
}
