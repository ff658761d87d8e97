import Nominations
import Testing
import Workflow

/// The Nghệ An council (seven members in `config/organization.yaml`) changed by a decision of
/// 20 March 2026 taking effect on 1 April: Lý Minh Giang (cb-00069) leaves, three members join,
/// nine in all.
enum NgheAn {
    static let unit = "vksnd-nghean"
    static let office = Actor(id: "office-na", roles: ["standing_office"], unit: unit)
    static let leaving = "cb-00069"
    static let joining = ["cb-00201", "cb-00202", "cb-00203"]

    static func council() throws -> Council {
        try #require(try shippedConfiguration().organization.council(of: unit))
    }

    static let decision = MembershipDecision(number: "45/QĐ-VKSND", date: day("2026-03-20"), signedBy: "Viện trưởng Hoàng Minh Nga",
                                             effectiveFrom: day("2026-04-01"))

    /// The seats from 1 April: the organisation's but the member leaving, and those joining.
    static func newSeats() throws -> [CouncilSeat] {
        try council().seats.filter { $0.member.id != leaving }
            + joining.enumerated().map { index, id in
                CouncilSeat(member: CouncilMember(id: id, name: "Ủy viên mới \(index + 1)", unit: unit), role: .member,
                            position: "Trưởng phòng")
            }
    }

    static func record(
        _ decision: MembershipDecision = decision, members: [CouncilSeat]? = nil, after membership: CouncilMembership = .initialState,
        by actor: Actor = office, today: String = "2026-04-10"
    ) throws -> CouncilMembership {
        let command = CouncilMembershipCommand.recordChange(council: unit, decision: decision, members: try members ?? newSeats())
        let context = CommandContext(actor: actor, today: day(today), configuration: try shippedConfiguration())
        return try CouncilMembership.decide(command, membership, context).reduce(membership, CouncilMembership.evolve)
    }
}

@Suite struct CouncilMembershipTests {
    /// The organisation's membership before the change takes effect, the decision's from its
    /// effective date on, and each later change's from its own.
    @Test func theMembershipInForceFollowsTheEffectiveDates() throws {
        let council = try NgheAn.council()
        let changed = try NgheAn.record()
        let march = changed.inForce(on: day("2026-03-31"), constituted: council)
        #expect(march.members == council.members)
        #expect(march.basis == .organization)
        let april = changed.inForce(on: day("2026-04-01"), constituted: council)
        #expect(april.members.map(\.id) == (try NgheAn.newSeats()).map(\.member.id))
        #expect(april.basis == .decision(NgheAn.decision))
        #expect(april.chair?.id == council.chair.id)
        #expect(changed.inForce(on: day("2026-12-31"), constituted: council).members.count == 9)

        // A second decision, effective in July, with a new chair.
        let july = MembershipDecision(number: "88/QĐ-VKSND", date: day("2026-06-25"), signedBy: "Viện trưởng Nguyễn Văn Mới",
                                      effectiveFrom: day("2026-07-01"))
        let roles: [String: CouncilRole] = ["cb-00063": .member, "cb-00201": .chair]
        let seats = try NgheAn.newSeats().map { seat in
            CouncilSeat(member: seat.member, role: roles[seat.member.id] ?? seat.role, position: seat.position)
        }
        let twice = try NgheAn.record(july, members: seats, after: changed, today: "2026-06-26")
        #expect(twice.inForce(on: day("2026-06-30"), constituted: council).basis == .decision(NgheAn.decision))
        #expect(twice.inForce(on: day("2026-07-01"), constituted: council).chair?.id == "cb-00201")
        #expect(twice.inForce(on: day("2026-01-05"), constituted: council).basis == .organization)
    }

    @Test func aChangeIsRefusedUnlessItCitesItsDecisionAndSeatsACouncil() throws {
        let seats = try NgheAn.newSeats()
        func refusal(
            _ decision: MembershipDecision = NgheAn.decision, members: [CouncilSeat]? = nil, after: CouncilMembership = .initialState
        ) -> DomainError? {
            #expect(throws: DomainError.self) { try NgheAn.record(decision, members: members, after: after) }
        }
        func decision(number: String = "45/QĐ-VKSND", date: String = "2026-03-20", signedBy: String = "Viện trưởng",
                      effectiveFrom: String = "2026-04-01") -> MembershipDecision {
            MembershipDecision(number: number, date: day(date), signedBy: signedBy, effectiveFrom: day(effectiveFrom))
        }
        #expect(refusal(decision(number: "  "))?.message.contains("its number is required") == true)
        #expect(refusal(decision(signedBy: ""))?.code == .invalidCommand)
        #expect(refusal(decision(date: "2026-04-11", effectiveFrom: "2026-04-20"))?.message.contains("after today") == true)
        #expect(refusal(decision(effectiveFrom: "2026-03-19"))?.message.contains("before it was signed") == true)
        #expect(refusal(members: [])?.message.contains("lists no member") == true)
        #expect(refusal(members: seats + [seats[3]])?.message.contains("is listed twice") == true)
        let nameless = CouncilSeat(member: CouncilMember(id: "cb-00300", name: " ", unit: NgheAn.unit), role: .member, position: nil)
        #expect(refusal(members: seats + [nameless])?.message == "every member needs an id and a name")
        let stranger = CouncilSeat(member: CouncilMember(id: "cb-00300", name: "Người lạ", unit: "vksnd-nowhere"), role: .member,
                                   position: nil)
        #expect(refusal(members: seats + [stranger])?.message.contains("not a unit of the organisation") == true)

        // The chair is one of the members: exactly one seat is the chair's.
        let chairless = seats.filter { $0.role != .chair }
        #expect(refusal(members: chairless)?.message.contains("exactly one chair among its members; the new membership has 0") == true)
        let secondChair = CouncilSeat(member: CouncilMember(id: "cb-00300", name: "Chủ tịch thứ hai", unit: NgheAn.unit),
                                      role: .chair, position: nil)
        #expect(refusal(members: seats + [secondChair])?.message.contains("the new membership has 2") == true)
        #expect(refusal(members: seats.filter { $0.role != .standingMember })?.message.contains("standing member") == true)

        // A later decision never reaches back past one recorded; a decision is recorded once.
        let changed = try NgheAn.record()
        let earlier = decision(number: "46/QĐ-VKSND", effectiveFrom: "2026-03-31")
        #expect(refusal(earlier, after: changed)?.message.contains("before decision 45/QĐ-VKSND already recorded from 2026-04-01") == true)
        #expect(refusal(after: changed)?.code == .alreadyExists)
        #expect(try NgheAn.record(decision(number: "47/QĐ-VKSND"), after: changed).changes.count == 2)
    }

