import Foundation
@testable import LaurelServer
import Testing

extension OpenAPIExampleTests {
    /// The commemorative medal's examples in their order: Hà Nội's service records imported (and
    /// the import read), the year's candidates computed from them, and Hà Nội's candidates sent as
    /// its list.
    static func sendMedalExamples(_ examples: OpenAPIExamples, app: ServerFixture) async throws {
        let imported = try await examples.send("importServiceRecords", example: "hanoi_2026", app: app, as: ["standing_office"],
                                               unit: ServerFixture.sector)
        #expect(imported.status == .created, "\(imported.text)")
        let sha = try #require(imported.json["file_sha256"] as? String)
        try await examples.send("getServiceRecordImport", parameters: ["sha256": sha], app: app, as: ["auditor"], unit: ServerFixture.sector)
        let checkpoint = try #require(imported.json["checkpoint"] as? String)
        let candidates = try await examples.send("getCommemorativeMedalCandidates", parameters: ["year": "2026"],
                                                 query: "?unit=vksnd-hanoi&checkpoint=\(checkpoint)", app: app, as: ["unit_officer"])
        // Exactly fifteen years on 26 July 2026, and fifteen years with a reprimand's 181 days added.
        #expect((candidates.json["candidates"] as? [[String: Any]])?.map { $0["qualifies_on"] as? String } == ["2026-07-26", "2020-08-29"],
                "\(candidates.text)")
        let sent = try await examples.send("submitCommemorativeMedalList", example: "hanoi_2026", parameters: ["year": "2026"], app: app,
                                           as: ["unit_officer"])
        #expect(sent.status == .created, "\(sent.text)")
        #expect((sent.json["rows"] as? [[String: Any]])?.count == 2, "\(sent.text)")
    }
}
