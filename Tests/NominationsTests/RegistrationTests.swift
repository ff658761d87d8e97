import Nominations
import Testing
import Workflow

/// A unit registers its emulation targets for a year until the rule set's deadline (31 January);
/// after it only the standing office amends, with a reason; a title that requires registration
/// refuses a submission for someone not registered, naming the rule.
@Suite struct RegistrationTests {
    static let hanoi = UnitYear(unit: People.unit, year: 2026)
    static let an = RegisteredPerson(id: "staff-7", name: "Nguyễn Văn An")

    static func add(_ title: String = "advanced_worker", _ person: RegisteredPerson = an, collective: String? = nil,
                    reason: String? = nil) -> RecordRegistration {
        RecordRegistration(unitYear: hanoi, collectiveTitle: collective, add: [RegistrationEntry(title: title, person: person)],
                           remove: [], reason: reason)
    }

    func record(_ commands: [RecordRegistration], by actor: Actor = People.officer, on date: String = "2026-01-15",
                into registration: EmulationRegistration = EmulationRegistration()) throws(DomainError)
        -> (EmulationRegistration, [RegistrationEvent]) {
        let context = CommandContext(actor: actor, today: day(date), configuration: try! shippedConfiguration())
        var registration = registration
        var events: [RegistrationEvent] = []
        for command in commands {
            for event in try EmulationRegistration.decide(command, registration, context) {
                registration = EmulationRegistration.evolve(registration, event)
                events.append(event)
            }
        }
        return (registration, events)
    }

    @Test func theUnitRegistersUntilTheDeadlineInclusive() throws {
        let (registration, events) = try record([
            Self.add(collective: "excellent_labour_collective"),
            Self.add("grassroots_emulation_fighter"),
        ], on: "2026-01-31")
        #expect(registration.collectiveTitle == "excellent_labour_collective")
        #expect(registration.isRegistered("staff-7", for: "advanced_worker"))
        #expect(registration.isRegistered("staff-7", for: "grassroots_emulation_fighter"))
        guard case .recorded(let first) = events.first else { Issue.record("no event"); return }
        #expect(first.deadline == day("2026-01-31"))
        #expect(!first.late)
    }

    @Test func afterTheDeadlineTheUnitIsRefusedNamingTheRule() throws {
        let refused = #expect(throws: DomainError.self) { try record([Self.add()], on: "2026-02-01") }
        #expect(refused?.code == .registrationClosed)
        #expect(refused?.message.contains("closed on 2026-01-31") == true)
        #expect(refused?.message.contains("registration.deadline") == true)
        #expect(refused?.message.contains("2025.1") == true)
    }

