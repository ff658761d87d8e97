import Foundation

/// CPU seconds spent so far by this process and by a local PostgreSQL server's processes, so a
/// step's figures can say which side of the connection its time went to.
struct CPUTime {
    /// User and system seconds of this process.
    var client: Double
    /// User and system seconds of the server's postmaster and of all its children: those alive
    /// now, and those that have ended (the postmaster waits for them, so the kernel adds their time
    /// to its `cutime` and `cstime`: a pool's backends closed meanwhile are counted too).
    var server: Double

    /// - Parameter postmaster: the server's postmaster process (the parent of any backend, as
    ///   ``postmaster(ofBackend:)`` finds it); other servers on the machine are not counted.
    static func now(postmaster: Int32?) -> CPUTime {
        CPUTime(client: clientSeconds(), server: postmaster.map(serverSeconds) ?? 0)
    }

    /// The parent of the backend process `pid` (`SELECT pg_backend_pid()`), when it runs here:
    /// a process of that number that is not `postgres` belongs to something else (the server is
    /// on another machine), and nil is returned.
    static func postmaster(ofBackend pid: Int32) -> Int32? {
        guard (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == "postgres\n" else { return nil }
        return stat(of: String(pid)).flatMap { Int32($0[1]) }
    }

    /// `client_us=… server_us=…`: the CPU on each side an event of `events`, as the benchmarks'
    /// output lines give it.
    func perEvent(_ events: Int) -> String {
        "client_us=\(fixed(client / Double(events) * 1e6)) server_us=\(fixed(server / Double(events) * 1e6))"
    }

    static func - (after: CPUTime, before: CPUTime) -> CPUTime {
        CPUTime(client: after.client - before.client, server: after.server - before.server)
    }

    private static func clientSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func serverSeconds(postmaster: Int32) -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let children = (try? String(contentsOfFile: "/proc/\(postmaster)/task/\(postmaster)/children", encoding: .utf8)) ?? ""
        // The children that have ended count in the postmaster's own line; those alive in theirs.
        var total = (stat(of: String(postmaster)).map { $0[11...14].compactMap { Double($0) }.reduce(0, +) } ?? 0) / ticks
        for pid in children.split(separator: " ") {
            guard let fields = stat(of: String(pid)) else { continue }
            total += fields[11...12].compactMap { Double($0) }.reduce(0, +) / ticks
        }
        return total
    }

    /// The fields of `/proc/PID/stat` after the command name in parentheses (which may hold
    /// spaces), from field 3 on: [1] is the parent (field 4), [11] and [12] utime and stime, [13]
    /// and [14] the ended children's cutime and cstime, in clock ticks (fields 14 to 17).
    private static func stat(of pid: String) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 14 ? fields : nil
    }
}
