import Workflow

extension EmulationRegistration: Decider {
    /// Nothing is registered until the unit files.
    public static let initialState = EmulationRegistration()

    /// The unit's officer, who registers until the deadline, and the standing office covering
    /// the unit, which alone amends after it.
    public static let roles: Set<String> = [unitOfficer, standingOffice]
    static let unitOfficer = "unit_officer"
    static let standingOffice = "standing_office"

    /// Records a filing or an amendment. Until the rule set's deadline (inclusive) only the unit's
    /// officer records; after it only the standing office, with a reason. Titles must be annual
    /// titles of the year's rule set, for collectives or for individuals as registered.
    public static func decide(
        _ command: RecordRegistration, _ registration: EmulationRegistration, _ context: CommandContext
    ) throws(DomainError) -> [RegistrationEvent] {
        let unitYear = command.unitYear
        let acting = try context.authorize(unitYear, roles: roles, what: "emulation registrations")
        guard let ruleSet = context.ruleSet(for: unitYear.year), let rule = ruleSet.registration,
              let deadline = rule.deadline(of: unitYear.year) else {
            throw DomainError(.configurationMissing, "no rule set gives a registration deadline for \(unitYear.year)")
        }
        let late = context.today > deadline
        let reason = command.reason.flatMap { $0.isBlank ? nil : $0 }
        if late {
            guard acting.contains(standingOffice) else {
                throw DomainError(.registrationClosed, "registration for \(unitYear.year) closed on \(deadline) (rule set "
                                  + "\(ruleSet.version), registration.deadline: \(rule.source)); after it the standing office "
                                  + "amends it, with a reason")
            }
            guard reason != nil else {
                throw DomainError(.invalidCommand, "an amendment after the deadline (\(deadline)) needs a reason")
            }
        } else if !acting.contains(unitOfficer) {
            throw DomainError(.roleNotAllowed, "until the deadline (\(deadline)) the unit registers itself; the standing office "
                              + "amends after it")
        }
        try check(command, against: registration, ruleSet: ruleSet)
        return [.recorded(RegistrationRecorded(
            unit: unitYear.unit, year: unitYear.year, collectiveTitle: command.collectiveTitle, added: command.add,
            removed: command.remove.map { entry in
                // The name recorded is the registered one, whatever the removal called them.
                registration.individuals[entry.title]?.first { $0.id == entry.person.id }
                    .map { RegistrationEntry(title: entry.title, person: $0) } ?? entry
            },
            deadline: deadline, late: late, reason: reason))]
    }

    /// Every title an annual one of the rule set for its kind of nominee, every person named,
    /// added once and not registered yet, removed only when registered, and something changed.
    private static func check(_ command: RecordRegistration, against registration: EmulationRegistration,
                              ruleSet: RuleSet) throws(DomainError) {
        if let title = command.collectiveTitle {
            try requireAnnual(title, for: .collective, in: ruleSet)
        }
        var added = Set<String>()
        for entry in command.add {
            try requireAnnual(entry.title, for: .individual, in: ruleSet)
            guard !entry.person.id.isBlank, !entry.person.name.isBlank else {
                throw DomainError(.invalidCommand, "every registered person has an id and a name")
            }
            guard added.insert("\(entry.title) \(entry.person.id)").inserted,
                  !registration.isRegistered(entry.person.id, for: entry.title) else {
                throw DomainError(.invalidCommand, "\(entry.person.id) is registered for \(entry.title) already")
            }
        }
        for entry in command.remove where !registration.isRegistered(entry.person.id, for: entry.title) {
            throw DomainError(.invalidCommand, "\(entry.person.id) is not registered for \(entry.title)")
        }
        let changesTitle = command.collectiveTitle.map { $0 != registration.collectiveTitle } ?? false
        guard changesTitle || !command.add.isEmpty || !command.remove.isEmpty else {
            throw DomainError(.invalidCommand, "the registration changes nothing")
        }
    }

    private static func requireAnnual(_ id: String, for type: NomineeType, in ruleSet: RuleSet) throws(DomainError) {
        guard let title = ruleSet.title(id), title.kind == "annual", title.nomineeType.map({ $0 == type }) ?? true else {
            throw DomainError(.invalidCommand, "'\(id)' is not an annual title for \(type.rawValue)s in rule set \(ruleSet.version)")
        }
    }

    public static func evolve(_ registration: EmulationRegistration, _ event: RegistrationEvent) -> EmulationRegistration {
        var registration = registration
        switch event {
        case .recorded(let recorded):
            if let title = recorded.collectiveTitle { registration.collectiveTitle = title }
            for entry in recorded.removed { registration.individuals[entry.title]?.removeAll { $0.id == entry.person.id } }
            for entry in recorded.added { registration.individuals[entry.title, default: []].append(entry.person) }
        }
        return registration
    }
}
