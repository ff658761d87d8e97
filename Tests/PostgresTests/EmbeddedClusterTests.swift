import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Each test runs a cluster of its own: these stop and start servers, which the shared test
/// cluster must never do.
@Suite(.needsPostgreSQL, .tags(.database))
struct EmbeddedClusterTests {
    private func pid(_ cluster: EmbeddedCluster) throws -> Int32? {
        if case .running(let pid, _) = try cluster.status() { return pid }
        return nil
    }

    @Test func startsReusesStopsKeepsItsDataAndRecoversFromAStalePidFile() async throws {
        let cluster = PrivateCluster()
        defer { cluster.remove() }
        #expect(try cluster.cluster.status() == .notInitialized)

        let url = try await cluster.start()
        guard case .running(let firstPID, let port)? = Optional(try cluster.cluster.status()) else {
            Issue.record("not running after start")
            return
        }
        #expect(url.contains("port=\(port)"))
        #expect(url == (try cluster.cluster.url()))
        // The private socket directory is the data directory, closed to others.
        let attributes = try FileManager.default.attributesOfItem(atPath: cluster.cluster.dataDirectory.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)

        let connection = try await Connection.connect(PostgresConfiguration(url))
        try await connection.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('còn đây')")
        await connection.close()

        // Starting again reuses the running server.
        #expect(try await cluster.start() == url)
        #expect(try pid(cluster.cluster) == firstPID)

        try await cluster.cluster.stop()
        #expect(try cluster.cluster.status() == .stopped)
        try await cluster.cluster.stop()  // stopping a stopped cluster is fine
        let refused = await #expect(throws: PostgresError.self) { try await Connection.connect(PostgresConfiguration(url)) }
        #expect(refused?.code == .connectionFailed)

        // Restarted on the same port, with its data.
        #expect(try await cluster.start() == url)
        #expect(try pid(cluster.cluster) != firstPID)
        let again = try await Connection.connect(PostgresConfiguration(url))
        #expect(try await again.query("SELECT note FROM kept")[0].decode(0, as: String.self) == "còn đây")
        await again.close()

        // What a crash leaves behind: a pid file naming a process that is not the server (here
        // this test process, which is alive, so the server itself would refuse to start).
        try await cluster.cluster.stop()
        let pidFile = cluster.cluster.dataDirectory.appendingPathComponent("postmaster.pid")
        let stale = "\(getpid())\n\(cluster.cluster.dataDirectory.path)\n1700000000\n5432\n"
        try stale.write(to: pidFile, atomically: true, encoding: .utf8)
        #expect(try cluster.cluster.status() == .stopped)
        #expect(try await cluster.start() == url)
        let recovered = try pid(cluster.cluster)
        #expect(recovered != nil && recovered != getpid())
        let kept = try await Connection.withConnection(PostgresConfiguration(url)) { afterCrash in
            try await afterCrash.query("SELECT count(*) FROM kept")[0].decode(0, as: Int.self)
        }
        #expect(kept == 1)
    }
}
