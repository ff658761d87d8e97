import Nominations
import Testing
import Workflow

@Suite struct CouncilVoteTests {
    /// Records a tally for a title at a session and returns the computed result.
    func result(
        title: String = "sector_emulation_fighter", nominee: Nominee = People.prosecutor, session: CouncilSession,
        inFavour: Int, against: Int = 0, opinions: [WrittenOpinion] = [], ballots: WrittenBallots? = nil,
        configuration: DomainConfiguration? = nil,
        submittedOn: String = "2025-01-06"
    ) throws -> CouncilResult {
        var harness = Harness(configuration: try configuration ?? shippedConfiguration())
        try harness.run(.submitFighter(nominee: nominee, docs: fighterDocuments + documents(["review_minutes"]), title: title),
                        by: People.officer, on: submittedOn, history: fighterHistory)
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: session.id)), by: People.secretary, on: "2025-01-08",
                        session: session)
        try harness.run(.tally(inFavour: inFavour, against: against, opinions: opinions, ballots: ballots), by: People.secretary, on: "2025-01-20",
                        session: session)
        return try #require(harness.nomination?.councilResult)
    }

    /// At least 90% of total membership (sector title): exactly at, just above and just below.
    @Test(arguments: [(10, 9, true), (10, 8, false), (11, 10, true), (11, 9, false), (20, 18, true), (20, 17, false)])
    func ninetyPercentOfTotalMembership(total: Int, inFavour: Int, recommended: Bool) throws {
        let outcome = try result(session: try convenedSession(total: total), inFavour: inFavour, against: total - inFavour)
        #expect(outcome.recommended == recommended)
        #expect(outcome.votingBase == total)
    }

    @Test func explainsANotRecommendedVote() throws {
        let outcome = try result(session: try convenedSession(total: 11), inFavour: 9, against: 2)
        #expect(outcome.threshold.text == "9 of 11 members in favour = 81.8%; the rule requires at least 90% of total membership; not recommended")
    }

    /// The base is the total membership, not those present: 9 of 9 present out of 10 is exactly 90%,
    /// 8 of 8 present out of 10 is not enough.
    @Test(arguments: [(9, 9, true), (8, 8, false)])
    func absentMembersCountInTheBase(present: Int, inFavour: Int, recommended: Bool) throws {
        let outcome = try result(session: try convenedSession(total: 10, present: present), inFavour: inFavour)
        #expect(outcome.recommended == recommended)
    }

    /// Written opinions of absent members count in favour where the rule set allows them; on a
    /// secret ballot (the sector's emulation fighter) they come as counts, and the result keeps
    /// who sent one, never what they chose.
    @Test func writtenOpinionsOfAbsentMembersCount() throws {
        let session = try convenedSession(total: 10, present: 8)
        let outcome = try result(session: session, inFavour: 8, ballots: WrittenBallots(from: ["m9", "m10"], inFavour: 1))
        #expect(outcome.recommended)
        #expect(outcome.threshold.text.contains("(including 1 written opinion of absent members)"))
        #expect(outcome.writtenBallots == WrittenBallots(from: ["m9", "m10"], inFavour: 1))
        #expect(outcome.writtenOpinions.isEmpty)
    }

    /// A secret ballot takes no member's choice; an open vote takes no bare counts; and more
    /// opinions in favour than were received is refused.
    @Test func aSecretBallotTakesCountsAndAnOpenVoteMembersChoices() throws {
        let session = try convenedSession(total: 10, present: 8)
        let named = #expect(throws: DomainError.self) {
            try result(session: session, inFavour: 8, opinions: [WrittenOpinion(memberID: "m9", inFavour: true)])
        }
        #expect(named?.code == .secretBallotNamed)
        #expect(named?.message.contains("secret ballot") == true)
        let tooMany = #expect(throws: DomainError.self) {
            try result(session: session, inFavour: 8, ballots: WrittenBallots(from: ["m9"], inFavour: 2))
        }
        #expect(tooMany?.code == .invalidCommand)
        let present = #expect(throws: DomainError.self) {
            try result(session: session, inFavour: 7, ballots: WrittenBallots(from: ["m1"], inFavour: 1))
        }
        #expect(present?.code == .invalidCommand)

        // The excellent labour collective is voted openly: each written opinion names its member's choice.
        let open = try result(title: "excellent_labour_collective", nominee: People.team, session: session, inFavour: 5,
                              opinions: [WrittenOpinion(memberID: "m9", inFavour: true)])
        #expect(open.writtenOpinions == [WrittenOpinion(memberID: "m9", inFavour: true)])
        #expect(open.writtenBallots == nil)
        let counted = #expect(throws: DomainError.self) {
            try result(title: "excellent_labour_collective", nominee: People.team, session: session, inFavour: 5,
                       ballots: WrittenBallots(from: ["m9"], inFavour: 1))
        }
        #expect(counted?.code == .invalidCommand)
    }

    /// More than 50% of total membership (excellent collective): exactly half is not enough.
    @Test(arguments: [(10, 5, false), (10, 6, true), (11, 6, true), (11, 5, false)])
    func moreThanHalfOfTotalMembership(total: Int, inFavour: Int, recommended: Bool) throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let session = try convenedSession(total: total)
        try harness.run(.submit(.init(nominationID: "N1", kind: "annual", title: "excellent_labour_collective", year: 2024,
                                nominee: Nominee.collective(id: "team-9", name: "Phòng 9", unit: "vksnd-danang", size: 30, isSmall: false),
                                achievementSummary: "Hoàn thành xuất sắc", documents: fighterDocuments)),
                        by: People.office.with(role: "unit_officer", unit: "vksnd-danang"), on: "2025-01-06")
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        try harness.run(.scheduleForCouncil(.init(nominationID: "N1", sessionID: "S1")), by: People.secretary, on: "2025-01-08", session: session)
        try harness.run(.tally(inFavour: inFavour, against: total - inFavour), by: People.secretary, on: "2025-01-20", session: session)
        #expect(harness.nomination?.councilResult?.recommended == recommended)
    }

    /// 70% of members present (grassroots title): the base is those present.
    @Test(arguments: [(10, 10, 7, true), (10, 10, 6, false), (12, 10, 7, true), (12, 10, 6, false)])
    func seventyPercentOfMembersPresent(total: Int, present: Int, inFavour: Int, recommended: Bool) throws {
        let outcome = try result(title: "grassroots_emulation_fighter",
                                 session: try convenedSession(total: total, present: present, council: People.unit), inFavour: inFavour)
        #expect(outcome.recommended == recommended)
        #expect(outcome.votingBase == present)
    }

    /// A quorum of two thirds of the total membership: exactly at it and one member short.
    @Test(arguments: [(9, 6, true), (9, 5, false), (10, 7, true), (10, 6, false), (11, 8, true), (11, 7, false)])
    func quorumOfTwoThirds(total: Int, present: Int, met: Bool) throws {
        let session = try convenedSession(total: total, present: present)
        if met {
            #expect(try result(session: session, inFavour: present).quorum.satisfied)
        } else {
            let error = #expect(throws: DomainError.self) { try result(session: session, inFavour: present) }
            #expect(error?.code == .quorumNotMet)
            #expect(error?.message.hasSuffix("the quorum is 2/3 of total membership; not met") == true)
        }
    }

    /// Under 2024.1 members of the nominee's unit are recused and leave the base: 8 of 8 eligible
    /// members is 100%; without the recusal the same 8 would be 80% of 10.
    @Test func recusalOfTheNomineesUnitLowersTheBase() throws {
        let session = try convenedSession(total: 10, fromNomineeUnit: 2)
        let outcome = try result(session: session, inFavour: 8)
        #expect(outcome.recusedMemberIDs == ["m1", "m2"])
        #expect(outcome.votingBase == 8)
        #expect(outcome.recommended)
        #expect(outcome.threshold.text == "8 of 8 members in favour = 100.0% after 2 recusals; the rule requires at least 90% of total membership; recommended")
    }

    /// At the council of the nominee's own unit (which reviews its grassroots titles) every member
    /// belongs to that unit: the unit recusal does not apply there, or nobody could vote.
    @Test func theUnitsOwnCouncilDoesNotRecuseItsMembers() throws {
        let session = try convenedSession(total: 10, fromNomineeUnit: 10, council: People.unit)
        let outcome = try result(title: "grassroots_emulation_fighter", session: session, inFavour: 9)
        #expect(outcome.recusedMemberIDs.isEmpty)
        #expect(outcome.votingBase == 10)
        #expect(outcome.recommended)
    }

    /// A declared recusal (not from the unit) also lowers the base.
    @Test func declaredRecusalLowersTheBase() throws {
        let session = try convenedSession(total: 10, recusals: [("m4", "N1")])
        let outcome = try result(session: session, inFavour: 9)
        #expect(outcome.votingBase == 9)
        #expect(outcome.recommended)
    }

    /// A nominee who sits on the council never votes on their own nomination.
    @Test func nomineeOnTheCouncilIsRecused() throws {
        let member = Nominee.individual(id: "m3", name: "Member 3", unit: People.unit, position: "Kiểm sát viên", isFrontLine: false)
        let outcome = try result(nominee: member, session: try convenedSession(total: 10), inFavour: 9)
        #expect(outcome.recusedMemberIDs.contains("m3"))
        #expect(outcome.votingBase == 9)
    }

    /// Cap of 15% of the unit's advanced workers: 3 of 20 is exactly at the cap, 4 of 20 is over.
    @Test(arguments: [(2, true), (3, false)])
    func capBoundary(alreadyAccepted: Int, allowed: Bool) throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(title: "grassroots_emulation_fighter"), by: People.officer, on: "2025-01-06",
                        history: fighterHistory)
        let usage = CapUsage(base: 20, alreadyAccepted: alreadyAccepted)
        if allowed {
            try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07", capUsage: usage)
            #expect(harness.state == "accepted")
        } else {
            let error = #expect(throws: DomainError.self) {
                try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07", capUsage: usage)
            }
            #expect(error?.code == .capExceeded)
            #expect(error?.message.hasPrefix("4 nominations of 20 advanced workers = 20.0%; the cap is 15% of advanced workers") == true)
        }
    }
}

