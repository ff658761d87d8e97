import Postgres

extension EventStore {
    /// An append waiting to be committed with others, and its caller.
    struct GroupedAppend: Sendable {
        let batch: [(StreamName, ExpectedVersion, [NewEvent])]
        let statements: [PostgresStatement]
        let caller: Suspended<[AppendResult]>
    }

    /// Queues an append for a group commit, starting a committer if fewer than allowed are at
    /// work, and waits for its results.
    func appendInGroup(
        _ batch: [(StreamName, ExpectedVersion, [NewEvent])], _ statements: [PostgresStatement]
    ) async throws -> [AppendResult] {
        let caller = Suspended<[AppendResult]>()
        return try await caller.wait {
            switch groupCommitQueue.enqueue(GroupedAppend(batch: batch, statements: statements, caller: caller)) {
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
        if group.count > 1 {
            let tenants = Set(group.flatMap { $0.batch.map(\.0.tenant) })
            if let results = try? await connection.pipeline(
                group.flatMap(\.statements), afterwards: Self.notifyStatements(tenants)) {
                var rest = results[...]
                for append in group {
                    let own = Array(rest.prefix(append.statements.count))
                    rest = rest.dropFirst(append.statements.count)
                    append.caller.resume(Result { try Self.appendResults(own, append.batch) })
                }
                return
            }
            // The whole group was rolled back (one append's conflict aborts the transaction),
            // or the connection failed during the commit, when it may have committed. Alone,
            // each append gets its own outcome, and one that did commit is a retry of stored
            // events, which returns its original result.
        }
        for append in group {
            do {
                append.caller.resume(.success(try await Self.append(append.batch, append.statements, on: connection)))
            } catch {
                append.caller.resume(.failure(error))
            }
        }
    }
}
