import Foundation
import PostgresTestSupport
import Synchronization
import Testing
import Workflow

/// The deadlines report over HTTP with a hold: the stage is shown with its hold and the day its
/// clock stopped, is not late while the clock is stopped, and is due later once the hold is lifted.
@Suite(.freshDatabase, .tags(.database))
struct HeldDeadlinesRouteTests {
    @Test func aHeldStageShowsItsHoldAndIsDueLaterOnceLifted() async throws {
        let today = Mutex(ServerFixture.today)
        try await ServerFixture.run(today: { today.withLock { $0 } }) { app in
            // Submitted on Monday 2 March 2026: the ad hoc `submitted` stage is due on Thursday the 5th.
            let id = try await app.submitAdHoc(unit: "vksnd-hcm").id
            today.withLock { $0 = LocalDate(iso: "2026-03-03")! }
            let placed = try await app.send(.post, "/v1/nominations/\(id)/place-hold", as: ["inspector"], unit: ServerFixture.sector,
                                            json: #"{"hold_id": "KN-3", "hold_kind": "complaint", "reference": "Đơn 3/2026"}"#)
            #expect(placed.status == .ok, "\(placed.text)")
            #expect(placed.nomination["paused_since"] as? String == "2026-03-03")
            var checkpoint = try #require(placed.json["checkpoint"] as? String)

            today.withLock { $0 = LocalDate(iso: "2026-03-10")! }
            let held = try await app.send(.get, "/v1/reports/deadlines?unit=vksnd-hcm&checkpoint=\(checkpoint)", as: ["standing_office"],
                                          unit: ServerFixture.sector)
            let stage = try #require((held.json["items"] as? [[String: Any]])?.first)
            #expect(stage["due_on"] as? String == "2026-03-05")
            #expect(stage["is_overdue"] as? Bool == false)
            #expect(stage["on_hold_since"] as? String == "2026-03-03")
            #expect(stage["hold_kinds"] as? [String] == ["complaint"])
            let overdue = try await app.send(.get, "/v1/reports/deadlines?unit=vksnd-hcm&overdue=true", as: ["standing_office"],
                                             unit: ServerFixture.sector)
            #expect((overdue.json["items"] as? [[String: Any]])?.isEmpty == true, "\(overdue.text)")

            // Lifted on Tuesday the 10th: held on the 4th, 5th, 6th, 9th and 10th, so due five
            // working days after the 5th.
            let lifted = try await app.send(.post, "/v1/nominations/\(id)/lift-hold", as: ["inspector"], unit: ServerFixture.sector,
                                            json: #"{"hold_id": "KN-3", "note": "Đã xác minh"}"#)
            #expect(lifted.status == .ok, "\(lifted.text)")
            #expect(lifted.nomination["stage_deadline"] as? String == "2026-03-12")
            #expect(lifted.nomination["paused_since"] == nil)
            checkpoint = try #require(lifted.json["checkpoint"] as? String)
            let after = try await app.send(.get, "/v1/reports/deadlines?unit=vksnd-hcm&checkpoint=\(checkpoint)", as: ["standing_office"],
                                           unit: ServerFixture.sector)
            let moved = try #require((after.json["items"] as? [[String: Any]])?.first)
            #expect(moved["due_on"] as? String == "2026-03-12")
            #expect(moved["on_hold_since"] == nil)
            #expect(moved["hold_kinds"] as? [String] == [])
        }
    }
}
