import Nominations
import Testing
import Workflow

/// One person's candidacy for one title and year: a nomination claims it at submission, and a
/// second live one for the same person, title and year is refused, naming the first.
@Suite struct CandidacyTests {
    static let key = CandidacyKey(nomineeID: "staff-7", title: "sector_emulation_fighter", year: 2024)

    func after(_ commands: [CandidacyCommand], from candidacy: Candidacy = .initialState) throws(DomainError) -> (Candidacy, [Int]) {
        var candidacy = candidacy
        var counts: [Int] = []
        for command in commands {
            let events = try Candidacy.decide(command, candidacy, Self.key)
            candidacy = events.reduce(candidacy, Candidacy.evolve)
            counts.append(events.count)
        }
        return (candidacy, counts)
    }

    @Test func aSecondLiveNominationIsRefusedNamingTheFirst() throws {
        let (held, counts) = try after([.claim(nominationID: "N1"), .claim(nominationID: "N1")])
        #expect(held.holder == "N1")
        #expect(counts == [1, 0], "claiming one's own candidacy again changes nothing")
        let refused = #expect(throws: DomainError.self) { try Candidacy.decide(.claim(nominationID: "N2"), held, Self.key) }
        #expect(refused?.code == .alreadyNominated)
        #expect(refused?.message.contains("N1") == true)
        #expect(refused?.message.contains("staff-7") == true)
    }

    @Test func aReleasedCandidacyIsClaimedAgainAndOnlyItsHolderReleasesIt() throws {
        let (candidacy, counts) = try after([
            .open(holder: "N-old"), .release(nominationID: "N-other"), .release(nominationID: "N-old"), .claim(nominationID: "N2"),
        ])
        #expect(candidacy.holder == "N2")
        #expect(counts == [1, 0, 1, 1])
    }

    /// Submission claims; withdrawal, rejection, refusal and revocation release; restoring claims
    /// again; ad hoc awards, one per deed, claim nothing.
    @Test func theNominationsStagesClaimAndReleaseIt() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(), by: People.officer, on: "2025-01-06", history: fighterHistory)
        let submitted = try #require(harness.nomination)
        #expect(submitted.candidacyKey == Self.key)
        #expect(Nomination.candidacyCommand(before: nil, after: submitted) == .claim(nominationID: "N1"))
        try harness.run(.accept(.init(nominationID: "N1")), by: People.office, on: "2025-01-07")
        #expect(Nomination.candidacyCommand(before: submitted, after: harness.nomination) == nil)
        let accepted = harness.nomination
        try harness.run(.withdraw(.init(nominationID: "N1", reason: "Chuyển công tác")), by: People.officer, on: "2025-01-08")
        #expect(Nomination.candidacyCommand(before: accepted, after: harness.nomination) == .release(nominationID: "N1"))

        var adHoc = Harness(configuration: try shippedConfiguration())
        try adHoc.run(.submit(.init(nominationID: "A1", kind: "ad_hoc", title: "certificate_of_merit", year: 2025,
                                    nominee: People.prosecutor, achievementSummary: "Phá án", documents: adHocDocuments)),
                      by: People.officer, on: "2025-01-06")
        #expect(adHoc.nomination?.holdsCandidacy == false)
        #expect(Nomination.candidacyCommand(before: nil, after: adHoc.nomination) == nil)
    }
}
