import Workflow

extension ClusterYear: Decider {
    /// Nothing recorded: the head unit is the organisation file's.
    public static let initialState = ClusterYear()

    /// The standing office records the head unit; unit officers (the head unit's, a member's) do the rest.
    public static let roles: Set<String> = [standingOffice, unitOfficer]
    static let standingOffice = "standing_office"
    static let unitOfficer = "unit_officer"

    public static func decide(
        _ command: ClusterYearCommand, _ year: ClusterYear, _ context: ClusterYearContext
    ) throws(DomainError) -> [ClusterYearEvent] {
        let key = context.key
        let today = context.command.today
        let group = try emulationGroup(context)
        let reason = command.reason
        switch command {
        case .recordHead(let unit, _):
            try authorizeStandingOffice(group, context.command)
            guard group.members.contains(unit) else {
                throw DomainError(.invalidCommand, "\(unit) is not a member of \(group.code): the head unit is one of its members")
            }
            guard unit != year.head(in: group) else { throw DomainError(.invalidCommand, "\(unit) heads \(group.code) in \(key.year) already") }
            try requireReason(reason, year)
            return [.headRecorded(ClusterHeadRecorded(group: key.group, year: key.year, unit: unit, previous: year.recordedHead,
                                                      reason: reason, recordedOn: today))]
        case .drawUpProgramme(let items, let text, _):
            let head = try authorizeHead(group, year, context.command, doing: "draws up the programme")
            var problems = lineProblems(items, field: "items", what: "item")
            if text.isBlank { problems.append("text: must not be blank") }
            try report(problems, of: "the programme")
            let programme = ClusterProgramme(items: items, text: text)
            guard programme != year.programme else { throw DomainError(.invalidCommand, "the programme is drawn up as it is already") }
            try requireReason(reason, year)
            return [.programmeDrawnUp(ClusterProgrammeDrawnUp(group: key.group, year: key.year, headUnit: head, programme: programme,
                                                              reason: reason, drawnUpOn: today))]
        case .signPact(let unit, let commitments, let targets, _):
            try authorizeSigner(unit, group, context.command)
            guard year.programme != nil else {
                throw DomainError(.transitionNotAllowed, "\(key) has no programme yet: the pact is signed on the head unit's programme")
            }
            let problems = lineProblems(commitments, field: "commitments", what: "commitment")
                + lineProblems(targets, field: "targets", what: "target", required: false)
            try report(problems, of: "the commitments")
            if let signed = year.pact[unit], signed.commitments == commitments, signed.targets == targets {
                throw DomainError(.invalidCommand, "\(unit) signed these commitments already")
            }
            try requireReason(reason, year)
            return [.pactSigned(ClusterPactSigned(group: key.group, year: key.year, unit: unit, commitments: commitments, targets: targets,
                                                  reason: reason, signedOn: today))]
        case .gatherRegistrations:
            let head = try authorizeHead(group, year, context.command, doing: "gathers the registrations")
            var gathered: [RegistrationGathering.Gathered] = []
            var missing: [String] = []
            for member in group.members {
                if let read = context.registrations[member], read.isRegistered {
                    gathered.append(RegistrationGathering.Gathered(unit: member, version: read.version))
                } else {
                    missing.append(member)
                }
            }
            guard !gathered.isEmpty else {
                throw DomainError(.notRegistered, "no member of \(group.code) has registered for \(key.year): "
                                  + missing.joined(separator: ", ") + " have no registration")
            }
            if let last = year.gathering, last.gathered == gathered, last.missing == missing {
                throw DomainError(.invalidCommand, "the registrations are gathered as they are already")
            }
            try requireReason(reason, year)
            return [.registrationsGathered(ClusterRegistrationsGathered(group: key.group, year: key.year, headUnit: head, gathered: gathered,
                                                                        missing: missing, reason: reason, gatheredOn: today))]
        case .send:
            let head = try authorizeHead(group, year, context.command, doing: "sends the year to the standing office")
            guard year.programme != nil, year.gathering != nil else {
                throw DomainError(.transitionNotAllowed, "\(key) is sent with its programme and the registrations gathered: "
                                  + [year.programme == nil ? "draw up the programme" : nil,
                                     year.gathering == nil ? "gather the registrations" : nil].compactMap { $0 }.joined(separator: " and ")
                                  + " first")
            }
            if let sentOn = year.sentOn, !year.changedSinceSent {
                throw DomainError(.transitionNotAllowed, "\(key) was sent on \(sentOn) and nothing changed since")
            }
            try requireReason(reason, year)
            return [.sent(ClusterYearSent(group: key.group, year: key.year, headUnit: head,
                                          unsigned: group.members.filter { year.pact[$0] == nil }, reason: reason, sentOn: today))]
        case .propose(let basis):
            let head = try authorizeHead(group, year, context.command, doing: "proposes units from the ranking")
            if let made = year.proposals {
                throw DomainError(.transitionNotAllowed, "\(key) made its proposals on \(made.proposedOn) from the ranking at version "
                                  + "\(made.rankingVersion): a unit's nomination is withdrawn or amended on its own")
            }
            guard basis.pending.isEmpty else {
                throw DomainError(.transitionNotAllowed, "the ranking of \(key) is final once every member's score is reviewed: "
                                  + basis.pending.joined(separator: ", ") + " not yet")
            }
            guard !basis.proposals.isEmpty else {
                throw DomainError(.invalidCommand, "the ranking of \(key) proposes no unit: no member is in a band the table's proposal rules admit")
            }
            if let outsider = basis.proposals.first(where: { !group.members.contains($0.unit) }) {
                throw DomainError(.invalidCommand, "\(outsider.unit) is not a member of \(group.code)")
            }
            return [.proposed(ClusterProposalsMade(group: key.group, year: key.year, headUnit: head, rankingVersion: basis.rankingVersion,
                                                   proposals: basis.proposals, proposedOn: today))]
        }
    }

