import Commands
import EventStore
import Foundation
import Nominations
import Testing

/// What a process keeps of the aggregates its commands stored: newer versions win, the
/// bound holds, and a forgotten one is gone.
@Suite struct KeptStatesTests {
    private func stream(_ id: String) -> StreamName { StreamName(tenant: "procuracy", category: "nomination", id: id) }

    private func nomination(_ id: String, state: String = "submitted") throws -> Nomination {
        let json = """
            {"id": "\(id)", "kind": "ad_hoc", "title": "certificate_of_merit", "titleName": "Bằng khen", "year": 2026,
             "nominee": {"type": "individual", "id": "staff-1", "name": "Nguyễn Văn An", "unit": "vksnd-hanoi"},
             "achievementSummary": "Phá án", "documents": [], "ruleSetVersion": "2025.1", "workflowVersion": 1,
             "submittedOn": "2026-03-02", "state": "\(state)", "stageEnteredOn": "2026-03-02", "holds": [],
             "returnReasons": [], "rejectionReasons": []}
            """
        return try JSONDecoder().decode(Nomination.self, from: Data(json.utf8))
    }

    @Test func aLaterVersionIsKeptAndAnEarlierOneDoesNotReplaceIt() throws {
        let folded = KeptStates<Nomination?>()
        folded.keep(stream("N-1"), Loaded(state: try nomination("N-1", state: "accepted"), version: 2))
        folded.keep(stream("N-1"), Loaded(state: try nomination("N-1", state: "submitted"), version: 1))
        #expect(folded.state(of: stream("N-1"))?.version == 2)
        #expect(folded.state(of: stream("N-1"))?.state?.state == "accepted")
        folded.keep(stream("N-1"), Loaded(state: try nomination("N-1", state: "approved"), version: 3))
        #expect(folded.state(of: stream("N-1"))?.state?.state == "approved")
        folded.forget(stream("N-1"))
        #expect(folded.state(of: stream("N-1")) == nil)
    }

    @Test func aStreamWithoutEventsIsNotKept() {
        let folded = KeptStates<Nomination?>()
        folded.keep(stream("N-new"), Loaded<Nomination?>(state: nil, version: 0))
        #expect(folded.state(of: stream("N-new")) == nil)
        #expect(folded.count == 0)
    }

    @Test func atMostTheCapacityIsKeptAndNominationsInUseStay() throws {
        let folded = KeptStates<Nomination?>(capacity: 10)
        let template = try nomination("N")
        for index in 0..<100 {
            folded.keep(stream("N-\(index)"), Loaded(state: template, version: 1))
            // One nomination keeps being worked on while the others come and go.
            #expect(folded.state(of: stream("N-0")) != nil, "after \(index)")
            #expect(folded.count <= 10)
        }
        #expect(folded.state(of: stream("N-99")) != nil)
        #expect(folded.state(of: stream("N-50")) == nil)
    }
}

