import Foundation
@testable import LaurelServer
import Postgres
import PostgresTestSupport
import Testing

/// Lists and reports on a real hot standby: a primary cluster of the suite's own and a
/// streaming replica made from it with `pg_basebackup -R`, each on its own socket.
@Suite(.tags(.database))
struct ReadReplicaTests {
    /// A query with a command's checkpoint sees the command through the standby; a standby that
    /// lags (its replay delayed) is waited for; a stopped one leaves its queries to the primary.
    @Test func listsRunOnTheStandbyWaitForItAndFallBackToThePrimary() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-replica-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let primary = EmbeddedCluster(dataDirectory: directory.appendingPathComponent("primary"),
                                      settings: ["fsync": "off", "synchronous_commit": "off"])
        let standby = EmbeddedCluster(dataDirectory: directory.appendingPathComponent("standby"))
        try await primary.start()
        do {
            try await Connection.withConnection(PostgresConfiguration(try primary.url())) { try await $0.execute("CREATE DATABASE laurel") }
            try await primary.startStandby(standby)
            var settings = ServerFixture.settings()
            settings.replicaURL = try standby.url(database: "laurel")
            try await ServerFixture.run(settings: settings, database: PostgresConfiguration(try primary.url(database: "laurel"))) { app in
                let replica = try #require(app.services.replica)
                // The standby has replayed the migrations before the first query (asked on a
                // connection of the test's own, so the replica's pool is still unused).
                try await replayed(primary: app.services.pool, standby: PostgresConfiguration(try standby.url(database: "laurel")))
                #expect(await replica.pool.usage.open == 0)

                // Through the standby, once it has replayed the command and the read model.
                let first = try await app.submitAdHoc(name: "Trần Bản Sao")
                let listed = try await app.send(.get, "/v1/nominations?checkpoint=\(first.json["checkpoint"] as? String ?? "")",
                                                as: ["unit_officer"])
                #expect(listed.status == .ok)
                #expect(ids(listed).contains(first.id))
                #expect(await replica.pool.usage.open > 0, "the standby answered")
                #expect(replica.isAvailable)

                // Replay held back 1.5 s: right after a command the standby does not have it yet,
                // and a query with its checkpoint waits for it rather than answering without it.
                try standby.appendSettings("recovery_min_apply_delay = '1500ms'")
                let second = try await app.submitAdHoc(name: "Lê Chậm Trễ")
                let checkpoint = try #require(second.json["checkpoint"] as? String)
                let standbyNow = try await replica.pool.query("SELECT count(*)::int8 FROM events WHERE stream = $1",
                                                              ["nomination-\(second.id)"])[0].decode(0, as: Int64.self)
                #expect(standbyNow == 0, "the standby lags behind the command")
                let waited = try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)", as: ["unit_officer"])
                #expect(waited.status == .ok, "\(waited.text)")
                #expect(ids(waited).contains(second.id))

                // The standby stops: its queries go to the primary, which has the same read models.
                try await standby.stop()
                let fallback = try await app.send(.get, "/v1/nominations", as: ["unit_officer"])
                #expect(fallback.status == .ok, "\(fallback.text)")
                #expect(Set(ids(fallback)).isSuperset(of: [first.id, second.id]))
                #expect(!replica.isAvailable, "the standby is set aside for a while")
            }
        } catch {
            try? await standby.stop()
            try? await primary.stop()
            throw error
        }
        try? await standby.stop()
        try await primary.stop()
    }

    /// Waits until the standby has replayed the primary's WAL as it is now.
    private func replayed(primary: ConnectionPool, standby: PostgresConfiguration) async throws {
        let target: String = try await primary.query("SELECT pg_current_wal_lsn()::text", [])[0].decode(0)
        try await Connection.withConnection(standby) { connection in
            for _ in 0..<600 {
                let behind: Bool = try await connection.query("SELECT pg_last_wal_replay_lsn() < $1::pg_lsn", [target])[0].decode(0)
                if !behind { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the standby did not replay the primary's WAL within 30 s")
        }
    }

    private func ids(_ reply: Reply) -> [String] {
        (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}
