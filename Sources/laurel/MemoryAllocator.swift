#if canImport(CGlibcMalloc)
import CGlibcMalloc
#endif

/// Settings of the C allocator for a long-running service on glibc.
///
/// glibc gives each thread that finds the arenas busy an arena of its own, up to 8 × cores, and
/// each arena keeps the free space of its own peaks. Laurel's threads (one per database
/// connection, the concurrency pool, the HTTP event loops) hand buffers to each other all day:
/// in the reliability suite's soak (issue #8) the process held 15 arenas, and with growing
/// response peaks their free space grew while the live heap stayed flat. Two arenas halved that
/// growth; on a small machine more buy no parallelism worth their memory.
///
/// An operator's own `MALLOC_ARENA_MAX` or `GLIBC_TUNABLES` wins: the limit applies only where
/// the environment sets none.
enum MemoryAllocator {
    static let arenaLimit: Int32 = 2

    /// Applies the settings; call first thing in `main`, before threads allocate.
    static func tuneForService(environment: [String: String]) {
        #if canImport(CGlibcMalloc)
        if environment["MALLOC_ARENA_MAX"] == nil, !(environment["GLIBC_TUNABLES"] ?? "").contains("arena_max") {
            mallopt(M_ARENA_MAX, arenaLimit)
        }
        #endif
    }
}
