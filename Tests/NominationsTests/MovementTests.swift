import Nominations
import Testing
import Workflow

/// Emulation movements: every problem of a movement reported at once, launched, amended and
/// closed by the standing office covering its authority under the period's rules, and the
/// units' responses recorded while the movement takes them.
@Suite struct MovementTests {
    /// The sector's movement for the anniversaries of 2020 (plan 09/KH-VKSTC).
    static let anniversary = MovementDetails(
        name: "Thi đua lập thành tích chào mừng kỷ niệm 90 năm thành lập Đảng và 60 năm thành lập ngành KSND",
        authority: People.sector, decision: "Kế hoạch 09/KH-VKSTC ngày 10/01/2020", from: day("2020-01-10"), to: day("2020-07-26"),
        goals: ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ", "Xây dựng văn hóa công sở"],
        criteria: ["Đạt và vượt chỉ tiêu theo Nghị quyết 96/2019/QH14", "Không có oan, sai"],
        anniversary: "60 năm thành lập ngành KSND (26/7/1960-26/7/2020)")

    static func details(name: String = anniversary.name, authority: String = People.sector, to: String = "2020-07-26",
                        goals: [String] = anniversary.goals) -> MovementDetails {
        MovementDetails(name: name, authority: authority, decision: anniversary.decision, from: anniversary.from, to: day(to),
                        goals: goals, criteria: anniversary.criteria, anniversary: anniversary.anniversary)
    }

    func context(_ actor: Actor = People.office, on today: String = "2020-01-10") throws -> CommandContext {
        CommandContext(actor: actor, today: day(today), configuration: try shippedConfiguration())
    }

    func run(_ command: MovementCommand, on state: Movement = Movement(), by actor: Actor = People.office,
             today: String = "2020-01-10") throws -> Movement {
        try Movement.decide(command, state, context(actor, on: today)).reduce(state, Movement.evolve)
    }

    func launched() throws -> Movement { try run(.launch(Self.anniversary)) }

