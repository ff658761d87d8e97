import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The standard `process_*` families, as Prometheus's own client libraries name them, read from
/// `/proc/self` at scrape time. Empty where there is no `/proc` (macOS).
enum ProcessMetrics {
    static func families() -> [MetricFamily] {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ", options: .backwards) else { return [] }
        // Fields after the command name, which may itself hold spaces: the state is field 3.
        let fields = stat[afterName.upperBound...].split(separator: " ").map(String.init)
        func field(_ number: Int) -> Double { Double(fields[number - 3]) ?? 0 }
        guard fields.count > 21 else { return [] }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        var cpu = MetricFamily("process_cpu_seconds_total", .counter, help: "User and system CPU time the process has spent, in seconds.")
        cpu.add((field(14) + field(15)) / ticks)
        var resident = MetricFamily("process_resident_memory_bytes", .gauge, help: "Resident memory size in bytes.")
        resident.add(field(24) * pageSize)
        var virtual = MetricFamily("process_virtual_memory_bytes", .gauge, help: "Virtual memory size in bytes.")
        virtual.add(field(23))
        var start = MetricFamily("process_start_time_seconds", .gauge, help: "When the process started, in seconds since the Unix epoch.")
        start.add(bootTime() + field(22) / ticks)
        var open = MetricFamily("process_open_fds", .gauge, help: "Open file descriptors.")
        open.add((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        var maximum = MetricFamily("process_max_fds", .gauge, help: "The most file descriptors the process may open.")
        maximum.add(Double(limit.rlim_cur))
        return [cpu, resident, virtual, start, open, maximum]
        #else
        return []
        #endif
    }

    /// The machine's boot time from `/proc/stat` (`btime`), which the process's start is counted from.
    private static func bootTime() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }) else { return 0 }
        return Double(line.dropFirst("btime ".count)) ?? 0
    }
}
