import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// A refusal is final only on what is stored: a process deciding on the state it kept, which
/// another process (another instance of the service) has moved past, decides again on a fresh read.
@Suite(.freshDatabase, .tags(.database))
struct StaleRefusalTests {
    @Test func aCommandRefusedOnAKeptStateAnotherProcessMovedIsDecidedAgain() async throws {
        try await withStore { store in
            // Two processes: each its own command handler and kept states, one store.
            let first = try nominationCommands(store)
            let second = try nominationCommands(store)
            let unit = "vksnd-hanoi"
            #expect(try await runCommand(certificateOfMerit("K-1", nominee: "kept-1", unit: unit), by: People.officer(unit), on: first)
                    == "submitted")
            // The other process returns it; the first still keeps it as submitted.
            #expect(try await runCommand(.returnForAmendment(.init(nominationID: "K-1", reasons: ["Thiếu tờ trình"])), by: People.office,
                                         on: second) == "returned")
            // Resubmitting is possible only from `returned`: decided on the kept state alone it
            // would be refused as not possible in `submitted`.
            #expect(try await runCommand(.resubmit(.init(nominationID: "K-1")), by: People.officer(unit), on: first) == "submitted")
        }
    }
}
