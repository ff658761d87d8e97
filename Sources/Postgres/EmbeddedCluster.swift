import CLibPQ
import Foundation
import Synchronization

/// A private PostgreSQL server for development and tests, in a data directory of its own.
///
/// It listens on loopback and on a Unix socket inside the data directory (mode 0700), with
/// trust authentication on the socket only. When this process runs as root the server binaries
/// run as the `postgres` user, since `initdb` refuses root.
public struct EmbeddedCluster: Sendable {
    /// What ``status()`` finds.
    public enum Status: Sendable, Equatable {
        case notInitialized
        case stopped
        case running(pid: Int32, port: Int)
    }

    public let dataDirectory: URL
    /// Extra server settings written at `initdb` time (such as `fsync = off` for tests).
    public let settings: [String: String]

    /// The default cluster: `.laurel/pgdata` under the working directory.
    public static var defaultDataDirectory: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".laurel/pgdata")
    }

    public init(dataDirectory: URL = EmbeddedCluster.defaultDataDirectory, settings: [String: String] = [:]) {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.settings = settings
    }

    /// The superuser's connection URL over the private socket. Valid once the cluster is
    /// initialized; the port is fixed at `initdb`.
    public func url(database: String = "postgres") throws -> String {
        let port = try configuredPort()
        let host = dataDirectory.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["/", "-", "_", "."])) ?? dataDirectory.path
        return "postgresql:///\(database)?host=\(host)&port=\(port)&user=postgres"
    }

    // MARK: Lifecycle

    /// Initializes the data directory if needed and starts the server unless it already runs;
    /// returns once it accepts connections.
    @discardableResult
    public func start() async throws -> String {
        try await Self.offloaded {
            let binaries = try PostgresBinaries.locate()
            if !isInitialized { try initialize(with: binaries) }
            if case .running = try currentStatus() { return try url() }
            removeStalePidFile()
            let log = dataDirectory.appendingPathComponent("server.log").path
            try binaries.run("pg_ctl", ["start", "-D", dataDirectory.path, "-l", log, "-w", "-t", "60", "-s"],
                             failure: "the server did not start (see \(log))")
            try waitUntilAccepting()
            return try url()
        }
    }

    /// Stops the server (fast shutdown: sessions are ended, work in progress rolled back).
    public func stop() async throws {
        try await Self.offloaded {
            guard case .running = try currentStatus() else { return }
            let binaries = try PostgresBinaries.locate()
            try binaries.run("pg_ctl", ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-s"],
                             failure: "the server did not stop")
        }
    }

    /// Stops the server at once, synchronously, for cleanup at process exit where nothing can
    /// be awaited. Crash-safe like a power cut: the next start recovers from the WAL.
    public func stopImmediately() {
        guard case .running = try? currentStatus(), let binaries = try? PostgresBinaries.locate() else { return }
        try? binaries.run("pg_ctl", ["stop", "-D", dataDirectory.path, "-m", "immediate", "-w", "-s"],
                          failure: "the server did not stop")
    }

    /// Whether the cluster exists and runs, read from its files (no connection needed).
    public func status() throws -> Status { try currentStatus() }

    // MARK: Internals

    var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    private func currentStatus() throws -> Status {
        guard isInitialized else { return .notInitialized }
        guard let pid = postmasterPID(), Self.isPostgresProcess(pid) else { return .stopped }
        return .running(pid: pid, port: try configuredPort())
    }

    private func initialize(with binaries: PostgresBinaries) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory.path)
        try binaries.handOver(dataDirectory)
        try binaries.run(
            "initdb",
            ["-D", dataDirectory.path, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
            failure: "initdb failed for \(dataDirectory.path)")
        var conf = """

            # Written by Laurel's embedded cluster.
            listen_addresses = '127.0.0.1'
            port = \(try Self.freePort())
            unix_socket_directories = '\(dataDirectory.path)'
            unix_socket_permissions = 0700
            max_connections = 200
            shared_buffers = 128MB

            """
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            conf += "\(name) = \(value)\n"
        }
        try Self.append(conf, to: dataDirectory.appendingPathComponent("postgresql.conf"))
    }

    /// Appends settings to a configuration file: the last value of a setting wins.
    static func append(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    private func configuredPort() throws -> Int {
        let confFile = dataDirectory.appendingPathComponent("postgresql.conf")
        guard let text = try? String(contentsOf: confFile, encoding: .utf8) else {
            throw PostgresError(code: .clusterFailed, message: "no cluster at \(dataDirectory.path); run `laurel db start`")
        }
        let port = text.split(separator: "\n").reversed().lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("port = ") }
            .flatMap { Int($0.dropFirst("port = ".count).prefix { $0.isNumber }) }
        guard let port else {
            throw PostgresError(code: .clusterFailed, message: "no port in \(confFile.path)")
        }
        return port
    }

    private func postmasterPID() -> Int32? {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
              let first = text.split(separator: "\n").first
        else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }

    /// A pid file left by a crash (power loss, kill -9) names a pid that is gone or now belongs
    /// to another program; the server refuses to start until it is removed.
    private func removeStalePidFile() {
        guard let pid = postmasterPID(), !Self.isPostgresProcess(pid) else { return }
        try? FileManager.default.removeItem(at: dataDirectory.appendingPathComponent("postmaster.pid"))
    }

    private static func isPostgresProcess(_ pid: Int32) -> Bool {
        guard let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else {
            return kill(pid, 0) == 0
        }
        let command = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return command == "postgres" || command == "postmaster"
    }

    private func waitUntilAccepting() throws {
        let url = try url()
        let deadline = Date().addingTimeInterval(30)
        while PQping(url) != PQPING_OK {
            guard Date() < deadline else {
                throw PostgresError(code: .clusterFailed, message: "the server started but does not accept connections")
            }
            usleep(50_000)
        }
    }

    /// A TCP port nobody listens on right now, found by letting the kernel pick one.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PostgresError(code: .clusterFailed, message: "cannot open a socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw PostgresError(code: .clusterFailed, message: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs blocking work (child processes, waiting) on a thread of its own, off the
    /// cooperative pool.
    static func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// Serialises making a pipe and spawning a child with it; see `PostgresBinaries.capture`.
