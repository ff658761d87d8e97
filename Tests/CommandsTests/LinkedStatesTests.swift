import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// Streams a batch reads ahead, in one statement, load as they were when read; the others are
/// read when first loaded.
@Suite(.freshDatabase, .tags(.database))
struct LinkedStatesTests {
    @Test func streamsReadAheadLoadAsTheyStoodWhenRead() async throws {
        try await withStore { store in
            let commands = try nominationCommands(store)
            let unit = "vksnd-hanoi"
            #expect(try await runCommand(certificateOfMerit("P-1", nominee: "ahead-1", unit: unit), by: People.officer(unit), on: commands)
                    == "submitted")
            let reader = AggregateReader(store: store)
            let stream = commands.streams.nomination("P-1")
            let missing = commands.streams.nomination("P-none")
            let linked = LinkedStates(reader: reader)
            try await linked.prefetch([stream, missing, stream])

            #expect(try await runCommand(.accept(.init(nominationID: "P-1")), by: People.office, on: commands) == "accepted")
            let ahead = try await linked.load(Nomination.self, stream)
            let now = try await reader.load(Nomination.self, stream)
            #expect(ahead.state?.state == "submitted")
            #expect(now.state?.state == "accepted")
            #expect(ahead.version < now.version)
            let none = try await linked.load(Nomination.self, missing)
            #expect(none.version == 0 && none.state == nil)

            // Not read ahead: read when first loaded, then kept for the attempt.
            let later = LinkedStates(reader: reader)
            #expect(try await later.load(Nomination.self, stream).version == now.version)
        }
    }
}
