import Hummingbird
import Nominations

/// The request context of every route: Hummingbird's core storage plus the authenticated caller.
public struct LaurelRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` on `/v1` routes; nil on the public ones.
    public var caller: Caller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The caller, or 401 when the route was reached without authentication.
    func requireCaller() throws(Problem) -> Caller {
        guard let caller else { throw Problem.unauthenticated("a bearer token is required") }
        return caller
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
    static let agencyRoles: Set<String> = ["standing_office", "council_secretary", "head_of_agency", "inspector", auditor, administrator]

    /// Whether the caller sees only their own unit's nominations: a unit officer with no agency role.
    public var isUnitScoped: Bool { actor.roles.isDisjoint(with: Self.agencyRoles) }

    /// Whether the caller may only read.
    public var isReadOnly: Bool { actor.roles.isSubset(of: [Self.auditor]) }

    /// Whether the caller may see a nomination of `unit`.
    public func maySee(unit: String) -> Bool { !isUnitScoped || unit == actor.unit }

    /// The unit a list or report covers when the query asked for `asked`: a unit officer's own
    /// (asking for another is 403), anyone else's choice.
    func unit(forQuery asked: String?) throws -> String? {
        guard isUnitScoped else { return asked }
        if let asked, asked != actor.unit {
            throw Problem.forbidden("a unit officer sees only their own unit's nominations and reports")
        }
        return actor.unit
    }
}
