import EventStore
import Foundation
import Logging
import Postgres

/// A projection's progress, for `laurel projections status` and metrics.
public struct ProjectionStatus: Sendable, Equatable {
    public let name: String
    public let checkpoint: LogCheckpoint
    public let eventsApplied: Int
    public let updatedAt: Date?
    /// Events in the log after the checkpoint.
    public let lag: Int
}

/// Every read model of Laurel, their runners, and the waits that give read-your-writes.
public final class ProjectionService: Sendable {
    /// Laurel's read models.
    public static let standard: [any Projection] = [
        NominationListProjection(), CouncilAgendaProjection(), DeadlinesProjection(),
        AwardsRegistryProjection(), StatisticsProjection(), PeopleProjection(),
        AccountsProjection(),
    ]

    public let runners: [ProjectionRunner]
    /// Follows the log for every runner at once, in one session.
    private let follower: ProjectionFollower
    private let configuration: PostgresConfiguration
    private let store: EventStore
    private let rebuildBatchSize: Int
    private let pool: ConnectionPool
    private let listener: Listener
    private let progress = WakeSignal()
    private let logger: Logger

    public init(
        configuration: PostgresConfiguration, pool: ConnectionPool, store: EventStore, listener: Listener,
        projections: [any Projection] = ProjectionService.standard, batchSize: Int = 500,
        batchInterval: Duration = .milliseconds(50),
        rebuildBatchSize: Int = ProjectionRunner.defaultRebuildBatchSize, logger: Logger = Logger(label: "laurel.projections")
    ) {
        self.configuration = configuration
        self.store = store
        self.rebuildBatchSize = rebuildBatchSize
        self.pool = pool
        self.listener = listener
        self.logger = logger
        runners = projections.map {
            ProjectionRunner(
                projection: $0, configuration: configuration, store: store, batchSize: batchSize,
                rebuildBatchSize: rebuildBatchSize, batchInterval: batchInterval, logger: logger)
        }
        follower = ProjectionFollower(runners: runners)
    }

    /// The runner of the projection called `name`.
    public func runner(named name: String) throws -> ProjectionRunner {
        guard let runner = runners.first(where: { $0.projection.name == name }) else {
            throw ProjectionError(.unknownProjection, "no projection named '\(name)' (known: \(runners.map(\.projection.name).joined(separator: ", ")))")
        }
        return runner
    }

    /// Rebuilds every projection without downtime, reading the log once for all of them.
    public func rebuildAll(progress: @Sendable (RebuildProgress) -> Void = { _ in }) async throws {
        try await ProjectionRebuild(
            projections: runners.map(\.projection), configuration: configuration, store: store,
            batchSize: rebuildBatchSize, logger: logger
        ).run(progress: progress)
    }

    /// Runs every projection until cancelled, woken by the event store's notifications; also
    /// relays the runners' progress notifications to read-your-writes waits. One session follows
    /// the log for all of them (see ``ProjectionFollower``).
    public func run() async throws {
        try await listener.listen(EventStore.notificationChannel)
        try await listener.listen(ProjectionCheckpoints.channel)
        let events = listener.events()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [follower] in try await follower.run() }
            group.addTask { [follower, progress] in
                for await event in events {
                    switch event {
                    case .notification(let notification) where notification.channel == ProjectionCheckpoints.channel:
                        await progress.signal()
                    case .notification:
                        await follower.notify()
                    case .reconnected:
                        // Notifications sent while the listener was away are lost: look anyway.
                        await follower.notify()
                        await progress.signal()
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Waits until `projection` has applied the log up to `checkpoint` (a command's result), so
    /// a query right after a command sees its effect. Throws `notCaughtUp` after `timeout`, and
    /// `unknownCheckpoint` at once for a checkpoint where the log has no event (mistyped, or
    /// from another database), which no amount of waiting would reach.
    public func waitUntil(_ projection: String, reaches checkpoint: LogCheckpoint, timeout: Duration = .seconds(5)) async throws {
        try await wait(projection, reaches: checkpoint, on: pool, timeout: timeout, where: "") { [follower, progress] remaining in
            // Woken by the runners' NOTIFY; the short cap covers a notification lost in a reconnect.
            await follower.hurry()
            await progress.wait(timeout: min(remaining, .milliseconds(200)))
        }
    }

    /// Waits until `projection`'s checkpoint, as a read replica (`replica`, a pool on a hot
    /// standby) sees it, reaches `checkpoint`, with the same errors. A standby cannot `LISTEN`,
    /// so this polls, from 5 ms doubling to 200 ms.
    public func waitUntil(
        _ projection: String, reaches checkpoint: LogCheckpoint, on replica: ConnectionPool, timeout: Duration = .seconds(5)
    ) async throws {
        var next = Duration.milliseconds(5)
        try await wait(projection, reaches: checkpoint, on: replica, timeout: timeout, where: " on the read replica") { remaining in
            try await Task.sleep(for: min(next, remaining))
            next = min(next * 2, .milliseconds(200))
        }
    }

    /// Reads `projection`'s checkpoint on `pool` until it reaches `checkpoint`, calling `pause`
    /// with the time left between reads; checks once that the log has an event there.
    private func wait(
        _ projection: String, reaches checkpoint: LogCheckpoint, on pool: ConnectionPool, timeout: Duration, where place: String,
        pause: (Duration) async throws -> Void
    ) async throws {
        _ = try runner(named: projection)  // a read model this service does not run is an error, not a wait
        let deadline = ContinuousClock.now + timeout
        var checkedTheLog = false
        while true {
            let current = try await pool.withConnection { try await ProjectionCheckpoints.read(projection, on: $0) }
            if current >= checkpoint { return }
            if !checkedTheLog {
                try await requireInLog(checkpoint)
                checkedTheLog = true
            }
            let now = ContinuousClock.now
            guard now < deadline else {
                throw ProjectionError(
                    .notCaughtUp,
                    "the \(projection) read model\(place) has not reached position \(checkpoint) within \(timeout); try again shortly")
            }
            try await pause(deadline - now)
        }
    }

    /// Throws `unknownCheckpoint` when the log has no event at `checkpoint` (mistyped, or from
    /// another database): what a read given a checkpoint answers, whether or not it waits.
    public func requireInLog(_ checkpoint: LogCheckpoint) async throws {
        guard try await store.contains(checkpoint) else {
            throw ProjectionError(.unknownCheckpoint, "the log has no event at checkpoint \(checkpoint)")
        }
    }

    /// Each projection's checkpoint, events applied, last update and lag behind the log.
    public func status() async throws -> [ProjectionStatus] {
        try await pool.withConnection { connection in
            var statuses: [ProjectionStatus] = []
            for runner in runners {
                let name = runner.projection.name
                let rows = try await connection.query(
                    "SELECT transaction_id, position, events_applied, updated_at FROM laurel_projection_checkpoints WHERE name = $1",
                    [name])
                let checkpoint = try rows.first.map {
                    LogCheckpoint(transactionID: UInt64(try $0.decode(0, as: Int64.self)), position: try $0.decode(1))
                } ?? .start
                let lag = try await runner.store.countEvents(after: checkpoint)
                statuses.append(ProjectionStatus(
                    name: name, checkpoint: checkpoint,
                    eventsApplied: try rows.first?.decode(2, as: Int.self) ?? 0,
                    updatedAt: try rows.first?.decode(3, as: Date.self), lag: lag))
            }
            return statuses
        }
    }
}
