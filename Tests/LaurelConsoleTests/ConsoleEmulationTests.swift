import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// The console's emulation page: the year's movements as the API launches them, each with its
/// thematic award nominations, names shown as text, and the ranking's place when the year has no
/// scoring table.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleEmulationTests {
    @Test func theYearsMovementsAreListedWithTheirStage() async throws {
        try await ConsoleFixture.run { fixture in
            let tenant = fixture.services.tenants.defaultTenant
            let details = MovementDetails(
                name: "Thi đua <b>lập thành tích</b> chào mừng 66 năm thành lập ngành", authority: "vksndtc",
                decision: "Kế hoạch 10/KH-VKSTC ngày 15/01/2026", from: LocalDate(year: 2026, month: 1, day: 15)!,
                to: LocalDate(year: 2026, month: 7, day: 26)!, goals: ["Hoàn thành xuất sắc các chỉ tiêu"],
                criteria: ["Không có oan, sai"])
            let office = Actor(id: "office-1", roles: ["standing_office"], unit: "vksndtc")
            _ = try await tenant.commands.run(.launch(details), movement: "ky-niem-66", actor: office,
                                              options: CommandOptions(startsStream: true, metadata: EventMetadata(actorID: office.id, actorRoles: ["standing_office"]))) { _ in
                StoredResponse(status: 201, headers: [:], body: Data())
            }
            try await fixture.account("lan-e1", roles: ["unit_officer"])
            let session = try await fixture.session("lan-e1")
            let page = try await fixture.send(.get, "/emulation?year=2026", cookies: session.cookies)
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.text.contains("Thi đua &lt;b&gt;lập thành tích&lt;/b&gt; chào mừng 66 năm thành lập ngành"), "\(page.text)")
            #expect(page.text.contains("15/01/2026 – 26/07/2026") && page.text.contains("Đang diễn ra"))
            #expect(page.text.contains("Chưa ban hành bảng tiêu chí chấm điểm của năm."), "no table published for 2026")
            #expect(page.text.contains("href=\"/emulation\""), "the page is in the navigation")

            let before = try await fixture.send(.get, "/emulation?year=2025", cookies: session.cookies)
            #expect(before.status == .ok && before.text.contains("Chưa có phong trào nào phát động trong năm."))
            #expect(!before.text.contains("66 năm thành lập ngành"))
        }
    }
}
