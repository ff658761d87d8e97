import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Testing
import Workflow

/// The year's scoring table, the units' scores and the ranking through the command handler and a
/// real store: a unit's first score noted on the table's stream in the same append, a new edition
/// after it only with a reason, and the ranking read from the streams with every change behind it.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct ScoringCommandsTests {
    static let table = ScoringTable(
        groups: [CriteriaGroup(code: "A", name: "Nghiệp vụ", criteria: [
                    ScoringItem(code: "A1", name: "Chỉ tiêu nghiệp vụ", maxPoints: Points(60), evidence: "Báo cáo thống kê")]),
                 CriteriaGroup(code: "B", name: "Xây dựng đơn vị", criteria: [ScoringItem(code: "B1", name: "Tổ chức cán bộ", maxPoints: Points(40))])],
        bonuses: [], penalties: [ScoringItem(code: "TR1", name: "Kỷ luật", maxPoints: Points(5))],
        bands: [ClassificationBand(code: "xuat_sac", name: "Xuất sắc", minimum: Points(95)),
                ClassificationBand(code: "tot", name: "Tốt", minimum: Points(80), below: Points(95)),
                ClassificationBand(code: "chua_dat", name: "Chưa đạt", minimum: .zero, below: Points(80))],
        tieBreak: [.groupTotal("A"), .fewerPenaltyPoints], source: "Quyết định 1/QĐ-VKSTC")
    static let clusterHead = People.officer("vksnd-haiphong")

    let noReply: @Sendable (Any) throws -> StoredResponse = { _ in StoredResponse(status: 200, headers: [:], body: Data()) }

    func options(_ actor: Actor, reason: String? = nil) -> CommandOptions {
        CommandOptions(metadata: EventMetadata(actorID: actor.id, reason: reason))
    }

    func publish(_ table: ScoringTable = Self.table, reason: String? = nil, on commands: NominationCommands) async throws {
        _ = try await commands.run(PublishScoringTable(year: 2026, table: table, reason: reason), actor: People.office,
                                   options: options(People.office), reply: noReply)
    }

    func score(_ unit: String, a1: Int, b1: Int, on commands: NominationCommands) async throws {
        let lines = [ScoreLine(item: "A1", points: Points(a1), evidence: [.text("Báo cáo 12/BC")]), ScoreLine(item: "B1", points: Points(b1))]
        _ = try await commands.run(UnitScoreCommand.selfScore(unitYear: UnitYear(unit: unit, year: 2026), lines: lines),
                                   actor: People.officer(unit), options: options(People.officer(unit)), reply: noReply)
    }

    @Test func aFirstScoreIsNotedOnTheTableAndANewEditionThenNeedsAReason() async throws {
        try await withStore { store in
            let commands = try nominationCommands(store)
            await #expect(throws: DomainError.self) { try await score("vksnd-hanoi", a1: 50, b1: 30, on: commands) }
            try await publish(on: commands)
            try await publish(ScoringTable(groups: Self.table.groups, bonuses: [], penalties: Self.table.penalties, bands: Self.table.bands,
                                           tieBreak: Self.table.tieBreak, source: "Quyết định 2/QĐ-VKSTC"), on: commands)
            try await score("vksnd-hanoi", a1: 50, b1: 30, on: commands)
            try await score("vksnd-hanoi", a1: 52, b1: 30, on: commands)
            let table = try await commands.scoringTable(2026)
            #expect(table.state.edition == 2)
            #expect(table.state.scoredUnits == ["vksnd-hanoi"])
            #expect(table.version == 3, "two editions and one first score; the second score is not noted again")
            let third = ScoringTable(groups: Self.table.groups, bonuses: [], penalties: Self.table.penalties, bands: Self.table.bands,
                                     tieBreak: Self.table.tieBreak, source: "Quyết định 3/QĐ-VKSTC")
            let refused = await #expect(throws: DomainError.self) { try await publish(third, on: commands) }
            #expect(refused?.message.contains("needs a reason") == true)
            try await publish(third, reason: "Đính chính căn cứ", on: commands)
            #expect(try await commands.scoringTable(2026).state.edition == 3)
            // Another tenant sees none of it.
            let (configuration, _) = try shippedConfiguration()
            let other = NominationCommands(handler: CommandHandler(store: store, tenant: "other"), tenant: "other",
                                           configuration: configuration, today: { today })
            #expect(try await other.scoringTable(2026).version == 0)
            #expect(try await other.unitScore(UnitYear(unit: "vksnd-hanoi", year: 2026)).version == 0)
            #expect(try await other.ranking(year: 2026, units: ["vksnd-hanoi"]) == nil)
        }
    }

    @Test func theRankingFollowsTheReviewedScoresAndKeepsEveryChange() async throws {
        try await withStore { store in
            let (configuration, _) = try shippedConfiguration()
            // A database of its own per suite, shared by its tests: this test's year is its own tenant.
            let commands = NominationCommands(handler: CommandHandler(store: store, tenant: "ranking"), tenant: "ranking",
                                              configuration: configuration, today: { today })
            try await publish(on: commands)
            let cluster = configuration.organization.emulationGroup(code: "cum-1")!.members
            try await score("vksnd-hanoi", a1: 55, b1: 35, on: commands)
            try await score("vksnd-quangninh", a1: 50, b1: 40, on: commands)
            try await score("vksnd-laocai", a1: 40, b1: 30, on: commands)
            for unit in ["vksnd-hanoi", "vksnd-quangninh", "vksnd-laocai"] {
                _ = try await commands.run(UnitScoreCommand.review(unitYear: UnitYear(unit: unit, year: 2026), adjustments: [], note: nil),
                                           actor: Self.clusterHead, options: options(Self.clusterHead), reply: noReply)
            }
            let before = try #require(try await commands.ranking(year: 2026, units: cluster))
            // Both total 90: Hà Nội has more on group A, the table's first tie-break rule.
            #expect(before.ranking.entries.map(\.unit) == ["vksnd-hanoi", "vksnd-quangninh", "vksnd-laocai"])
            #expect(before.ranking.entries[1].decidedBy == .groupTotal("A"))
            #expect(before.ranking.pending.map(\.unit) == ["vksnd-haiphong"])

            // A correction with its reason: Hà Nội's discipline case costs it 2 points and its place.
            _ = try await commands.run(UnitScoreCommand.correct(unitYear: UnitYear(unit: "vksnd-hanoi", year: 2026), adjustments: [
                ScoreAdjustment(item: "TR1", points: Points(2), evidence: [.text("Quyết định kỷ luật 4/QĐ")]),
            ], reason: "Bổ sung kỷ luật phát hiện sau"), actor: People.office, options: options(People.office, reason: "Bổ sung kỷ luật phát hiện sau"),
                                       reply: noReply)
            let after = try #require(try await commands.ranking(year: 2026, units: cluster))
            #expect(after.ranking.entries.map(\.unit) == ["vksnd-quangninh", "vksnd-hanoi", "vksnd-laocai"])
            #expect(after.ranking.entries.map { $0.band?.code } == ["tot", "tot", "chua_dat"])
            #expect(after.version > before.version)
            // The history: the edition, three scores, three reviews, the correction, oldest first, each with who did it.
            let kinds = after.history.map { change -> String in
                switch change.event {
                case .table: "table"
                case .score(let event): "\(change.unit ?? "") \(event.type)"
                }
            }
            #expect(kinds == ["table", "vksnd-hanoi unit_score.self_scored", "vksnd-quangninh unit_score.self_scored",
                              "vksnd-laocai unit_score.self_scored", "vksnd-hanoi unit_score.reviewed", "vksnd-quangninh unit_score.reviewed",
                              "vksnd-laocai unit_score.reviewed", "vksnd-hanoi unit_score.corrected"])
            #expect(after.history.last?.actorID == People.office.id)
            #expect(after.history[4].actorID == Self.clusterHead.id)
        }
    }
}
