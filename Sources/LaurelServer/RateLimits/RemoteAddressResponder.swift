import Hummingbird
import NIOCore

/// The router's responder, given the address of the connection each request came on.
///
/// The rate limits tell clients apart by that address, which Hummingbird hands only to the
/// initializer of the context the application makes for each request (as the channel), and which
/// `LaurelRequestContext` does not keep. The application makes this responder's context instead:
/// it keeps the address beside the router's context and lends it to the router's middleware as
/// ``ConnectionAddress/current`` while the request is handled.
struct RemoteAddressResponder<Routed: HTTPResponder<LaurelRequestContext>>: HTTPResponder {
    struct Context: InitializableFromSource {
        let routed: LaurelRequestContext
        let remoteAddress: SocketAddress?

        init(source: ApplicationRequestContextSource) {
            routed = LaurelRequestContext(source: source)
            remoteAddress = source.channel.remoteAddress
        }
    }

    let routed: Routed

    func respond(to request: Request, context: Context) async throws -> Response {
        try await ConnectionAddress.$current.withValue(context.remoteAddress) {
            try await routed.respond(to: request, context: context.routed)
        }
    }
}

/// The address of the connection the request being handled came on.
enum ConnectionAddress {
    /// Nil outside ``RemoteAddressResponder`` and for connections without an IP address.
    @TaskLocal static var current: SocketAddress?
}
