import Foundation

extension EmbeddedCluster {
    /// Makes `standby` a streaming replica of this running cluster (`pg_basebackup -R`: a copy of
    /// its data that then follows its WAL) and starts it, read-only, on a port and socket of its
    /// own; returns the standby's URL. A standby that exists already is only started.
    ///
    /// - Parameter applyDelay: how long the standby waits before applying what it receives
    ///   (`recovery_min_apply_delay`), to try a lagging replica; nil applies at once.
    @discardableResult
    public func startStandby(_ standby: EmbeddedCluster, applyDelay: Duration? = nil) async throws -> String {
        let primaryURL = try await start()
        try await Self.offloaded {
            guard !standby.isInitialized else { return }
            let binaries = try PostgresBinaries.locate()
            let manager = FileManager.default
            try manager.createDirectory(at: standby.dataDirectory.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.createDirectory(at: standby.dataDirectory, withIntermediateDirectories: false)
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: standby.dataDirectory.path)
            try binaries.handOver(standby.dataDirectory)
            try binaries.run("pg_basebackup", ["-D", standby.dataDirectory.path, "-R", "-X", "stream", "-c", "fast", "-d", primaryURL],
                             failure: "pg_basebackup of \(dataDirectory.path) failed")
            var conf = """

                # Written by Laurel's embedded cluster: a standby of \(dataDirectory.path).
                port = \(try Self.freePort())
                unix_socket_directories = '\(standby.dataDirectory.path)'
                hot_standby = on

                """
            if let applyDelay { conf += "recovery_min_apply_delay = '\(applyDelay.components.seconds * 1000 + applyDelay.components.attoseconds / 1_000_000_000_000_000)ms'\n" }
            let confFile = standby.dataDirectory.appendingPathComponent("postgresql.conf")
            try Self.append(conf, to: confFile)
            // The copy brought the primary's log and lock files; the standby writes its own.
            try? manager.removeItem(at: standby.dataDirectory.appendingPathComponent("server.log"))
            try binaries.handOver(standby.dataDirectory)
        }
        return try await standby.start()
    }
}

extension EmbeddedCluster {
    /// Appends settings to the cluster's `postgresql.conf` and has the running server read them
    /// again (those a reload can change, such as `recovery_min_apply_delay`).
    public func appendSettings(_ lines: String) throws {
        try Self.append("\n\(lines)\n", to: dataDirectory.appendingPathComponent("postgresql.conf"))
        if case .running(let pid, _) = try status() { kill(pid, SIGHUP) }
    }
}
