import Foundation
@testable import LaurelServer
import Testing

extension OpenAPIExampleTests {
    /// The movement examples in their order: a movement refused for its period and a criterion
    /// stated twice, the sector's movement launched and read, Hà Nội's plan recorded and read,
    /// the movement extended and then closed early with its reason, and the year's list.
    static func sendMovementExamples(_ examples: OpenAPIExamples, app: ServerFixture) async throws {
        let office = ["standing_office"]
        let refused = try await examples.send("launchMovement", example: "period_reversed", app: app, as: office, unit: ServerFixture.sector)
        #expect(refused.status == .unprocessableContent, "\(refused.text)")
        #expect(refused.problemType == "urn:laurel:problem:invalid_command")
        #expect((refused.json["detail"] as? String)?.contains("criteria[1]: is stated twice") == true, "\(refused.text)")
        let launched = try await examples.send("launchMovement", example: "anniversary_2026", app: app, as: office, unit: ServerFixture.sector)
        #expect(launched.status == .created, "\(launched.text)")
        let id = ["id": "ky-niem-2026"]
        try await examples.send("getMovement", parameters: id, app: app, as: ["unit_officer"])
        let hanoi = ["id": "ky-niem-2026", "unit": "vksnd-hanoi"]
        let responded = try await examples.send("recordMovementResponse", example: "hanoi_plan", parameters: hanoi, app: app, as: ["unit_officer"])
        #expect(responded.status == .created, "\(responded.text)")
        try await examples.send("getMovementResponse", parameters: hanoi, app: app, as: ["unit_officer"])
        let amended = try await examples.send("amendMovement", example: "extended", parameters: id, app: app, as: office, unit: ServerFixture.sector)
        #expect(amended.json["to"] as? String == "2026-09-02", "\(amended.text)")
        let closed = try await examples.send("closeMovement", example: "early", parameters: id, app: app, as: office, unit: ServerFixture.sector)
        #expect(closed.json["stage"] as? String == "closed", "\(closed.text)")
        let listed = try await examples.send("listMovements", query: "?year=2026", app: app, as: ["unit_officer"])
        #expect((listed.json["movements"] as? [[String: Any]])?.map { $0["id"] as? String } == ["ky-niem-2026"], "\(listed.text)")
    }
}
