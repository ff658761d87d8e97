import Foundation

/// A serial executor that runs every job on one thread of its own.
///
/// libpq calls block their thread until the server answers. Swift's cooperative pool has one
/// thread per core (two on a small server), so a single slow query run there would stall every
/// task in the process. Each ``Connection`` actor therefore runs on a dedicated thread instead.
///
/// It is also a task executor, so code that uses the connection can run on the same thread
/// (see ``ConnectionPool/withConnection(_:)``): its calls into the actor then need no thread
/// switch, which costs more than the statement itself on a small machine.
final class DedicatedThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var jobIndex = 0
    /// Whether the thread is asleep in (or about to enter) `condition.wait()`; only then does
    /// an enqueue need a signal, a system call.
    private var isWaiting = false
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
        let wake = isWaiting
        condition.unlock()
        // Signalled after unlocking, so the woken thread does not block on the lock at once.
        if wake { condition.signal() }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    /// Lets the thread finish once the jobs already queued have run.
    func shutdown() {
        condition.lock()
        isShutDown = true
        condition.unlock()
        condition.signal()
    }

    private func run() {
        // Actor jobs and jobs of tasks that prefer this executor alike run isolated to the
        // actor: one thread runs one job at a time, so that isolation holds, and it lets a task
        // running here enter the actor without being enqueued again.
        let serial = asUnownedSerialExecutor()
        let task = asUnownedTaskExecutor()
        while let job = nextJob() {
            job.runSynchronously(isolatedTo: serial, taskExecutor: task)
        }
    }

    private func nextJob() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobIndex == jobs.count {
            if isShutDown { return nil }
            jobs.removeAll(keepingCapacity: true)
            jobIndex = 0
            isWaiting = true
            condition.wait()
            isWaiting = false
        }
        let job = jobs[jobIndex]
        jobIndex += 1
        return job
    }
}
