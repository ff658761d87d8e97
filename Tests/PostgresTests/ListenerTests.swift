import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Reads a listener's events one at a time, giving up after a timeout.
final class EventReader: @unchecked Sendable {
    // Used by one reading task at a time.
    private var iterator: AsyncStream<ListenerEvent>.AsyncIterator

    init(_ stream: AsyncStream<ListenerEvent>) { iterator = stream.makeAsyncIterator() }

    /// The next event, or nil if none comes within `timeout` (the stream ends then).
    func next(timeout: Duration = .seconds(8)) async -> ListenerEvent? {
        await withTaskGroup(of: ListenerEvent?.self) { group in
            group.addTask { await self.read() }
            group.addTask { try? await Task.sleep(for: timeout); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func read() async -> ListenerEvent? { await iterator.next() }
}

@Suite(.freshDatabase, .tags(.database))
struct ListenerTests {
    @Test func receivesANotify() async throws {
        let listener = Listener(configuration: try TestDatabase.configuration)
        defer { listener.close() }
        let events = listener.events()
        try await listener.start()
        try await listener.listen("nominations")
        try await listener.listen("Hồ sơ \"mới\"")  // any name: quoted as an identifier

        try await Connection.withConnection(try TestDatabase.configuration) { sender in
            let senderPID = try await sender.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self)
            try await sender.query("SELECT pg_notify($1, $2)", ["nominations", "submitted: 'A' \\ 🏅"])
            try await sender.query("SELECT pg_notify($1, $2)", ["unheard", "nobody listens"])
            try await sender.query("SELECT pg_notify($1, $2)", ["Hồ sơ \"mới\"", "thi đua"])

            let reader = EventReader(events)
            let first = await reader.next()
            guard case .notification(let first)? = first else {
                Issue.record("expected a notification, got \(String(describing: first))")
                return
            }
            #expect(first.channel == "nominations")
            #expect(first.payload == "submitted: 'A' \\ 🏅")
            #expect(first.senderPID == senderPID)
            let second = await reader.next()
            guard case .notification(let second)? = second else {
                Issue.record("expected a notification, got \(String(describing: second))")
                return
            }
            #expect(second.channel == "Hồ sơ \"mới\"")
            #expect(second.payload == "thi đua")
        }
    }

    @Test func closeFinishesTheStreams() async throws {
        let listener = Listener(configuration: try TestDatabase.configuration)
        let events = listener.events()
        try await listener.start()
        listener.close()
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        // A stream asked for after closing ends at once.
        var late = listener.events().makeAsyncIterator()
        #expect(await late.next() == nil)
    }

    @Test func aFailedStartThrows() async throws {
        let listener = Listener(configuration: PostgresConfiguration(
            "postgresql://laurel@127.0.0.1:1/none", connectTimeout: 2))
        defer { listener.close() }
        let error = await #expect(throws: PostgresError.self) { try await listener.start() }
        #expect(error?.code == .connectionFailed)
    }

    @Test func reconnectsAfterTheServerRestarts() async throws {
        try await PrivateCluster.with { cluster in
            let configuration = try cluster.configuration()
            let (logger, log) = CollectingLogHandler.logger("listener-test")
            let listener = Listener(configuration: configuration, logger: logger)
            defer { listener.close() }
            let reader = EventReader(listener.events())
            try await listener.start()
            try await listener.listen("events")

            try await cluster.restart()
            let event = await reader.next()
            #expect(event == .reconnected, "log: \(log.messages)")
            #expect(log.messages.contains { $0.contains("reconnected") })

            try await Connection.withConnection(configuration) { sender in
                try await sender.query("SELECT pg_notify('events', $1)", ["after the restart"])
                guard case .notification(let notification)? = await reader.next() else {
                    Issue.record("no notification after reconnecting")
                    return
                }
                #expect(notification.channel == "events")
                #expect(notification.payload == "after the restart")
            }
        }
    }
}
