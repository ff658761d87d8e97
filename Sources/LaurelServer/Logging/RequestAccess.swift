import Synchronization

/// What the access line needs to know from inside the request: who was authenticated.
///
/// The context is a value that each middleware copies and changes for the ones it calls, so the
/// authentication's caller never reaches the access log that wraps it; this one reference is
/// shared by every copy of the request's context.
public final class RequestAccess: Sendable {
    private let authenticated = Mutex<(actor: String, tenant: String)?>(nil)

    init() {}

    /// The authenticated actor's id and its tenant (an actor id means something within its
    /// tenant only), once authentication has run.
    var caller: (actor: String, tenant: String)? {
        get { authenticated.withLock { $0 } }
        set { authenticated.withLock { $0 = newValue } }
    }
}
