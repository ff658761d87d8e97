import Foundation

/// A serial executor that runs every job on one thread of its own.
///
/// libpq calls block their thread until the server answers. Swift's cooperative pool has one
/// thread per core (two on a small server), so a single slow query run there would stall every
/// task in the process. Each ``Connection`` actor therefore runs on a dedicated thread instead.
final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var jobIndex = 0
    private var isShutDown = false

    init(name: String) {
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread finish once the jobs already queued have run.
    func shutdown() {
        condition.lock()
        isShutDown = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while let job = nextJob() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    private func nextJob() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobIndex == jobs.count {
            if isShutDown { return nil }
            jobs.removeAll(keepingCapacity: true)
            jobIndex = 0
            condition.wait()
        }
        let job = jobs[jobIndex]
        jobIndex += 1
        return job
    }
}
