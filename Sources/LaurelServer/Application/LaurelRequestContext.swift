import Hummingbird
import NIOCore
import Nominations

/// The request context of every route: Hummingbird's core storage, the connection's address and
/// the authenticated caller.
public struct LaurelRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address of the connection the request came on, which the rate limits tell clients
    /// apart by; nil for a connection without one (the in-process test client).
    public let remoteAddress: SocketAddress?
    /// Set by `AuthenticationMiddleware` on `/v1` routes; nil on the public ones.
    public var caller: Caller?
    /// The tenant the caller acts in, from its token; set with ``caller``. Every query and command
    /// of the request is this tenant's.
    public var tenant: TenantServices?
    /// Shared by every copy of this request's context, for the access log.
    public let access = RequestAccess()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The caller, or 401 when the route was reached without authentication.
    func requireCaller() throws(Problem) -> Caller {
        guard let caller else { throw Problem.unauthenticated("a bearer token is required") }
        return caller
    }

    /// The caller's tenant, or 401 when the route was reached without authentication.
    func requireTenant() throws(Problem) -> TenantServices {
        try requireCallerAndTenant().1
    }

    /// The caller and its tenant, or 401 when the route was reached without authentication.
    func requireCallerAndTenant() throws(Problem) -> (Caller, TenantServices) {
        guard let caller, let tenant else { throw Problem.unauthenticated("a bearer token is required") }
        return (caller, tenant)
    }
}

/// Who is calling, from a verified token. The actor recorded in events comes from here, never
/// from a request body.
public struct Caller: Sendable, Equatable {
    public let actor: Actor
    public let displayName: String

    public init(actor: Actor, displayName: String) {
        self.actor = actor
        self.displayName = displayName
    }

    /// Readers of everything who may change nothing.
    public static let auditor = "auditor"
    /// Operators: integrity seals and everything an auditor reads.
    public static let administrator = "administrator"
    /// Roles that act on behalf of the agency rather than one unit.
    static let agencyRoles: Set<String> = ["standing_office", "council_secretary", "head_of_agency", HeadDelegations.deputyRole, "inspector",
                                           auditor, administrator]

    /// Whether the caller holds no agency role (a unit officer only): council sessions are not theirs to read.
    public var isUnitScoped: Bool { actor.roles.isDisjoint(with: Self.agencyRoles) }

    /// Whether the caller may only read.
    public var isReadOnly: Bool { actor.roles.isSubset(of: [Self.auditor]) }

    /// The units the caller reads, as it acts on them: those its token's unit covers in the
    /// organisation's hierarchy; nil for all of them (a sector-wide role, or the unit at the top).
    public func scope(in organization: Organization) -> [String]? {
        guard actor.roles.isDisjoint(with: organization.sectorWideRoles) else { return nil }
        let covered = organization.unitsCovered(by: actor.unit)
        return covered.count == organization.units.count ? nil : covered
    }

    /// Whether the caller may see a nomination (or a council) of `unit`.
    public func maySee(unit: String, in organization: Organization) -> Bool {
        scope(in: organization)?.contains(unit) ?? true
    }

    /// The units a list or report covers when the query asked for `asked`: that unit if the
    /// caller covers it (another is 403), else every unit the caller covers (nil: all).
    package func units(forQuery asked: String?, in organization: Organization) throws -> [String]? {
        let scope = scope(in: organization)
        guard let asked else { return scope }
        if let scope, !scope.contains(asked) {
            throw Problem.forbidden("\(actor.unit) does not cover \(asked): its nominations and reports are not yours to read")
        }
        return [asked]
    }
}
