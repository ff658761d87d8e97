import Foundation
import NIOCore

/// The rate limits of the service's clients, told apart by address: requests per second, and
/// failed authentications per minute.
///
/// Failed authentications are counted by the client's address, never by what its token claims, so
/// nobody can lock a user out by sending bad tokens in that user's name; a client over the limit
/// gets 429 for every request until the limit lets it try again. A client is the address of the
/// connection, or the last address of `X-Forwarded-For` when the connection comes from one of
/// `server.trusted_proxies`: the hop that proxy added itself, since every earlier one is whatever
/// the client chose to send.
public final class ClientLimits: Sendable {
    let requests: TokenBuckets?
    let failedAuthentications: TokenBuckets?
    let trustedProxies: Set<String>
    let exemptsLoopback: Bool
    let now: @Sendable () -> ContinuousClock.Instant

    /// - Parameter now: the clock the buckets fill by; tests pass one they move.
    public init(settings: ServerSettings, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        requests = settings.requestsPerSecond == 0 ? nil
            : TokenBuckets(perSecond: Double(settings.requestsPerSecond), burst: settings.requestBurst)
        failedAuthentications = settings.failedAuthenticationsPerMinute == 0 ? nil
            : TokenBuckets(perSecond: Double(settings.failedAuthenticationsPerMinute) / 60,
                           burst: settings.failedAuthenticationsPerMinute)
        trustedProxies = Set(Self.entries(of: settings.trustedProxies).compactMap(Self.canonical))
        exemptsLoopback = settings.rateLimitExemptsLoopback
        self.now = now
    }

    /// The client a request counts against, from the connection's address and the request's
    /// `X-Forwarded-For` values; nil when it is not limited: no network address (an in-process
    /// client), or on this machine while loopback is exempt.
    func client(remote: SocketAddress?, forwardedFor: [String]) -> String? {
        guard let address = remote?.ipAddress.flatMap(Self.canonical) else { return nil }
        var client = address
        if trustedProxies.contains(address),
           let hop = forwardedFor.flatMap(Self.entries).last, let forwarded = Self.canonical(hop) {
            client = forwarded
        }
        return exemptsLoopback && Self.isLoopback(client) ? nil : client
    }

    /// Lets `client`'s request go on, or refuses it with 429: after too many failed
    /// authentications, or over its request rate (the request is counted then).
    func admit(_ client: String) throws(Problem) {
        let now = now()
        if let wait = failedAuthentications?.wait(for: client, at: now) {
            throw .tooManyRequests("too many failed authentications from this address; try again later",
                                   retryAfter: wait)
        }
        if let wait = requests?.take(client, at: now) {
            throw .tooManyRequests("too many requests from this address; slow down", retryAfter: wait)
        }
    }

    /// Counts a failed authentication (a 401) against `client`.
    func failedAuthentication(by client: String) {
        _ = failedAuthentications?.take(client, at: now())
    }

    /// Why `server.trusted_proxies` cannot be used: each entry must be an IP address.
    static func problems(trustedProxies: String) -> [String] {
        entries(of: trustedProxies).filter { canonical($0) == nil }.map {
            "server.trusted_proxies: '\($0)' is not an IP address"
        }
    }

    /// The comma-separated entries of a header value or setting, trimmed, empty ones left out.
    private static func entries(of list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// An IP address as NIO prints it, an IPv4 address mapped into IPv6 (how a dual-stack socket
    /// shows IPv4 clients) as IPv4; nil when `text` is not an IP address.
    static func canonical(_ text: String) -> String? {
        guard let address = try? SocketAddress(ipAddress: text, port: 0).ipAddress else { return nil }
        if address.hasPrefix("::ffff:"), let mapped = try? SocketAddress(ipAddress: String(address.dropFirst(7)), port: 0),
           case .v4 = mapped {
            return mapped.ipAddress
        }
        return address
    }

    private static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1"
    }
}