@Suite struct CouncilSessionTests {
    @Test func refusesInvalidSessionCommands() throws {
        let session = try convenedSession()
        #expect(throws: DomainError.self) {
            try CouncilSession.decide(.recuseMember(sessionID: "S1", memberID: "m99", nominationID: "N1", reason: "x"),
                                      session, try sessionContext(People.secretary))
        }
        #expect(throws: DomainError.self) {
            try CouncilSession.decide(.close(sessionID: "S1"), session, try sessionContext(People.officer))
        }
        let closed = try CouncilSession.decide(.close(sessionID: "S1"), session, try sessionContext(People.secretary))
            .reduce(session, CouncilSession.evolve)
        #expect(closed?.isClosed == true)
        let error = #expect(throws: DomainError.self) {
            try CouncilSession.decide(.close(sessionID: "S1"), closed, try sessionContext(People.secretary))
        }
        #expect(error?.code == .sessionNotAvailable)
    }

    /// A sitting takes the council's membership and chair from the organisation; who is present
    /// must be members, and a sitting short of the quorum is not convened.
    @Test func aSessionIsConvenedFromTheCouncilAsConstituted() throws {
        let council = try #require(try shippedConfiguration().organization.council(of: People.sector))
        let ids = council.members.map(\.id)
        func convene(_ present: [String], chair: String? = nil, by actor: Actor = People.secretary) throws -> CouncilSession? {
            try CouncilSession.decide(.convene(sessionID: "S1", council: People.sector, date: day("2025-03-03"), present: present,
                                               chairID: chair), nil, try sessionContext(actor)).reduce(nil, CouncilSession.evolve)
        }
        let session = try #require(try convene(Array(ids.prefix(10))))
        #expect(session.members == council.members)
        #expect(session.chairID == council.chair.id)
        #expect(session.totalMembership == 14)

        let short = #expect(throws: DomainError.self) { try convene(Array(ids.prefix(9))) }
        #expect(short?.code == .quorumNotMet)
        #expect(short?.message.hasPrefix("9 of 14 members present: the quorum is 2/3 of total membership") == true)
        let stranger = #expect(throws: DomainError.self) { try convene(Array(ids.prefix(10)) + ["m-outsider"]) }
        #expect(stranger?.code == .unknownMember)
        #expect(stranger?.message.hasSuffix("not members: m-outsider") == true)
        let absentChair = #expect(throws: DomainError.self) { try convene(Array(ids.suffix(10)), chair: ids[0]) }
        #expect(absentChair?.code == .unknownMember)
        let unknownCouncil = #expect(throws: DomainError.self) {
            try CouncilSession.decide(.convene(sessionID: "S1", council: "vksnd-nowhere", date: day("2025-03-03"), present: ids,
                                               chairID: nil), nil, try sessionContext(People.secretary))
        }
        #expect(unknownCouncil?.code == .unitNotAllowed || unknownCouncil?.code == .invalidCommand)
        // A secretary of Hà Nội does not convene the Supreme council, nor one of Nghệ An's.
        let other = #expect(throws: DomainError.self) {
            try convene(ids, by: People.secretary.with(role: "council_secretary", unit: People.unit))
        }
        #expect(other?.code == .unitNotAllowed)
    }
}

extension Actor {
    func with(role: String, unit: String) -> Actor {
        Actor(id: id, roles: [role], unit: unit)
    }
}
