import Commands
import EventStore
import Foundation
import Nominations
import PostgresTestSupport
import Synchronization
import Testing
import Workflow

/// Numbered award decisions through the command handler and a real store: each takes the next
/// number of its authority's register, approves every nomination it lists in one append, or
/// stores nothing; a correction cites the decision it corrects.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct AwardDecisionCommandsTests {
    static let unit = "vksnd-hanoi"
    static let head = Actor(id: "head-hn", roles: ["head_of_agency"], unit: unit)
    static let secretary = Actor(id: "secretary-hn", roles: ["council_secretary"], unit: unit)
    static let office = Actor(id: "office-hn", roles: ["standing_office"], unit: unit)

    func commands(_ store: EventStore) throws -> NominationCommands {
        let (configuration, _) = try shippedConfiguration()
        return NominationCommands(handler: CommandHandler(store: store, tenant: "procuracy"), tenant: "procuracy",
                                  configuration: configuration, today: { today })
    }

    func options(_ actor: Actor) -> CommandOptions { CommandOptions(metadata: EventMetadata(actorID: actor.id)) }

    static let empty1: @Sendable (Outcome<Nomination?>) throws -> StoredResponse = { _ in StoredResponse(status: 200, headers: [:], body: Data()) }
    static let empty: @Sendable ([Outcome<Nomination?>]) throws -> StoredResponse = { _ in StoredResponse(status: 200, headers: [:], body: Data()) }

    /// `count` advanced workers of Hà Nội, sent as list `tag`, taken in, and
    /// recommended by the Hà Nội council in one ballot: awaiting the head's decision.
    func reviewed(_ tag: String, count: Int, on commands: NominationCommands) async throws -> [String] {
        try await registerAndRate((1...count).map { "\(tag)-p\($0)" }, unit: Self.unit, on: commands)
        let rows = (1...count).map { index -> NominationCommands.ListRow in
            guard case .submit(let submit) = advancedWorker(listedNominationID(list: tag, row: index), nominee: "\(tag)-p\(index)",
                                                            unit: Self.unit) else { fatalError() }
            return NominationCommands.ListRow(submission: submit, initiatives: [])
        }
        let officer = People.officer(Self.unit)
        _ = try await commands.submitList(tag, unit: Self.unit, year: 2025, rows: rows, actor: officer, options: options(officer)) { _, _, _ in
            StoredResponse(status: 201, headers: [:], body: Data())
        }
        _ = try await commands.actOnList(tag, takeIn: nil, returning: [], actor: Self.office, options: options(Self.office)) { _, _, _ in
            StoredResponse(status: 200, headers: [:], body: Data())
        }
        let session = "S-\(tag)"
        let members = (15...23).map { String(format: "cb-%05d", $0) }
        _ = try await commands.run(.convene(sessionID: session, council: Self.unit, date: today, present: members, chairID: nil),
                                   actor: Self.secretary, options: CommandOptions(startsStream: true, metadata: EventMetadata(actorID: "s"))) { _ in
            StoredResponse(status: 201, headers: [:], body: Data())
        }
        let ids = rows.map(\.submission.nominationID)
        for id in ids {
            _ = try await commands.run(.scheduleForCouncil(.init(nominationID: id, sessionID: session)), actor: Self.secretary,
                                       options: options(Self.secretary), visible: { _ in }, reply: { _ in
                StoredResponse(status: 200, headers: [:], body: Data()) })
        }
        let results = ids.map {
            NominationCommand.RecordCouncilResult(nominationID: $0, sessionID: session, inFavour: 8, against: 1, abstaining: 0)
        }
        _ = try await commands.recordBallot(results, actor: Self.secretary, options: options(Self.secretary), visible: { _ in },
                                            reply: Self.empty)
        return ids
    }

    func draft(_ nominations: [String], corrects: String? = nil, correction: String? = nil) -> NominationCommands.DecisionDraft {
        NominationCommands.DecisionDraft(
            authority: Self.unit, year: 2026, symbol: "QĐ-VKSHN", date: today, place: "Hà Nội",
            subject: "Về việc công nhận danh hiệu Lao động tiên tiến năm 2025",
            signer: DecisionSigner(name: "Nguyễn Quang Dũng", position: "Viện trưởng", signedOnBehalf: nil),
            nominations: nominations, additionalBases: ["Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng"],
            recipients: ["Như Điều 3", "Lưu: VT, VP"], corrects: corrects, correction: correction)
    }

    func issue(_ draft: NominationCommands.DecisionDraft, by actor: Actor = head, on commands: NominationCommands) async throws -> AwardDecision {
        let issued = Mutex<AwardDecision?>(nil)
        _ = try await commands.issueDecision(draft, actor: actor, options: options(actor)) { decision, _ in
            issued.withLock { $0 = decision }
            return StoredResponse(status: 201, headers: [:], body: Data())
        }
        return try #require(issued.withLock { $0 })
    }

    /// Issues `draft`, sending it again while the answer is that the register is contended (as
    /// a client told so does): decisions issued at once from two instances race for each number.
    func issueAgainWhileContended(
        _ draft: NominationCommands.DecisionDraft, on commands: NominationCommands
    ) async throws -> AwardDecision {
        while true {
            do { return try await issue(draft, on: commands) } catch let error as CommandError where error.code == .contended {}
        }
    }

    func eventCount(_ store: EventStore) async throws -> Int64 {
        try await store.pool.query("SELECT count(*) FROM events")[0].decode(0, as: Int64.self)
    }

    @Test func decisionsIssuedAtOnceTakeConsecutiveNumbersWithoutGaps() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let ids = try await reviewed("DN", count: 16, on: commands)
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for pair in stride(from: 0, to: ids.count, by: 2) {
                    group.addTask { try await issue(draft(Array(ids[pair..<pair + 2])), on: commands).sequence }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...8), "\(numbers)")
            for id in ids {
                let nomination = try #require(try await commands.nomination(id).state)
                #expect(nomination.state == "approved")
                #expect(nomination.decision?.number.hasSuffix("/QĐ-VKSHN") == true)
            }
            let fifth = try #require(try await commands.awardDecision("vksnd-hanoi-2026-5").state)
            #expect(fifth.awardees.count == 2)
            #expect(fifth.number == "5/QĐ-VKSHN")
            #expect(fifth.legalBases.contains("Law 06/2022/QH15"))
        }
    }

    /// Each instance takes a number on the register as its own decision before will leave it: the
    /// other instance's decisions in between make that guess fail, and the register is read again.
    @Test func decisionsIssuedAtOnceByTwoInstancesTakeConsecutiveNumbersWithoutGaps() async throws {
        try await withStore { store in
            let first = try commands(store)
            let second = try commands(store)
            let ids = try await reviewed("D2", count: 25, on: first)
            let before = try await issue(draft([ids[24]]), on: first).sequence
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<24 {
                    let instance = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await issueAgainWhileContended(draft([ids[index]]), on: instance).sequence }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(before + 1...before + 24), "\(numbers)")
            let register = try await first.handler.reader.load(DecisionRegister.self, first.streams.decisionRegister(
                RegisterKey(authority: Self.unit, year: 2026))).state
            #expect(register.lastNumber == before + 24)
            #expect(Set(register.decisions.keys) == Set(1...before + 24), "one number a decision, none skipped")
            for id in ids {
                #expect(try await second.nomination(id).state?.state == "approved")
            }
        }
    }

    @Test func aDecisionRefusedWhileAnotherWaitsForItsNumberLeavesNoGap() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let ids = try await reviewed("DG", count: 4, on: commands)
            let next = try #require(try await issue(draft([ids[0]]), on: commands).sequence) + 1
            // Issued at once: whichever joins the queue first, the refused one takes no number and
            // the others the next three (one may first guess a number the refused one would have had).
            let results = await withTaskGroup(of: Int?.self) { group in
                group.addTask { try? await issue(draft(["DG-nowhere"]), on: commands).sequence }
                for index in 1..<4 { group.addTask { try? await issue(draft([ids[index]]), on: commands).sequence } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.compactMap { $0 }.sorted() == [next, next + 1, next + 2], "\(results)")
            #expect(results.filter { $0 == nil }.count == 1)
            let register = try await commands.handler.reader.load(DecisionRegister.self, commands.streams.decisionRegister(
                RegisterKey(authority: Self.unit, year: 2026))).state
            #expect(register.lastNumber == next + 2)
            #expect(Set(register.decisions.keys).isSuperset(of: Set(1...(next + 2))), "no gap")
        }
    }

    @Test func aDecisionListingANominationNotAwaitingItStoresNothing() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let ids = try await reviewed("DR", count: 3, on: commands)
            _ = try await issue(draft([ids[0]]), on: commands)
            let before = try await eventCount(store)
            let refused = await #expect(throws: BatchRefused.self) {
                try await issue(draft([ids[1], ids[0], ids[2], "DR-nowhere"]), on: commands)
            }
            #expect(refused?.refusals.map(\.index) == [1, 3])
            #expect(try await eventCount(store) == before, "no number taken, nothing approved")
            let other = Actor(id: "head-na", roles: ["head_of_agency"], unit: "vksnd-nghean")
            // Another province's head may not approve Hà Nội's nominations.
            let foreign = await #expect(throws: BatchRefused.self) { try await issue(draft([ids[1]]), by: other, on: commands) }
            #expect(foreign?.refusals.map(\.error.code) == [.unitNotAllowed])
            #expect(try await eventCount(store) == before)
        }
    }

    @Test func aDecisionIsCorrectedOnlyByALaterOneCitingIt() async throws {
        try await withStore { store in
            let commands = try commands(store)
            let ids = try await reviewed("DC", count: 1, on: commands)
            let first = try await issue(draft(ids), on: commands)
            let correction = try await issue(draft([], corrects: first.id, correction: "Sửa họ tên: Nguyễn Thị Hằng"), on: commands)
            #expect(correction.sequence == first.sequence + 1)
            #expect(correction.corrects == first.id)
            #expect(try await commands.awardDecision(first.id).state?.correctedBy == correction.id)
            let again = await #expect(throws: DomainError.self) {
                try await issue(draft([], corrects: first.id, correction: "Sửa lần nữa"), on: commands)
            }
            #expect(again?.code == .invalidCommand)
            let unsaid = await #expect(throws: DomainError.self) { try await issue(draft([], corrects: correction.id), on: commands) }
            #expect(unsaid?.code == .invalidCommand)

            // A revocation cites the decision it revokes from.
            _ = try await commands.run(.revoke(.init(nominationID: ids[0], ground: .forgedDocuments, legalBasis: "Điều 93 Luật 06/2022/QH15",
                                                     decisionNumber: "40/QĐ-VKSHN", authority: nil)),
                                       actor: Self.head, options: options(Self.head), visible: { _ in }, reply: Self.empty1)
            let records = try await commands.handler.reader.records(of: commands.streams.nomination(ids[0]))
            let revoked = try #require(records.last)
            #expect(revoked.type == "nomination.revoked")
            let payload = try #require(try JSONSerialization.jsonObject(with: revoked.payload) as? [String: Any])
            #expect(payload["revokesDecision"] as? String == first.number)
        }
    }
}