private let spawnLock = Mutex(())

/// The PostgreSQL server programs, and how to run them as the right user.
struct PostgresBinaries {
    let directory: URL
    /// Set when this process is root: the server must run as an unprivileged user.
    let runAsUser: String?

    /// Looks in `pg_config --bindir`, then `/usr/lib/postgresql/<newest>/bin`, then `PATH`.
    static func locate() throws -> PostgresBinaries {
        var candidates: [URL] = []
        if let bindir = try? capture("/usr/bin/env", ["pg_config", "--bindir"]), !bindir.isEmpty {
            candidates.append(URL(fileURLWithPath: bindir))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            candidates.append(URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin"))
        }
        for entry in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(entry)))
        }
        guard let directory = candidates.first(where: { candidate in
            ["initdb", "pg_ctl", "postgres"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent($0).path)
            }
        }) else {
            throw PostgresError(
                code: .clusterFailed,
                message: "PostgreSQL server programs (initdb, pg_ctl, postgres) not found; run scripts/bootstrap")
        }
        return PostgresBinaries(directory: directory, runAsUser: geteuid() == 0 ? "postgres" : nil)
    }

    /// Gives `directory` to the user the server runs as.
    func handOver(_ directory: URL) throws {
        guard let runAsUser else { return }
        try Self.capture("/bin/chown", ["-R", "\(runAsUser):\(runAsUser)", directory.path])
    }

    func run(_ program: String, _ arguments: [String], failure: String) throws {
        let path = directory.appendingPathComponent(program).path
        do {
            if let runAsUser {
                try Self.capture("/usr/sbin/runuser", ["-u", runAsUser, "--", path] + arguments)
            } else {
                try Self.capture(path, arguments)
            }
        } catch let error as PostgresError {
            throw PostgresError(code: .clusterFailed, message: "\(failure): \(error.message)")
        }
    }

    /// Runs a program to completion and returns its trimmed output (stdout and stderr); throws
    /// with that output when it fails.
    ///
    /// Uses `posix_spawn` and `waitpid` directly: Foundation's `Process` on Linux relies on a
    /// SIGCHLD source that can miss a child's exit, leaving `waitUntilExit` hanging forever.
    @discardableResult
    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        // Pipes are close-on-exec, and made and handed to the child under one lock: tests spawn
        // programs from several threads at once, and `pg_ctl start` leaves a server running for
        // good. A server that inherited the write end of a pipe another thread reads from would
        // keep that reader from ever seeing the end of its output.
        let (spawned, pid, readEnd) = spawnLock.withLock { _ -> (Int32, pid_t, Int32) in
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else { return (errno, 0, -1) }
            _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            // dup2 clears close-on-exec on the child's stdout and stderr only.
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
            close(pipeEnds[1])
            return (spawned, pid, pipeEnds[0])
        }
        defer { if readEnd >= 0 { close(readEnd) } }
        guard spawned == 0 else {
            throw PostgresError(code: .clusterFailed, message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // WIFEXITED and WEXITSTATUS are macros Swift cannot import.
        let exitedNormally = status & 0x7F == 0
        let exitCode = (status >> 8) & 0xFF
        guard exitedNormally && exitCode == 0 else {
            throw PostgresError(code: .clusterFailed, message: text.isEmpty ? "\(executable) failed (status \(status))" : text)
        }
        return text
    }
}
