import Postgres

extension EventStore {
    /// An append waiting to be committed with others, and its caller.
    struct GroupedAppend: Sendable {
        let batch: [(StreamName, ExpectedVersion, [NewEvent])]
        /// What the caller records of the append in its transaction (see ``append(_:recording:)``).
        let records: Records?
        let caller: Suspended<[AppendResult]>
    }

    /// Queues an append for a group commit, starting a committer if fewer than allowed are at
    /// work, and waits for its results.
    func appendInGroup(
        _ batch: [(StreamName, ExpectedVersion, [NewEvent])], records: Records?
    ) async throws -> [AppendResult] {
        let caller = Suspended<[AppendResult]>()
        return try await caller.wait {
            switch groupCommitQueue.enqueue(GroupedAppend(batch: batch, records: records, caller: caller)) {
            case .queued: break
            case .startWorker: Task.detached { await self.commitGroups() }
            // The store never closes its queue.
            case .closed, .cancelled: caller.resume(.failure(CancellationError()))
            }
        } onCancel: {
            groupCommitQueue.remove { $0.caller === caller }
        }
    }

    /// A committer: borrows a connection and commits what is queued, a group at a time, until
    /// the queue is empty.
    private func commitGroups() async {
        do {
            try await pool.withConnection { connection in
                while let group = groupCommitQueue.take(limit: options.groupCommitLimit) {
                    await commit(group, on: connection)
                }
            }
        } catch {
            // No connection came free: what is queued fails with that, unless another
            // committer is at work and will take it.
            for append in groupCommitQueue.workerFailedToStart() { append.caller.resume(.failure(error)) }
        }
    }

    /// Commits `group` in one transaction and hands each caller its results; when that fails,
    /// runs each append alone.
    private func commit(_ group: [GroupedAppend], on connection: Connection) async {
        if group.count > 1, let results = try? await commitTogether(group, on: connection) {
            for (append, own) in zip(group, results) { append.caller.resume(.success(own)) }
            return
        }
        // The whole group was rolled back (one append's conflict aborts the transaction),
        // or the connection failed during the commit, when it may have committed. Alone,
        // each append gets its own outcome, and one that did commit is a retry of stored
        // events, which returns its original result.
        for append in group {
            do {
                append.caller.resume(.success(
                    try await commitAlone(append.batch, try Self.appendStatements(append.batch), records: append.records,
                                          on: connection)))
            } catch {
                append.caller.resume(.failure(error))
            }
        }
    }

    /// Runs `group` as one transaction: every append's streams in one statement (one call of
    /// `laurel_append_streams`), then what the callers record of them in a second round trip
    /// (when any does) and the commit in a third, with the wake-up when none is on its way (else
    /// rung after it). Throws when any of it fails:
    /// nothing of the group is then committed (unless the connection was lost during the commit).
    private func commitTogether(_ group: [GroupedAppend], on connection: Connection) async throws -> [[AppendResult]] {
        let tenants = Set(group.flatMap { $0.batch.map(\.0.tenant) })
        let batch = group.flatMap(\.batch)
        @Sendable func split(_ rows: [PostgresRows]) throws -> [[AppendResult]] {
            var rest = try Self.appendResults(rows, batch)[...]
            return group.map { append in
                defer { rest = rest.dropFirst(append.batch.count) }
                return Array(rest.prefix(append.batch.count))
            }
        }
        let statements = try Self.appendStatements(batch)
        let carrying = wakeUp.carry()
        defer { if carrying { wakeUp.carried() } }
        let notify = carrying ? Self.notifyStatements(tenants) : []
        let results: [[AppendResult]]
        if group.contains(where: { $0.records != nil }) {
            results = try await connection.transaction(afterCommit: notify) { transaction in
                let results = try split(try transaction.pipeline(statements))
                let records = try zip(group, results).flatMap { append, results in try append.records?(results) ?? [] }
                if !records.isEmpty { _ = try transaction.pipeline(records) }
                return results
            }
        } else {
            results = try split(try await connection.pipeline(statements, afterwards: notify))
        }
        if !carrying { wakeUp.ring(tenants) }
        return results
    }
}
