import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection of the load generator: a request, then its whole
/// response, one at a time, straight on NIO.
///
/// On two cores the load generator shares the machine with the server and PostgreSQL, so what
/// it spends per request is taken from them. AsyncHTTPClient (a connection pool, request
/// state machines, redirects, timeouts) cost about 0.2 ms of CPU a command, a seventh of the
/// machine at 1,000 commands/s; this does the one thing the benchmark needs.
struct BenchHTTPConnection {
    /// A response read whole.
    struct Response {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    /// A response that ended before its end, or a connection that closed.
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the server closed the connection" }
    }

    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private let host: String

    /// Connects to `host:port` and runs `body` with the connection; closes it afterwards.
    static func with<Result: Sendable>(
        host: String, port: Int, _ body: (inout BenchHTTPConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = BenchHTTPConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound, host: host)
            return try await body(&connection)
        }
    }

    /// Sends a request and reads its response.
    mutating func execute(method: HTTPMethod, path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        var parts: [HTTPClientRequestPart] = [.head(head)]
        if let body { parts.append(.body(.byteBuffer(body))) }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)

        guard case .head(let response)? = try await inbound.next() else { throw Closed() }
        var received = ByteBuffer()
        while true {
            switch try await inbound.next() {
            case .body(var chunk)?: received.writeBuffer(&chunk)
            case .end?: return Response(status: response.status, headers: response.headers, body: received)
            case .head?, nil: throw Closed()
            }
        }
    }
}
