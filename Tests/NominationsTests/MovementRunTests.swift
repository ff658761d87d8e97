import Nominations
import Testing
import Workflow

/// A movement runs in a year when it started by the year's last day and neither ended nor was
/// closed before its first, whatever year it started in.
@Suite struct MovementRunTests {
    static func movement(_ from: String, _ to: String, closedOn: String? = nil) -> Movement {
        Movement(stage: closedOn == nil ? .running : .closed,
                 details: MovementDetails(name: "Phong trào", authority: "vksndtc", decision: "Kế hoạch 1/KH-VKSTC", from: day(from),
                                          to: day(to), goals: ["Hoàn thành chỉ tiêu"], criteria: ["Đạt chỉ tiêu"]),
                 launchedOn: day(from), closedOn: closedOn.map(day))
    }

    @Test func aMovementRunsInEveryYearItsPeriodTouchesUntilItCloses() {
        let fiveYears = Self.movement("2021-01-01", "2025-12-31")
        #expect([2020, 2021, 2023, 2025, 2026].map(fiveYears.ran(in:)) == [false, true, true, true, false])
        let acrossNewYear = Self.movement("2025-12-01", "2026-07-26")
        #expect([2025, 2026, 2027].map(acrossNewYear.ran(in:)) == [true, true, false])
        let closedEarly = Self.movement("2025-12-01", "2026-07-26", closedOn: "2025-12-20")
        #expect([2025, 2026].map(closedEarly.ran(in:)) == [true, false])
        #expect(!Movement().ran(in: 2026), "never launched")
    }
}
