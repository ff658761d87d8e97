@testable import EventStore
import Synchronization
import Testing

/// The queue between a subscription's read-ahead task and its consumer: order, the bound on
/// pages waiting, the end, failures and cancellation.
@Suite struct ReadAheadTests {
    struct Failure: Error, Equatable {}

    final class Flag: Sendable {
        private let raised = Atomic<Bool>(false)
        func raise() { raised.store(true, ordering: .sequentiallyConsistent) }
        var isRaised: Bool { raised.load(ordering: .sequentiallyConsistent) }
    }

    @Test func pagesArriveInOrderAndEndAfterFinish() async throws {
        let queue = PageQueue<Int>(capacity: 3)
        #expect(await queue.put(1))
        #expect(await queue.put(2))
        let first = try await queue.take()
        #expect(await queue.put(3))
        queue.finish(throwing: nil)
        let rest = [try await queue.take(), try await queue.take(), try await queue.take()]
        #expect(first == 1)
        #expect(rest == [2, 3, nil])
    }

    @Test func aReaderWaitsWhileTheQueueIsFullUntilAPageIsTaken() async throws {
        let queue = PageQueue<Int>(capacity: 2)
        #expect(await queue.put(1))
        let returned = Flag()
        // The second page fills the queue: its put returns only once a page is taken.
        let reader = Task {
            let accepted = await queue.put(2)
            returned.raise()
            return accepted
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!returned.isRaised)
        #expect(try await queue.take() == 1)
        #expect(await reader.value)
        #expect(try await queue.take() == 2)
    }

    @Test func aWaitingConsumerGetsThePageHandedToIt() async throws {
        let queue = PageQueue<Int>(capacity: 1)
        let consumer = Task { try await queue.take() }
        // Whether the consumer waits already or comes later, the page reaches it and the put
        // returns accepted.
        #expect(await queue.put(7))
        #expect(try await consumer.value == 7)
    }

    @Test func aFailureReachesTheConsumerAfterThePagesBeforeIt() async throws {
        let queue = PageQueue<Int>(capacity: 2)
        #expect(await queue.put(1))
        queue.finish(throwing: Failure())
        #expect(try await queue.take() == 1)
        await #expect(throws: Failure.self) { try await queue.take() }
    }

    @Test func aCancelledConsumerStopsWaiting() async throws {
        let queue = PageQueue<Int>(capacity: 2)
        let consumer = Task { try await queue.take() }
        consumer.cancel()
        await #expect(throws: CancellationError.self) { try await consumer.value }
    }

    @Test func closingReleasesAReaderWaitingForRoomAndRefusesMorePages() async throws {
        let queue = PageQueue<Int>(capacity: 1)
        let reader = Task { await queue.put(1) }  // fills the queue, so it waits for room
        try await Task.sleep(for: .milliseconds(100))
        queue.close()
        #expect(await reader.value == false)
        #expect(await queue.put(2) == false)
    }
}
