import Foundation
import Postgres
import Synchronization
import Testing

/// The database server the tests use: `LAUREL_TEST_DATABASE_URL` when set (a role that may
/// create databases), otherwise one embedded cluster of their own in a temporary directory,
/// started once per test process and removed when it exits.
///
/// If that cluster cannot start the tests fail: they never skip for want of a database.
public actor TestServer {
    public static let shared = TestServer()
    private var configuration: PostgresConfiguration?
    private var cluster: EmbeddedCluster?

    /// The superuser configuration of the server, starting it on first use.
    public func adminConfiguration() async throws -> PostgresConfiguration {
        if let configuration { return configuration }
        // Actors are reentrant: suites starting in parallel all get here while the first one
        // awaits the cluster, and must share its start instead of each starting a cluster.
        if let starting { return try await starting.value }
        let task = Task { try await self.startServer() }
        starting = task
        defer { starting = nil }
        return try await task.value
    }

    private var starting: Task<PostgresConfiguration, any Error>?

    private func startServer() async throws -> PostgresConfiguration {
        if let configuration { return configuration }
        let url: String
        if let override = ProcessInfo.processInfo.environment["LAUREL_TEST_DATABASE_URL"], !override.isEmpty {
            url = override
        } else {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("laurel-test-\(UUID().uuidString.prefix(8))")
            let cluster = EmbeddedCluster(
                dataDirectory: directory.appendingPathComponent("pgdata"),
                // Every suite runs at once, each test with pools of its own: 200 connections (the
                // embedded cluster's default) no longer held them all.
                settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300"])
            TestServer.registerCleanup(cluster: cluster, directory: directory)
            url = try await cluster.start()
            self.cluster = cluster
        }
        let configuration = PostgresConfiguration(url, applicationName: "laurel-tests")
        self.configuration = configuration
        return configuration
    }

    /// The embedded cluster, when the tests run their own (nil with `LAUREL_TEST_DATABASE_URL`).
    public func embeddedCluster() async throws -> EmbeddedCluster? {
        _ = try await adminConfiguration()
        return cluster
    }

    /// Creates an empty database and returns its configuration.
    public func createDatabase() async throws -> PostgresConfiguration {
        let admin = try await adminConfiguration()
        let name = "laurel_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        try await Connection.withConnection(admin) { try await $0.execute("CREATE DATABASE \(name)") }
        return admin.with(database: name)
    }

    /// Drops a database made by ``createDatabase()``, ending any session still in it.
    public func dropDatabase(_ configuration: PostgresConfiguration) async throws {
        guard let name = configuration.database else { return }
        try await Connection.withConnection(try await adminConfiguration()) {
            try await $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    private static let cleanup = Mutex<(EmbeddedCluster, URL)?>(nil)

    private static func registerCleanup(cluster: EmbeddedCluster, directory: URL) {
        cleanup.withLock { $0 = (cluster, directory) }
        atexit {
            guard let (cluster, directory) = TestServer.cleanup.withLock({ $0 }) else { return }
            cluster.stopImmediately()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

/// The database of the running suite; see ``FreshDatabaseTrait``.
public enum TestDatabase {
    @TaskLocal static var current: PostgresConfiguration?

    /// The configuration of the suite's own database.
    public static var configuration: PostgresConfiguration {
        get throws {
            guard let current else {
                throw PostgresError(code: .invalidConfiguration,
                                    message: "TestDatabase used outside a suite marked .freshDatabase")
            }
            return current
        }
    }

    /// A new connection to the suite's database.
    public static func connect() async throws -> Connection {
        try await Connection.connect(try configuration)
    }

    /// Waits until another session of the suite's database is running a statement whose text
    /// contains `fragment` (and, with `blockedByLock`, waiting for a lock in it), as the server
    /// sees it; false if none does within 30 s. For tests whose next step needs a statement
    /// already sent, which no sleep guarantees on a loaded machine.
    public static func waitUntilRunning(_ fragment: String, blockedByLock: Bool = false) async throws -> Bool {
        try await Connection.withConnection(try configuration) { observer in
            try await eventually(timeout: .seconds(30), every: .milliseconds(10)) {
                let rows = try await observer.query("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
                      AND strpos(query, $1) > 0 AND (NOT $2 OR wait_event_type = 'Lock')
                    """, [fragment, blockedByLock])
                return try rows[0].decode(0, as: Int.self) > 0
            }
        }
    }
}

/// Gives a suite a database of its own, created before its tests and dropped after them, so
/// suites run in parallel and leave nothing behind. Such a suite is of the database tier: it is
/// cancelled when that tier is left out (``TestTier``).
public struct FreshDatabaseTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try TestTier.requireDatabaseTier()
        let configuration = try await TestServer.shared.createDatabase()
        do {
            try await TestDatabase.$current.withValue(configuration) { try await function() }
        } catch {
            try? await TestServer.shared.dropDatabase(configuration)
            throw error
        }
        try await TestServer.shared.dropDatabase(configuration)
    }
}

extension Trait where Self == FreshDatabaseTrait {
    /// A database of the suite's own; see ``FreshDatabaseTrait``.
    public static var freshDatabase: Self { FreshDatabaseTrait() }
}
