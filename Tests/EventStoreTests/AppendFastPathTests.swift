import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// `laurel_append` writes first and checks afterwards (`sql/0002_append_fast_path.sql`, since
/// `sql/0022_append_without_subtransaction.sql` without a subtransaction to undo its writes, and
/// since `sql/0025_append_without_conflict_clause.sql` leaving stored ids to the unique index);
/// these make sure that what it writes before finding a conflict or a stored id never survives.
@Suite(.freshDatabase, .tags(.database))
struct AppendFastPathTests {
    @Test func aVersionConflictWritesNothingAndLeavesTheIDsFree() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            try await store.append(to: stream, expected: .noStream, events: [event(), event()])
            let late = event("IntakeAccepted")
            await #expect { try await store.append(to: stream, expected: .exact(1), events: [late]) } throws: {
                ($0 as? EventStoreError)?.code == .versionConflict && ($0 as? EventStoreError)?.actual == 2
            }
            await #expect { try await store.append(to: stream, expected: .noStream, events: [late]) } throws: {
                ($0 as? EventStoreError)?.code == .versionConflict
            }
            #expect(try await storedCount(of: late.id, in: store) == 0)
            #expect(try await store.currentVersion(of: stream) == 2)
            // The refused event's id was not used up: it can be appended for real.
            let result = try await store.append(to: stream, expected: .exact(2), events: [late])
            #expect(result.fromVersion == 3 && result.toVersion == 3)
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    @Test func retriesReturnTheOriginalResultWhateverVersionTheyExpect() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            try await store.append(to: stream, expected: .noStream, events: [event()])
            let events = [event("DossierAttached"), event("IntakeAccepted")]
            let original = try await store.append(to: stream, expected: .exact(1), events: events)
            try await store.append(to: stream, expected: .exact(3), events: [event("Hold")])

            // The stream has moved on since: the exact version no longer holds, and `any`
            // would write the events at versions 5 and 6. Both are recognised as retries.
            #expect(try await store.append(to: stream, expected: .exact(1), events: events) == original)
            #expect(try await store.append(to: stream, expected: .any, events: events) == original)
            #expect(try await store.readStream(stream).map(\.version) == [1, 2, 3, 4])
            #expect(try await store.currentVersion(of: stream) == 4)
        }
    }

    @Test func aRetriedMultiStreamAppendReturnsEveryOriginalResult() async throws {
        try await withStore { store in
            let (first, second) = (uniqueStream(), uniqueStream(category: "council"))
            let batch: [(StreamName, ExpectedVersion, [NewEvent])] = [(first, .noStream, [event()]), (second, .any, [event(), event()])]
            let original = try await store.append(batch)
            #expect(try await store.append(batch) == original)
            #expect(try await store.readStream(second).count == 2)
        }
    }

    @Test func aRetryInsideTheCallersTransactionLeavesItUsable() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let events = [event()]
            let original = try await store.append(to: stream, expected: .noStream, events: events)
            let (retried, more) = try await store.pool.transaction { transaction in
                // The retry's own attempt to write is undone inside the function; the
                // caller's transaction goes on.
                let retried = try store.append(in: transaction, to: stream, expected: .any, events: events)
                let more = try store.append(in: transaction, to: stream, expected: .exact(1), events: [event("Hold")])
                return (retried, more)
            }
            #expect(retried == original)
            #expect(more.toVersion == 2)
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    @Test func aRetryAtTheVersionItExpectsGivesTheClaimedVersionsBack() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let events = [event(), event("DossierAttached")]
            let original = try await store.append(to: stream, expected: .noStream, events: events)

            // The stream is at the version the retry names, so the versions are claimed before
            // the stored ids turn up, and must be handed back.
            #expect(try await store.append(to: stream, expected: .exact(2), events: events) == original)
            #expect(try await store.currentVersion(of: stream) == 2)
            let next = try await store.append(to: stream, expected: .exact(2), events: [event("IntakeAccepted")])
            #expect(next.fromVersion == 3 && next.toVersion == 3)
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    @Test func anAppendOfANewAndAStoredIDOrOfOneIDTwiceWritesNothing() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let stored = event()
            try await store.append(to: stream, expected: .noStream, events: [stored])
            let fresh = event("DossierAttached")

            // The new event is written before the stored id is skipped: the error takes it back.
            await #expect { try await store.append(to: stream, expected: .exact(1), events: [fresh, stored]) } throws: {
                ($0 as? EventStoreError)?.code == .idempotencyMismatch && ($0 as? EventStoreError)?.eventID == stored.id
            }
            let twice = event("IntakeAccepted")
            await #expect { try await store.append(to: stream, expected: .any, events: [twice, twice]) } throws: {
                ($0 as? EventStoreError)?.code == .idempotencyMismatch && ($0 as? EventStoreError)?.eventID == twice.id
            }
            #expect(try await storedCount(of: fresh.id, in: store) == 0)
            #expect(try await storedCount(of: twice.id, in: store) == 0)
            #expect(try await store.currentVersion(of: stream) == 1)

            let result = try await store.append(to: stream, expected: .exact(1), events: [fresh, twice])
            #expect(result.fromVersion == 2 && result.toVersion == 3)
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    @Test func anIDStoredInAnotherStreamIsRefusedNamingItWhicheverWayItIsFound() async throws {
        try await withStore { store in
            let (first, second, third) = (uniqueStream(), uniqueStream(), uniqueStream())
            let stored = event()
            try await store.append(to: first, expected: .noStream, events: [stored])
            try await store.append(to: second, expected: .noStream, events: [event()])
            let namesStored: @Sendable (any Error) -> Bool = {
                ($0 as? EventStoreError)?.code == .idempotencyMismatch && ($0 as? EventStoreError)?.eventID == stored.id
            }
            for expected in [ExpectedVersion.exact(1), .any] {
                // First in the append: the probe for a retry finds it, the full check refuses it.
                await #expect(performing: { try await store.append(to: second, expected: expected, events: [stored]) },
                              throws: namesStored)
                // After a new one: the unique index refuses it, in a single insert and a batch.
                await #expect(performing: {
                    try await store.append(to: second, expected: expected, events: [event("Hold"), stored])
                }, throws: namesStored)
            }
            // A new stream is never probed: the index refuses it there too.
            await #expect(performing: { try await store.append(to: third, expected: .noStream, events: [stored]) },
                          throws: namesStored)
            #expect(try await store.currentVersion(of: second) == 1)
            #expect(try await store.currentVersion(of: third) == 0)
            #expect(try await store.readStream(first).map(\.id) == [stored.id])
            #expect(try await store.verify(stream: second).isIntact)
        }
    }

    @Test func retriesSentAtOnceAllGetTheOriginalResult() async throws {
        try await withStore(maxConnections: 8) { store in
            let stream = uniqueStream()
            try await store.append(to: stream, expected: .noStream, events: [event()])
            let events = [event("DossierAttached"), event("IntakeAccepted")]

            // As a client retrying a slow request might: one of them writes, the others wait for
            // it on the stream's row or on the event ids, then find the events stored.
            let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await store.append(to: stream, expected: index.isMultiple(of: 2) ? .any : .exact(1), events: events)
                    }
                }
                return try await group.reduce(into: [AppendResult]()) { $0.append($1) }
            }
            #expect(results.count == 8)
            #expect(results.allSatisfy { $0 == results[0] })
            #expect(results[0].fromVersion == 2 && results[0].toVersion == 3)
            #expect(try await store.currentVersion(of: stream) == 3)
            let written = try await store.readStream(stream)
            #expect(written.count == 3 && written.dropFirst().map(\.id) == events.map(\.id))
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    @Test func subscribersAreWokenByTheAppendNotByTheirPoll() async throws {
        // A poll interval far longer than the test: only notifications can deliver in time.
        try await withStore(listening: true, options: .init(pollInterval: .seconds(600))) { store in
            let stream = uniqueStream()
            let start = try await currentEnd(of: store)
            let subscriber = subscriber(store, seeing: 3, of: stream, from: start)
            // Both kinds of append, again and again: a transaction open elsewhere in the
            // cluster can hold an event back past its own notification, never past all later ones.
            let writer = Task {
                var version: Int64 = 0
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(200))
                    if version % 2 == 0 {
                        version = try await store.append(to: stream, expected: .exact(version), events: [event()]).toVersion
                    } else {
                        let current = version
                        version = try await store.pool.transaction {
                            try store.append(in: $0, to: stream, expected: .exact(current), events: [event()]).toVersion
                        }
                        await store.notifySubscribers(tenants: [stream.tenant])
                    }
                }
            }
            #expect(try await awaitSubscriber(subscriber, whileWriting: writer))
        }
    }

    /// A writer in another process: a store of its own, its own pool and its own wake-up, as a
    /// second `laurel serve` has. Its appends alone, plain and grouped, wake the subscriber.
    @Test func subscribersAreWokenByAppendsOfAnotherProcess() async throws {
        try await withStore(listening: true, options: .init(pollInterval: .seconds(600))) { reading in
            let stream = uniqueStream()
            let start = try await currentEnd(of: reading)
            let subscriber = subscriber(reading, seeing: 4, of: stream, from: start)
            try await withStore(options: .init(groupCommitConnections: 1)) { (writing: EventStore) async throws in
                let writer = Task {
                    var version: Int64 = 0
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(200))
                        // Alone and as a group of two: both ring the other process's subscriber.
                        let other = uniqueStream()
                        async let grouped = writing.append(to: other, expected: .noStream, events: [event()])
                        version = try await writing.append(to: stream, expected: .exact(version), events: [event()]).toVersion
                        _ = try await grouped
                    }
                }
                #expect(try await awaitSubscriber(subscriber, whileWriting: writer))
            }
        }
    }

    @Test func metadataReadsBackAsWrittenWhateverItHolds() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let written = [
                EventMetadata(),
                EventMetadata(actorID: "cán bộ \"7\" \\ /", actorRoles: ["a", "b\tc"], correlationID: "dòng 1\ndòng 2",
                              causationID: "\u{1}", requestID: "🏅", reason: ""),
            ]
            try await store.append(to: stream, expected: .noStream, events: written.map {
                NewEvent(type: "MetadataChecked", payload: Data("{}".utf8), metadata: $0)
            })
            // As another tool may write it: a key Laurel does not know, and no role list.
            let foreign = #"[{"id": "\#(UUID())", "type": "MetadataChecked", "schema_version": 1, "payload": {}, "#
                + #""metadata": {"actor_id": "x", "actor_roles": null, "extra": {"n": [1, 2]}}}]"#
            try await store.pool.query("SELECT laurel_append($1, $2, $3, $4, $5::jsonb)",
                                       [stream.tenant, stream.category, stream.streamID, Int64(2), foreign])
            let read = try await store.readStream(stream).map(\.metadata)
            #expect(read == written + [EventMetadata(actorID: "x")])
        }
    }

    private func storedCount(of id: UUID, in store: EventStore) async throws -> Int {
        try await store.pool.query("SELECT count(*) FROM events WHERE event_id = $1", [id])[0].decode(0, as: Int.self)
    }

    /// The checkpoint of the last event in the log now (other suites' included).
    private func currentEnd(of store: EventStore) async throws -> LogCheckpoint {
        let rows = try await store.pool.query(
            "SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1")
        guard let row = rows.first else { return .start }
        return LogCheckpoint(transactionID: UInt64(bitPattern: try row.decode(0, as: Int64.self)), position: try row.decode(1))
    }
}