    @Test func afterTheDeadlineOnlyTheStandingOfficeAmendsWithAReason() throws {
        let (filed, _) = try record([Self.add()])
        let withoutReason = #expect(throws: DomainError.self) {
            try record([Self.add("grassroots_emulation_fighter")], by: People.office, on: "2026-03-02", into: filed)
        }
        #expect(withoutReason?.code == .invalidCommand)
        #expect(withoutReason?.message.contains("needs a reason") == true)
        let (amended, events) = try record([Self.add("grassroots_emulation_fighter", reason: "Bổ sung theo Công văn 12/VKS")],
                                           by: People.office, on: "2026-03-02", into: filed)
        #expect(amended.isRegistered("staff-7", for: "grassroots_emulation_fighter"))
        guard case .recorded(let late) = events.first else { Issue.record("no event"); return }
        #expect(late.late)
        #expect(late.reason == "Bổ sung theo Công văn 12/VKS")
    }

    @Test func beforeTheDeadlineTheStandingOfficeLeavesItToTheUnit() {
        let refused = #expect(throws: DomainError.self) { try record([Self.add(reason: "Thay đơn vị")], by: People.office) }
        #expect(refused?.code == .roleNotAllowed)
    }

    @Test func anOfficerRegistersOnlyTheirOwnUnit() {
        let refused = #expect(throws: DomainError.self) { try record([Self.add()], by: People.otherOfficer) }
        #expect(refused?.code == .unitNotAllowed)
        let inspector = #expect(throws: DomainError.self) { try record([Self.add()], by: People.inspector) }
        #expect(inspector?.code == .roleNotAllowed)
    }

    @Test(arguments: [
        ("certificate_of_merit", "not an annual title for individuals"),
        ("excellent_labour_collective", "not an annual title for individuals"),
        ("no_such_title", "not an annual title for individuals"),
    ])
    func registersIndividualsForAnnualIndividualTitlesOnly(title: String, message: String) {
        let refused = #expect(throws: DomainError.self) { try record([Self.add(title)]) }
        #expect(refused?.code == .invalidCommand)
        #expect(refused?.message.contains(message) == true)
    }

    @Test func aChangeChangesSomethingAndRemovesOnlyWhoIsRegistered() throws {
        let (filed, _) = try record([Self.add()])
        let twice = #expect(throws: DomainError.self) { try record([Self.add()], into: filed) }
        #expect(twice?.message.contains("registered for advanced_worker already") == true)
        let remove = RecordRegistration(unitYear: Self.hanoi, collectiveTitle: nil, add: [],
                                        remove: [RegistrationEntry(title: "advanced_worker", person: RegisteredPerson(id: "staff-9", name: ""))],
                                        reason: nil)
        let absent = #expect(throws: DomainError.self) { try record([remove], into: filed) }
        #expect(absent?.message.contains("staff-9 is not registered") == true)
        let nothing = #expect(throws: DomainError.self) {
            try record([RecordRegistration(unitYear: Self.hanoi, collectiveTitle: nil, add: [], remove: [], reason: nil)])
        }
        #expect(nothing?.message == "the registration changes nothing")

        let takenOff = RecordRegistration(unitYear: Self.hanoi, collectiveTitle: nil, add: [],
                                          remove: [RegistrationEntry(title: "advanced_worker", person: RegisteredPerson(id: "staff-7", name: ""))],
                                          reason: nil)
        let (after, events) = try record([takenOff], into: filed)
        #expect(!after.isRegistered("staff-7", for: "advanced_worker"))
        guard case .recorded(let removed) = events.first else { Issue.record("no event"); return }
        #expect(removed.removed.first?.person.name == "Nguyễn Văn An", "the event keeps the registered name")
    }

    @Test func aYearWithoutADeadlineInItsRuleSetTakesNoRegistration() {
        // 2023 is under rule set 2017.1, which sets no registration deadline.
        let old = RecordRegistration(unitYear: UnitYear(unit: People.unit, year: 2023), collectiveTitle: nil,
                                     add: [RegistrationEntry(title: "advanced_worker", person: Self.an)], remove: [], reason: "Nhập lại")
        let refused = #expect(throws: DomainError.self) { try record([old], by: People.office, on: "2026-03-02") }
        #expect(refused?.code == .configurationMissing)
    }

    // MARK: The registered guard at submission

    static func submitAdvancedWorker(year: Int = 2026) -> NominationCommand {
        .submitFighter(docs: documents(["submission", "achievement_report", "review_minutes"]), title: "advanced_worker", year: year)
    }

    @Test func aSubmissionForSomeoneNotRegisteredIsRefusedNamingTheRule() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let elsewhere = EmulationRegistration(individuals: ["advanced_worker": [RegisteredPerson(id: "staff-9", name: "Lê Thị Chi")],
                                                            "grassroots_emulation_fighter": [Self.an]])
        let refused = #expect(throws: DomainError.self) {
            try harness.run(Self.submitAdvancedWorker(), by: People.officer, on: "2026-03-02",
                            nomineeYear: NomineeYear(registration: elsewhere, taskRating: .well))
        }
        #expect(refused?.code == .notRegistered)
        #expect(refused?.message.contains("titles.advanced_worker.registration of rule set 2025.1") == true)
        let none = #expect(throws: DomainError.self) {
            try harness.run(Self.submitAdvancedWorker(), by: People.officer, on: "2026-03-02", nomineeYear: NomineeYear(taskRating: .well))
        }
        #expect(none?.code == .notRegistered)
    }

    @Test func aSubmissionForSomeoneRegisteredIsAcceptedAndExplained() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        let registered = EmulationRegistration(individuals: ["advanced_worker": [Self.an]])
        let events = try harness.run(Self.submitAdvancedWorker(), by: People.officer, on: "2026-03-02",
                                     nomineeYear: NomineeYear(registration: registered, taskRating: .well))
        guard case .submitted(let submitted) = events.first else { Issue.record("not submitted"); return }
        #expect(submitted.workflowVersion == 4)
        #expect(submitted.explanations.map(\.rule) == ["titles.advanced_worker.eligibility", "titles.advanced_worker.registration"])
    }

    @Test func aTitleWithoutTheRequirementDoesNotAskForIt() throws {
        var harness = Harness(configuration: try shippedConfiguration())
        try harness.run(.submitFighter(year: 2025), by: People.officer, on: "2026-03-02", history: fighterHistory,
                        nomineeYear: NomineeYear())
        #expect(harness.state == "submitted")
    }
}
