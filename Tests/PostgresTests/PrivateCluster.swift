import Foundation
import Logging
import Postgres
import Synchronization

/// A PostgreSQL cluster of a test's own, in a temporary directory, for tests that stop or
/// restart the server: the shared test cluster must never go down under the suites running in
/// parallel on it. Removed (server stopped, directory deleted) by `remove()`.
struct PrivateCluster {
    let directory: URL
    let cluster: EmbeddedCluster

    init() {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("laurel-private-\(UUID().uuidString.prefix(8))")
        cluster = EmbeddedCluster(
            dataDirectory: directory.appendingPathComponent("pgdata"),
            settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                       "shared_buffers": "16MB"])
    }

    func configuration() throws -> PostgresConfiguration {
        PostgresConfiguration(try cluster.url(), applicationName: "laurel-tests-private")
    }

    /// Starts the server; on failure the error carries the server's log, which `remove()`
    /// deletes.
    @discardableResult
    func start() async throws -> String {
        do {
            return try await cluster.start()
        } catch {
            let log = (try? String(contentsOf: cluster.dataDirectory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw PostgresError(code: .clusterFailed, message: "\(error)\nserver.log:\n\(log.suffix(2_000))")
        }
    }

    func restart() async throws {
        try await cluster.stop()
        try await start()
    }

    func remove() {
        cluster.stopImmediately()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a started private cluster and removes the cluster afterwards, whatever
    /// happens.
    static func with<T>(_ body: (PrivateCluster) async throws -> T) async throws -> T {
        let cluster = PrivateCluster()
        defer { cluster.remove() }
        try await cluster.start()
        return try await body(cluster)
    }
}

/// A swift-log handler that keeps every message, for tests that check what was logged.
struct CollectingLogHandler: LogHandler {
    final class Store: Sendable {
        private let entries = Mutex<[(Logger.Level, String)]>([])
        func append(_ level: Logger.Level, _ message: String) { entries.withLock { $0.append((level, message)) } }
        var messages: [String] { entries.withLock { $0.map(\.1) } }
        var all: [(Logger.Level, String)] { entries.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(event.level, event.message.description)
    }

    /// A logger whose messages all land in the returned store.
    static func logger(_ label: String) -> (Logger, Store) {
        let store = Store()
        return (Logger(label: label, factory: { _ in CollectingLogHandler(store: store) }), store)
    }
}
