import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct AppendTests {
    @Test func appendsAndReadsAStreamWithExpectedVersions() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let first = try await store.append(to: stream, expected: .noStream, events: [event(), event("DossierAttached")])
            #expect(first.fromVersion == 1 && first.toVersion == 2)
            let second = try await store.append(to: stream, expected: .exact(2), events: [event("IntakeAccepted")])
            #expect(second.fromVersion == 3 && second.toVersion == 3)
            #expect(second.checkpoint > first.checkpoint)
            let third = try await store.append(to: stream, expected: .any, events: [event("Hold")])
            #expect(third.toVersion == 4)
            #expect(try await store.currentVersion(of: stream) == 4)

            let events = try await store.readStream(stream)
            #expect(events.map(\.version) == [1, 2, 3, 4])
            #expect(events.map(\.type) == ["NominationSubmitted", "DossierAttached", "IntakeAccepted", "Hold"])
            #expect(events[0].previousHash == nil && events[1].previousHash == events[0].hash)
            #expect(events[0].metadata.actorRoles == ["unit_officer"])
            #expect(events[0].stream == stream)
            let payload = try JSONSerialization.jsonObject(with: events[0].payload) as? [String: Any]
            #expect(payload?["unit"] as? String == "Phòng 1")
            #expect(try await store.readStream(stream, from: 3, limit: 1).map(\.version) == [3])

            await #expect { try await store.append(to: stream, expected: .exact(2), events: [event()]) } throws: {
                guard let error = $0 as? EventStoreError else { return false }
                return error.code == .versionConflict && error.actual == 4 && error.expected == .exact(2) && error.stream == stream
            }
            await #expect { try await store.append(to: stream, expected: .noStream, events: [event()]) } throws: {
                ($0 as? EventStoreError)?.actual == 4
            }
            await #expect { try await store.append(to: uniqueStream(), expected: .exact(1), events: [event()]) } throws: {
                ($0 as? EventStoreError)?.actual == 0
            }
            #expect(try await store.currentVersion(of: stream) == 4)
        }
    }

    @Test func readsAStreamAsOfAVersionOrATime() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            try await store.append(to: stream, expected: .noStream, events: [event(), event()])
            let middle = try await store.readStream(stream).last!.recordedAt
            try await Task.sleep(for: .milliseconds(20))
            try await store.append(to: stream, expected: .exact(2), events: [event()])
            #expect(try await store.readStream(stream, asOf: .version(1)).map(\.version) == [1])
            #expect(try await store.readStream(stream, asOf: .time(middle)).map(\.version) == [1, 2])
            #expect(try await store.readStream(stream, asOf: .time(Date())).count == 3)
        }
    }

    @Test func twentyConcurrentWritersWriteEachVersionExactlyOnce() async throws {
        try await withStore(maxConnections: 20) { store in
            // Round one: all expect a new stream; exactly one wins.
            let stream = uniqueStream()
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            try await store.append(to: stream, expected: .noStream, events: [event()])
                            return true
                        } catch let error as EventStoreError where error.code == .versionConflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)

            // Round two: each writer reads the version and retries on conflict until it lands.
            let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        var conflicts = 0
                        while true {
                            let version = try await store.currentVersion(of: stream)
                            do {
                                try await store.append(to: stream, expected: .exact(version), events: [event()])
                                return conflicts
                            } catch let error as EventStoreError where error.code == .versionConflict {
                                #expect(error.actual! > version)
                                conflicts += 1
                            }
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(conflicts > 0)
            let events = try await store.readStream(stream)
            #expect(events.map(\.version) == Array(1...21))
            #expect(Set(events.map(\.id)).count == 21)
            for (previous, next) in zip(events, events.dropFirst()) { #expect(next.previousHash == previous.hash) }
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    @Test func aRetriedAppendReturnsTheOriginalResultAndStoresNothingTwice() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let events = [event(), event("DossierAttached")]
            let original = try await store.append(to: stream, expected: .noStream, events: events)
            let retried = try await store.append(to: stream, expected: .noStream, events: events)
            #expect(retried == original)
            #expect(try await store.readStream(stream).count == 2)
            #expect(try await store.currentVersion(of: stream) == 2)
        }
    }

    @Test func theSameIDWithOtherContentIsRefused() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let id = UUID()
            try await store.append(to: stream, expected: .noStream, events: [event(id: id)])
            await #expect { try await store.append(to: stream, expected: .any, events: [event(#"{"unit": "other"}"#, id: id)]) } throws: {
                ($0 as? EventStoreError)?.code == .idempotencyMismatch && ($0 as? EventStoreError)?.eventID == id
            }
            // An id reused in another stream is refused too, and so is a partial retry.
            await #expect { try await store.append(to: uniqueStream(), expected: .any, events: [event(id: id)]) } throws: {
                $0.eventStoreCode == .idempotencyMismatch
            }
            await #expect { try await store.append(to: stream, expected: .any, events: [event(id: id), event()]) } throws: {
                $0.eventStoreCode == .idempotencyMismatch
            }
            #expect(try await store.readStream(stream).count == 1)
        }
    }

    @Test func aMultiStreamAppendRollsBackEntirelyOnOneConflict() async throws {
        try await withStore { store in
            let (first, second, third) = (uniqueStream(), uniqueStream(category: "council"), uniqueStream())
            try await store.append(to: second, expected: .noStream, events: [event()])
            await #expect {
                try await store.append([(first, .noStream, [event()]), (second, .exact(5), [event()]), (third, .any, [event()])])
            } throws: {
                guard let error = $0 as? EventStoreError else { return false }
                return error.code == .versionConflict && error.stream == second && error.actual == 1
            }
            #expect(try await store.currentVersion(of: first) == 0)
            #expect(try await store.readStream(first).isEmpty)
            #expect(try await store.readStream(third).isEmpty)
            #expect(try await store.readStream(second).count == 1)

            let results = try await store.append([(first, .noStream, [event(), event()]), (second, .exact(1), [event()])])
            #expect(results.map(\.toVersion) == [2, 2])
            #expect(results[0].checkpoint.transactionID == results[1].checkpoint.transactionID)
        }
    }

    /// Many streams go in with one call of `laurel_append_streams` (sql/0031): every stream's
    /// chain as if appended alone, the log's positions in the batch's order.
    @Test func aBatchOfManyStreamsChainsEachAndKeepsTheBatchsOrder() async throws {
        try await withStore { store in
            let existing = uniqueStream(category: "council")
            try await store.append(to: existing, expected: .noStream, events: [event(), event()])
            let (fresh, anyVersion, other) = (uniqueStream(), uniqueStream(), uniqueStream(category: "quota"))
            try await store.append(to: anyVersion, expected: .noStream, events: [event()])
            let batch: [(StreamName, ExpectedVersion, [NewEvent])] = [
                (fresh, .noStream, [event(), event("DossierAttached"), event("IntakeAccepted")]),
                (existing, .exact(2), [event("Hold")]),
                (anyVersion, .any, [event("A"), event("B")]),
                (other, .exact(0), [event()]),
            ]
            let results = try await store.append(batch)
            #expect(results.map(\.fromVersion) == [1, 3, 2, 1] && results.map(\.toVersion) == [3, 3, 3, 1])
            #expect(Set(results.map(\.checkpoint.transactionID)).count == 1)
            let positions = results.map(\.checkpoint.position)
            #expect(positions == positions.sorted())
            for (stream, _, events) in batch {
                let read = try await store.readStream(stream)
                #expect(Array(read.suffix(events.count)).map(\.id) == events.map(\.id))
                #expect(try await store.verify(stream: stream).isIntact)
            }
            // The same batch again is a retry, and returns what the first one did.
            #expect(try await store.append(batch) == results)
        }
    }

    /// Events sharing their metadata have it written once for the append; each event still
    /// stores its own.
    @Test func eachEventKeepsItsOwnMetadataInABatch() async throws {
        try await withStore { store in
            let (one, two) = (uniqueStream(), uniqueStream())
            let batch: [(StreamName, ExpectedVersion, [NewEvent])] = [
                (one, .noStream, [event(reason: "a"), event(reason: "a"), event(reason: "b")]),
                (two, .noStream, [event(reason: "b"), event(reason: nil)]),
            ]
            _ = try await store.append(batch)
            #expect(try await store.readStream(one).map(\.metadata.reason) == ["a", "a", "b"])
            #expect(try await store.readStream(two).map(\.metadata.reason) == ["b", nil])
            #expect(try await store.readStream(two).allSatisfy { $0.metadata.actorID == "officer-7" })
            let alone = uniqueStream()
            try await store.append(to: alone, expected: .noStream, events: [event(reason: "c"), event(reason: "d")])
            #expect(try await store.readStream(alone).map(\.metadata.reason) == ["c", "d"])
        }
    }

    /// One event a stream (a year-end list's shape) goes in with one plain insert (sql/0035):
    /// each event still chains onto its own stream's last event, new streams and old alike, and
    /// the log's positions follow the batch.
    @Test func aBatchOfOneEventAStreamChainsEachOntoItsStream() async throws {
        try await withStore { store in
            let (old, older) = (uniqueStream(category: "council"), uniqueStream())
            try await store.append(to: old, expected: .noStream, events: [event(), event("Hold")])
            try await store.append(to: older, expected: .noStream, events: [event()])
            let batch: [(StreamName, ExpectedVersion, [NewEvent])] = [
                (uniqueStream(), .noStream, [event()]),
                (old, .exact(2), [event("Release")]),
                (older, .any, [event("Hold")]),
                (uniqueStream(category: "quota"), .exact(0), [event()]),
            ]
            let results = try await store.append(batch)
            #expect(results.map(\.fromVersion) == [1, 3, 2, 1] && results.map(\.toVersion) == [1, 3, 2, 1])
            let positions = results.map(\.checkpoint.position)
            #expect(positions == positions.sorted() && Set(positions).count == batch.count)
            for ((stream, _, events), result) in zip(batch, results) {
                let read = try await store.readStream(stream)
                #expect(read.last?.id == events[0].id && read.last?.version == result.toVersion)
                #expect(read.last?.checkpoint == result.checkpoint, "each result is its own stream's, in the batch's order")
                #expect(try await store.verify(stream: stream).isIntact)
            }
            #expect(try await store.append(batch) == results)
            await #expect(throws: EventStoreError.self) {
                try await store.append([(old, .exact(2), [event()]), (uniqueStream(), .noStream, [event()])])
            }
        }
    }

    /// A stream named twice in one batch goes in stream by stream, the second after the first.
    @Test func aStreamNamedTwiceInABatchTakesItsVersionsInTurn() async throws {
        try await withStore { store in
            let (stream, other) = (uniqueStream(), uniqueStream())
            let results = try await store.append([
                (stream, .noStream, [event()]), (other, .noStream, [event()]), (stream, .exact(1), [event("Hold")]),
            ])
            #expect(results.map(\.toVersion) == [1, 1, 2])
            #expect(try await store.readStream(stream).map(\.type) == ["NominationSubmitted", "Hold"])
            #expect(try await store.verify(stream: stream).isIntact)
        }
    }

    /// Two batches that both create the same streams at once: one commits, the other is told of a
    /// version conflict after waiting for it, and none of its other streams is written.
    @Test func batchesRacingForTheSameNewStreamsWriteOneWhole() async throws {
        try await withStore(maxConnections: 8) { store in
            for _ in 0..<5 {
                let shared = (0..<3).map { _ in uniqueStream() }
                let own = (0..<4).map { _ in uniqueStream(category: "council") }
                let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                    for index in 0..<4 {
                        group.addTask {
                            do {
                                _ = try await store.append((shared + [own[index]]).map { ($0, .noStream, [event()]) })
                                return (index, true)
                            } catch let error as EventStoreError where error.code == .versionConflict {
                                #expect(error.stream.map(shared.contains) == true)
                                return (index, false)
                            }
                        }
                    }
                    return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
                }
                #expect(outcomes.values.filter { $0 }.count == 1)
                for (index, stream) in own.enumerated() {
                    #expect(try await store.currentVersion(of: stream) == (outcomes[index] == true ? 1 : 0))
                }
                for stream in shared { #expect(try await store.readStream(stream).count == 1) }
            }
        }
    }

    @Test func appendsInsideTheCallersTransaction() async throws {
        try await withStore { store in
            let stream = uniqueStream()
            let result = try await store.pool.transaction { transaction in
                try transaction.execute("CREATE TABLE IF NOT EXISTS idempotency_records (key text PRIMARY KEY)")
                let result = try store.append(in: transaction, to: stream, expected: .noStream, events: [event()])
                try transaction.query("INSERT INTO idempotency_records VALUES ($1)", [stream.id])
                return result
            }
            #expect(result.toVersion == 1)
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await store.pool.transaction { transaction in
                    try store.append(in: transaction, to: stream, expected: .exact(1), events: [event()])
                    throw Rollback()
                }
            }
            #expect(try await store.currentVersion(of: stream) == 1)
        }
    }

    /// Payloads go to the server as the bytes they are: one that is not UTF-8 or not JSON is
    /// refused there, whichever statement carries it, and nothing of its append is stored (never
    /// stored with its bytes mended).
    @Test func aPayloadThatIsNotUTF8OrNotJSONIsRefusedAndNothingIsStored() async throws {
        try await withStore { store in
            let notUTF8 = NewEvent(type: "Broken", payload: Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]))
            let notJSON = NewEvent(type: "Broken", payload: Data(#"{"a": "#.utf8))
            for broken in [notUTF8, notJSON] {
                let one = uniqueStream(), other = uniqueStream()
                let appends: [[(StreamName, ExpectedVersion, [NewEvent])]] = [
                    [(one, .noStream, [broken])],
                    [(one, .noStream, [event(), broken])],
                    [(one, .noStream, [event()]), (other, .noStream, [broken])],
                ]
                for batch in appends {
                    await #expect(throws: PostgresError.self) { try await store.append(batch) }
                }
                let storedOne = try await store.readStream(one), storedOther = try await store.readStream(other)
                #expect(storedOne.isEmpty && storedOther.isEmpty)
            }
        }
    }

    @Test func refusesNamesThatCannotBeStoredUnambiguouslyAndEmptyAppends() async throws {
        try await withStore { store in
            for name in [StreamName(tenant: "t", category: "a-b", id: "1"), StreamName(tenant: "t/u", category: "a", id: "1"),
                         StreamName(tenant: "t", category: "a", id: "")] {
                await #expect { try await store.append(to: name, expected: .any, events: [event()]) } throws: {
                    $0.eventStoreCode == .invalidStreamName
                }
            }
            await #expect { try await store.append(to: uniqueStream(), expected: .any, events: []) } throws: {
                $0.eventStoreCode == .emptyAppend
            }
            #expect(StreamName(parsing: "vksnd/nomination-42-a") == StreamName(tenant: "vksnd", category: "nomination", id: "42-a"))
            #expect(StreamName(parsing: "nomination-42") == nil)
            #expect(LogCheckpoint("12:34") == LogCheckpoint(transactionID: 12, position: 34))
            #expect(LogCheckpoint("12:34")?.description == "12:34")
            #expect(LogCheckpoint("x:1") == nil)
        }
    }
}