    /// Decisions are numbered from 1 again every year: the next year's decision of the same
    /// number is another decision, recorded; the same number twice in one year is not.
    @Test func aNumberOfLastYearNamesAnotherDecisionThisYear() throws {
        let changed = try NgheAn.record()
        let nextYear = MembershipDecision(number: "45/QĐ-VKSND", date: day("2027-01-15"), signedBy: "Viện trưởng Hoàng Minh Nga",
                                          effectiveFrom: day("2027-02-01"))
        let both = try NgheAn.record(nextYear, after: changed, today: "2027-01-20")
        #expect(both.changes.map(\.decision.date.year) == [2026, 2027])
        let again = #expect(throws: DomainError.self) { try NgheAn.record(nextYear, after: both, today: "2027-01-20") }
        #expect(again?.code == .alreadyExists)
        #expect(again?.message.contains("45/QĐ-VKSND of 2027 is already recorded") == true)
    }

    /// The standing office of a unit covering the council records its changes; the secretary, an
    /// administrator and another province's standing office do not.
    @Test func onlyTheStandingOfficeCoveringTheCouncilRecordsAChange() throws {
        let hanoi = Actor(id: "office-hn", roles: ["standing_office"], unit: People.unit)
        let outside = #expect(throws: DomainError.self) { try NgheAn.record(by: hanoi) }
        #expect(outside?.code == .unitNotAllowed)
        for actor in [NgheAn.office.with(role: "council_secretary", unit: NgheAn.unit),
                      NgheAn.office.with(role: "administrator", unit: People.sector),
                      NgheAn.office.with(role: "head_of_agency", unit: NgheAn.unit)] {
            let refused = #expect(throws: DomainError.self) { try NgheAn.record(by: actor) }
            #expect(refused?.code == .roleNotAllowed)
        }
        #expect(try NgheAn.record(by: People.office).changes.count == 1)
        let nowhere = #expect(throws: DomainError.self) {
            try CouncilMembership.decide(.recordChange(council: "vksnd-nowhere", decision: NgheAn.decision, members: try NgheAn.newSeats()),
                                         .initialState, CommandContext(actor: People.office, today: day("2026-04-10"),
                                                                                 configuration: try shippedConfiguration()))
        }
        // A unit the organisation does not have is one nobody covers (over HTTP it is a 404).
        #expect(nowhere?.code == .unitNotAllowed)
    }

    /// A session counts against the membership in force on its date, whenever it is recorded: a
    /// session held in March, convened after a change taking effect in April was recorded, takes
    /// March's; one held in April takes the new list.
    @Test func aSessionTakesTheMembershipInForceOnItsDate() throws {
        let council = try NgheAn.council()
        let membership = try NgheAn.record()
        func convene(_ present: [String], on date: String) throws -> CouncilSession? {
            let context = CouncilSessionContext(actor: NgheAn.office, configuration: try shippedConfiguration(), membership: membership)
            return try CouncilSession.decide(.convene(sessionID: "S-NA", council: NgheAn.unit, date: day(date), present: present,
                                                      chairID: nil), nil, context).reduce(nil, CouncilSession.evolve)
        }
        let old = council.members.map(\.id)
        let new = try NgheAn.newSeats().map(\.member.id)

        let march = try #require(try convene(Array(old.prefix(5)), on: "2026-03-16"))
        #expect(march.members == council.members)
        #expect(march.totalMembership == 7)
        #expect(march.membershipBasis == .organization)
        let newcomerInMarch = #expect(throws: DomainError.self) {
            try convene(Array(old.prefix(5)) + [NgheAn.joining[0]], on: "2026-03-31")
        }
        #expect(newcomerInMarch?.code == .unknownMember)

        let leaverInApril = #expect(throws: DomainError.self) { try convene(Array(new.prefix(6)) + [NgheAn.leaving], on: "2026-04-06") }
        #expect(leaverInApril?.code == .unknownMember)
        #expect(leaverInApril?.message.hasSuffix("not members: \(NgheAn.leaving)") == true)
        // Five present were a quorum of seven; of nine they are not.
        let short = #expect(throws: DomainError.self) { try convene(Array(new.prefix(5)), on: "2026-04-06") }
        #expect(short?.code == .quorumNotMet)
        #expect(short?.message.hasPrefix("5 of 9 members present") == true)
        let april = try #require(try convene([council.chair.id] + new.suffix(5), on: "2026-04-06"))
        #expect(april.totalMembership == 9)
        #expect(april.members.map(\.id) == new)
        #expect(april.chairID == council.chair.id)
        #expect(april.membershipBasis == .decision(NgheAn.decision))
    }
}