    @Test func everyProblemIsReportedTogether() throws {
        let bad = MovementDetails(name: " ", authority: "vksnd-atlantis", decision: "", from: day("2020-07-26"), to: day("2020-01-10"),
                                  goals: ["Một", " ", "Một"], criteria: [], anniversary: " ")
        let problems = bad.problems(in: try shippedConfiguration().organization)
        #expect(problems == [
            "name: must not be blank",
            "authority: 'vksnd-atlantis' is not a unit of the organisation",
            "decision: must cite the document that launches the movement",
            "to: the period ends on 2020-01-10, before it starts on 2020-07-26",
            "goals[1]: must not be blank",
            "goals[2]: is stated twice",
            "criteria: the movement states no criterion",
            "anniversary: must name the anniversary, or be left out",
        ])
        let refused = #expect(throws: DomainError.self) { try run(.launch(bad)) }
        #expect(refused?.code == .invalidCommand)
        #expect(refused?.message.hasPrefix("the movement has 8 problems: name: must not be blank;") == true)
        #expect(Self.anniversary.problems(in: try shippedConfiguration().organization) == [])
    }

    @Test func theStandingOfficeCoveringTheAuthorityLaunches() throws {
        let movement = try launched()
        #expect(movement.stage == .running)
        #expect(movement.details == Self.anniversary)
        #expect(movement.launchedOn == day("2020-01-10"))
        #expect((#expect(throws: DomainError.self) { try run(.launch(Self.anniversary), by: People.officer) })?.code == .roleNotAllowed)
        // Hà Nội's standing office launches Hà Nội's movements, not the sector's; the sector's launches both.
        let hanoiOffice = Actor(id: "office-2", roles: ["standing_office"], unit: People.unit)
        #expect((#expect(throws: DomainError.self) { try run(.launch(Self.anniversary), by: hanoiOffice) })?.code == .unitNotAllowed)
        #expect(try run(.launch(Self.details(authority: People.unit)), by: hanoiOffice).details?.authority == People.unit)
        #expect(try run(.launch(Self.details(authority: People.unit))).stage == .running)
        #expect((#expect(throws: DomainError.self) { try run(.launch(Self.anniversary), on: movement) })?.code == .alreadyExists)
    }

    @Test func amendedWithAReasonUntilItsLastDay() throws {
        let movement = try launched()
        let longer = Self.details(to: "2020-09-02")
        let reasonless = #expect(throws: DomainError.self) { try run(.amend(longer, reason: " "), on: movement, today: "2020-03-01") }
        #expect(reasonless?.message == "an amendment needs a reason")
        let same = #expect(throws: DomainError.self) { try run(.amend(Self.anniversary, reason: "Không đổi"), on: movement) }
        #expect(same?.message == "the amendment changes nothing")
        let moved = #expect(throws: DomainError.self) {
            try run(.amend(Self.details(authority: People.unit), reason: "Chuyển"), on: movement)
        }
        #expect(moved?.code == .invalidCommand)
        let invalid = #expect(throws: DomainError.self) {
            try run(.amend(Self.details(to: "2019-12-31"), reason: "Rút ngắn"), on: movement)
        }
        #expect(invalid?.message.contains("to: the period ends on 2019-12-31, before it starts on 2020-01-10") == true)
        let amended = try run(.amend(longer, reason: "Kéo dài đến Quốc khánh 2/9"), on: movement, today: "2020-07-26")
        #expect(amended.details?.to == day("2020-09-02"))
        #expect(amended.amendments == 1)
        let late = #expect(throws: DomainError.self) {
            try run(.amend(Self.anniversary, reason: "Muộn"), on: amended, today: "2020-09-03")
        }
        #expect(late?.code == .transitionNotAllowed)
        #expect((#expect(throws: DomainError.self) { try run(.amend(longer, reason: "Sửa"), on: Movement()) })?.code == .movementNotFound)
    }

    @Test func closedAtItsEndOrEarlyWithAReason() throws {
        let movement = try launched()
        let early = #expect(throws: DomainError.self) { try run(.close(reason: nil), on: movement, today: "2020-07-25") }
        #expect(early?.message == "the movement runs to 2020-07-26: closing it early needs a reason")
        let closedEarly = try run(.close(reason: "Dịch COVID-19"), on: movement, today: "2020-05-01")
        #expect(closedEarly.stage == .closed)
        #expect(closedEarly.closeReason == "Dịch COVID-19")
        let closed = try run(.close(reason: nil), on: movement, today: "2020-07-26")
        #expect(closed.closedOn == day("2020-07-26"))
        #expect(closed.closeReason == nil)
        #expect((#expect(throws: DomainError.self) { try run(.close(reason: nil), on: closed, today: "2020-08-01") })?.code
                == .transitionNotAllowed)
        #expect((#expect(throws: DomainError.self) { try run(.amend(Self.details(to: "2020-09-02"), reason: "Sửa"), on: closed) })?.code
                == .transitionNotAllowed)
        let stranger = Actor(id: "office-3", roles: ["standing_office"], unit: "vksnd-danang")
        #expect((#expect(throws: DomainError.self) { try run(.close(reason: nil), on: movement, by: stranger, today: "2020-07-26") })?.code
                == .unitNotAllowed)
    }

    // MARK: - Responses

    func respond(_ plan: MovementPlan, unit: String = People.unit, to movement: Movement, on response: MovementResponse = MovementResponse(),
                 by actor: Actor = People.officer, today: String = "2020-02-01") throws -> MovementResponse {
        let context = MovementResponseContext(command: try context(actor, on: today), movement: movement)
        let command = RecordMovementResponse(key: MovementUnit(movement: "ky-niem-2020", unit: unit), plan: plan)
        return try MovementResponse.decide(command, response, context).reduce(response, MovementResponse.evolve)
    }

    static let plan = MovementPlan(targets: ["Giải quyết 100% tin báo tố giác tội phạm", "Không có án trả hồ sơ do lỗi VKS"])

    @Test func aUnitsOfficerRecordsAndAmendsItsPlanWhileTheMovementRuns() throws {
        let movement = try launched()
        let recorded = try respond(Self.plan, to: movement)
        #expect(recorded.plan == Self.plan)
        #expect(recorded.recordedOn == day("2020-02-01"))
        let unchanged = #expect(throws: DomainError.self) { try respond(Self.plan, to: movement, on: recorded) }
        #expect(unchanged?.code == .invalidCommand)
        let signed = MovementPlan(targets: Self.plan.targets + ["Có ít nhất 01 sáng kiến"], documentSHA256: String(repeating: "ab", count: 32))
        let amended = try respond(signed, to: movement, on: recorded, today: "2020-07-26")
        #expect(amended.plan == signed)
        #expect(amended.amendments == 1)
        #expect(amended.recordedOn == day("2020-02-01"))
    }

    @Test func responsesAreRefusedOutsideTheMovementAndItsUnits() throws {
        let movement = try launched()
        #expect((#expect(throws: DomainError.self) { try respond(Self.plan, to: Movement()) })?.code == .movementNotFound)
        #expect((#expect(throws: DomainError.self) { try respond(Self.plan, to: movement, by: People.office) })?.code == .roleNotAllowed)
        #expect((#expect(throws: DomainError.self) { try respond(Self.plan, to: movement, by: People.otherOfficer) })?.code == .unitNotAllowed)
        let ended = #expect(throws: DomainError.self) { try respond(Self.plan, to: movement, today: "2020-07-27") }
        #expect(ended?.code == .transitionNotAllowed)
        #expect(ended?.message == "ky-niem-2020 ended on 2020-07-26: it takes no more responses")
        let closed = try run(.close(reason: "Kết thúc sớm"), on: movement, today: "2020-03-01")
        #expect((#expect(throws: DomainError.self) { try respond(Self.plan, to: closed) })?.message
                == "ky-niem-2020 is closed: it takes no more responses")
        // Hà Nội's own movement is for Hà Nội's units, not Đà Nẵng's.
        let hanoiOffice = Actor(id: "office-2", roles: ["standing_office"], unit: People.unit)
        let hanoi = try run(.launch(Self.details(authority: People.unit)), by: hanoiOffice)
        let outside = #expect(throws: DomainError.self) { try respond(Self.plan, unit: "vksnd-danang", to: hanoi, by: People.otherOfficer) }
        #expect(outside?.message == "ky-niem-2020 is vksnd-hanoi's movement: vksnd-danang is not one of its units")
        let bad = #expect(throws: DomainError.self) {
            try respond(MovementPlan(targets: ["Một", "Một", " "], documentSHA256: "ABC"), to: movement)
        }
        #expect(bad?.message == "the plan has problems: targets[1]: is stated twice; targets[2]: must not be blank; "
                + "document_sha256: must be 64 lower-case hexadecimal digits")
        #expect(MovementPlan(targets: []).problems() == ["targets: the plan states no target"])
    }

    @Test func aMovementIsListedOnceUnderItsYear() throws {
        let listed = MovementIndex.decide(ListMovement(movement: "ky-niem-2020", year: 2020), MovementIndex(), try context())
            .reduce(MovementIndex(), MovementIndex.evolve)
        #expect(listed.movements == ["ky-niem-2020"])
        #expect(MovementIndex.decide(ListMovement(movement: "ky-niem-2020", year: 2020), listed, try context()).isEmpty)
    }
}