    /// The cluster or bloc of the command, for a year neither before the sector's rules nor after next year.
    private static func emulationGroup(_ context: ClusterYearContext) throws(DomainError) -> EmulationGroup {
        let command = context.command
        guard let group = command.configuration.organization.emulationGroup(code: context.key.group) else {
            throw DomainError(.invalidCommand, "\(context.key.group) is not a cluster or bloc of the organisation")
        }
        guard context.key.year <= command.today.year + 1, command.ruleSet(for: context.key.year) != nil else {
            throw DomainError(.invalidCommand, "\(group.code)'s year \(context.key.year) cannot be recorded")
        }
        return group
    }

    /// The standing office of a unit covering every member: the office the head unit sends to.
    private static func authorizeStandingOffice(_ group: EmulationGroup, _ context: CommandContext) throws(DomainError) {
        let acting = context.actor.roles.intersection([standingOffice])
        guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only the standing office records a cluster's head unit") }
        for member in group.members {
            try context.configuration.organization.requireCoverage(of: member, by: context.actor, acting: acting)
        }
    }

    /// The year's head unit, once the actor is its officer.
    private static func authorizeHead(
        _ group: EmulationGroup, _ year: ClusterYear, _ context: CommandContext, doing what: String
    ) throws(DomainError) -> String {
        guard context.actor.roles.contains(unitOfficer) else { throw DomainError(.roleNotAllowed, "only the head unit's officer \(what)") }
        let head = year.head(in: group)
        guard context.actor.unit == head else {
            throw DomainError(.unitNotAllowed, "\(head), head of \(group.code) this year, \(what); \(context.actor.unit) does not")
        }
        return head
    }

    /// A member's own officer: a unit signs for itself alone, as the pact binds the unit that signs it.
    private static func authorizeSigner(_ unit: String, _ group: EmulationGroup, _ context: CommandContext) throws(DomainError) {
        guard context.actor.roles.contains(unitOfficer) else {
            throw DomainError(.roleNotAllowed, "only a member's unit officer signs its commitments")
        }
        guard group.members.contains(unit) else { throw DomainError(.invalidCommand, "\(unit) is not a member of \(group.code)") }
        guard context.actor.unit == unit else {
            throw DomainError(.unitNotAllowed, "\(context.actor.unit) signs only its own commitments, not \(unit)'s")
        }
    }

    /// Once the year was sent to the standing office, what it received changes only for a reason.
    private static func requireReason(_ reason: String?, _ year: ClusterYear) throws(DomainError) {
        guard let sentOn = year.sentOn, reason == nil else { return }
        throw DomainError(.invalidCommand, "the year was sent to the standing office on \(sentOn): a change needs a reason")
    }

    /// Lines, one each: none blank or stated twice, and at least one unless not `required`.
    private static func lineProblems(_ lines: [String], field: String, what: String, required: Bool = true) -> [String] {
        var problems = required && lines.isEmpty ? ["\(field): states no \(what)"] : []
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            if line.isBlank {
                problems.append("\(field)[\(index)]: must not be blank")
            } else if !seen.insert(line).inserted {
                problems.append("\(field)[\(index)]: is stated twice")
            }
        }
        return problems
    }

    private static func report(_ problems: [String], of what: String) throws(DomainError) {
        guard problems.isEmpty else { throw DomainError(.invalidCommand, "\(what) has problems: " + problems.joined(separator: "; ")) }
    }

    public static func evolve(_ year: ClusterYear, _ event: ClusterYearEvent) -> ClusterYear {
        var year = year
        switch event {
        case .headRecorded(let recorded):
            year.recordedHead = recorded.unit
        case .programmeDrawnUp(let drawnUp):
            year.programme = drawnUp.programme
        case .pactSigned(let signed):
            year.pact[signed.unit] = PactSignature(commitments: signed.commitments, targets: signed.targets, signedOn: signed.signedOn)
        case .registrationsGathered(let gathered):
            year.gathering = RegistrationGathering(gathered: gathered.gathered, missing: gathered.missing, gatheredOn: gathered.gatheredOn)
        case .sent(let sent):
            year.sentOn = sent.sentOn
            year.sendings += 1
            year.changedSinceSent = false
            return year
        case .proposed(let made):
            // The year-end proposals follow the ranking, not what was sent at the year's start.
            year.proposals = ClusterProposals(rankingVersion: made.rankingVersion, proposals: made.proposals, proposedOn: made.proposedOn)
            return year
        }
        year.changedSinceSent = year.sentOn != nil
        return year
    }
}
