import Nominations
import Testing
import Workflow

/// A decision register gives numbers in turn; a decision is issued once, whole, by the head of
/// its authority, and says when a deputy signed it.
@Suite struct AwardDecisionTests {
    static let key = RegisterKey(authority: "vksndtc", year: 2026)

    @Test func aRegisterGivesEachNumberOnceAndInTurn() throws {
        var register = DecisionRegister.initialState
        for event in try DecisionRegister.decide(.take(number: 1, decisionID: "vksndtc-2026-1"), register, Self.key) {
            register = DecisionRegister.evolve(register, event)
        }
        #expect(register.nextNumber == 2)
        for number in [1, 3] {
            let error = #expect(throws: DomainError.self) {
                try DecisionRegister.decide(.take(number: number, decisionID: "x"), register, Self.key)
            }
            #expect(error?.code == .decisionNumberTaken)
        }
    }

    func decision(date: String = "2026-03-02", awardees: [Awardee]? = nil, corrects: String? = nil, correction: String? = nil,
                  authority: String = "vksndtc") -> AwardDecision {
        AwardDecision(
            authority: authority, year: 2026, sequence: 1, symbol: "QĐ-VKSTC", date: day(date), place: "Hà Nội",
            subject: "Về việc tặng Bằng khen", legalBases: ["Law 06/2022/QH15"],
            signer: DecisionSigner(name: "Lê Minh Trí", position: "Viện trưởng", signedOnBehalf: nil),
            awardees: awardees ?? [Awardee(nominationID: "N1", nominee: individual(), title: "certificate_of_merit",
                                           titleName: "Bằng khen", year: 2026)],
            recipients: ["Như Điều 3"], corrects: corrects, correction: correction)
    }

    func individual() -> Nominee {
        .individual(id: "p1", name: "Nguyễn Văn An", unit: "vksnd-hanoi", position: "Kiểm sát viên", isFrontLine: true)
    }

    func context(_ actor: Actor, delegation: DelegationGranted? = nil) throws -> DecisionContext {
        DecisionContext(today: day("2026-03-02"), actor: actor, configuration: try shippedConfiguration(), delegation: delegation)
    }

    @Test func aDecisionIsIssuedByTheHeadOfItsAuthorityWhole() throws {
        let issued = try AwardDecision.decide(.issue(decision()), nil, context(People.head))
        #expect(issued.count == 1)
        let refusals: [(AwardDecision, Actor, DomainError.Code)] = [
            (decision(), People.office, .roleNotAllowed),
            (decision(), People.unitHead, .authorityNotAllowed),
            (decision(date: "2026-03-03"), People.head, .invalidCommand),
            (decision(awardees: []), People.head, .invalidCommand),
            (decision(awardees: [], corrects: "vksndtc-2026-1"), People.head, .invalidCommand),
        ]
        for (decision, actor, code) in refusals {
            let error = #expect(throws: DomainError.self) { try AwardDecision.decide(.issue(decision), nil, context(actor)) }
            #expect(error?.code == code, "\(decision.date) \(actor.id)")
        }
        let existing = AwardDecision.fold(issued)
        let again = #expect(throws: DomainError.self) { try AwardDecision.decide(.issue(decision()), existing, context(People.head)) }
        #expect(again?.code == .decisionNumberTaken)
    }

    @Test func aDeputyUnderADelegationSignsOnTheHeadsBehalf() throws {
        let deputy = Actor(id: "deputy-1", roles: [HeadDelegations.deputyRole], unit: "vksndtc")
        let delegation = DelegationGranted(
            unit: "vksndtc", decision: DelegationDecision(number: "45/QĐ-VKSTC", date: day("2026-02-20"), signedBy: "Lê Minh Trí"),
            deputy: Deputy(id: "deputy-1", name: "Nguyễn Huy Tiến", position: "Phó Viện trưởng"), validFrom: day("2026-02-20"),
            validUntil: nil)
        let events = try AwardDecision.decide(.issue(decision()), nil, context(deputy, delegation: delegation))
        let signed = try #require(AwardDecision.fold(events))
        #expect(signed.signer.signedOnBehalf?.deputy.name == "Nguyễn Huy Tiến")
        #expect(signed.signer.signedOnBehalf?.delegation == "45/QĐ-VKSTC")
        let without = #expect(throws: DomainError.self) { try AwardDecision.decide(.issue(decision()), nil, context(deputy)) }
        #expect(without?.code == .roleNotAllowed)
    }
}
