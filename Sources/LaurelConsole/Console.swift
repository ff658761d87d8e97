import Foundation
import Hummingbird
import HTTPTypes
import LaurelServer
import Nominations

/// The web console: pages for the people who do the work, served by `laurel serve` at `/`
/// beside the API at `/v1`.
///
/// Pages read and act through the API's own controllers and queries (``LaurelServices``), signed
/// in by a session cookie rather than a bearer token; the caller a session stands for is scoped
/// exactly as a token's is.
public struct Console: Sendable {
    let services: LaurelServices
    let nominations: NominationsController
    let councils: CouncilController
    let decisions: AwardDecisionsController
    let awardReports: AwardReportsController
    let statisticalReports: StatisticalReportsController
    let scores: ScoresController
    let medals: CommemorativeMedalController
    let lists: NominationListsController
    let renderer: PageRenderer
    let sessions: SessionStore
    let failures: SignInFailures
    let policy: SignInPolicy
    /// The time sessions and sign-in waits are measured against; tests move it.
    let now: @Sendable () -> Date

    /// - Parameter now: the clock, the system's unless a test moves one.
    public init(services: LaurelServices, now: @escaping @Sendable () -> Date = { Date() }) async throws {
        let settings = services.settings
        self.services = services
        nominations = NominationsController(services: services)
        councils = CouncilController(services: services)
        decisions = AwardDecisionsController(services: services)
        awardReports = AwardReportsController(services: services)
        statisticalReports = StatisticalReportsController(services: services)
        scores = ScoresController(services: services)
        medals = CommemorativeMedalController(services: services)
        lists = NominationListsController(services: services)
        renderer = try await PageRenderer()
        sessions = SessionStore(pool: services.pool, lifetime: TimeInterval(settings.consoleSessionMinutes * 60))
        failures = SignInFailures(pool: services.pool)
        policy = SignInPolicy(freeFailures: settings.consoleFreeFailures, firstDelay: TimeInterval(settings.consoleFailureDelaySeconds),
                              lockAfter: settings.consoleLockAfterFailures, lockDuration: TimeInterval(settings.consoleLockMinutes * 60))
        self.now = now
    }

    /// The console's routes, for ``LaurelApplication/router(_:limits:pages:)``.
    public var pages: LaurelApplication.RouteAdder {
        { router in addRoutes(to: router) }
    }

    func addRoutes(to router: Router<LaurelRequestContext>) {
        router.get("console.css", use: stylesheet)
        router.get("sign-in", use: signInPage)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: form(CSRFForm.self) { request, _, visit, _ in try await signOut(request, visit) })
        router.get("", use: page { _, _, visit in Response.redirect(to: home(for: visit.caller)) })
        addNominationRoutes(to: router)
        addQueueRoutes(to: router)
        addAccountRoutes(to: router)
        addIntegrityRoutes(to: router)
        addOverdueRoutes(to: router)
        addStatisticsRoutes(to: router)
        addEmulationRoutes(to: router)
        addRankingRoutes(to: router)
        addClusterYearRoutes(to: router)
        addScoreRoutes(to: router)
        addMedalRoutes(to: router)
        addWorkflowRoutes(to: router)
        addSessionRoutes(to: router)
        addDecisionRoutes(to: router)
        addListRoutes(to: router)
        // Last: it wraps only what no route above answers.
        router.add(middleware: ErrorPagesMiddleware(console: self))
    }

    /// The stylesheet, from the module's resources.
    @Sendable func stylesheet(_ request: Request, context: LaurelRequestContext) throws -> Response {
        guard let url = Bundle.module.url(forResource: "static/console", withExtension: "css") else {
            throw ConsoleSetupError(message: "the console's stylesheet is missing from its resources")
        }
        let headers: HTTPFields = [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try Data(contentsOf: url))))
    }

    /// Where a person lands after signing in: the page of their main role.
    func home(for caller: Caller) -> String {
        let roles = caller.actor.roles
        if roles.contains("standing_office") { return "/intake" }
        if roles.contains("head_of_agency") || roles.contains(HeadDelegations.deputyRole) { return "/approvals" }
        if roles.contains("council_secretary") { return "/sessions" }
        if roles == [Caller.administrator] { return "/accounts" }
        return "/nominations"
    }
}
