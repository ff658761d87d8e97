import Workflow

extension Nomination {
    /// Decides a command: checks the workflow, roles, holds, guards and the command's own data, and
    /// returns the events to store. Pure: everything it consults is in `context`.
    ///
    /// - Parameter nomination: the current state, nil before submission.
    /// - Throws: `DomainError` with a stable code when the command is refused.
    public static func decide(
        _ command: NominationCommand, _ nomination: Nomination?, _ context: DecisionContext
    ) throws(DomainError) -> [NominationEvent] {
        if case .submit(let submission) = command {
            guard nomination == nil else {
                throw DomainError(.alreadyExists, "nomination \(submission.nominationID) is already submitted")
            }
            return [try submit(id: submission.nominationID, kind: submission.kind, titleID: submission.title, year: submission.year,
                               nominee: submission.nominee, summary: submission.achievementSummary,
                               documents: submission.documents, movement: submission.movement, ranking: submission.ranking,
                               context: context)]
        }
        guard let nomination, nomination.id == command.nominationID else {
            throw DomainError(.nominationNotFound, "nomination \(command.nominationID) has not been submitted")
        }
        return [try CommandDecider(nomination: nomination, context: context).event(for: command)]
    }

    private static func submit(
        id: String, kind: String, titleID: String, year: Int, nominee: Nominee, summary: String,
        documents: [DossierDocument], movement: String?, ranking: RankingLink?, context: DecisionContext
    ) throws(DomainError) -> NominationEvent {
        let configuration = context.configuration
        guard let ruleSet = configuration.rules.ruleSet(inForceOn: context.today) else {
            throw DomainError(.configurationMissing, "no rule set is in force on \(context.today)")
        }
        guard let title = ruleSet.title(titleID) else {
            throw DomainError(.configurationMissing, "rule set \(ruleSet.version) has no title '\(titleID)'")
        }
        guard title.kind == kind else {
            throw DomainError(.invalidCommand, "\(title.name) is a \(title.kind) award, not \(kind)")
        }
        guard let definition = configuration.workflows.latest(kind: kind) else {
            throw DomainError(.configurationMissing, "no workflow is defined for kind '\(kind)'")
        }
        // The flags the plan's shares count are the rule set's to give, not the submitter's.
        let nominee = ruleSet.shares.map { nominee.classified(by: $0, in: configuration.organization) } ?? nominee
        if let problem = nominee.problem { throw DomainError(.invalidCommand, problem) }
        try validate(summary: summary, documents: documents)
        guard year <= context.today.year else {
            throw DomainError(.invalidCommand, "the achievement period \(year) has not started")
        }
        if let movement { try checkMovement(movement, year: year, unit: nominee.unit, context: context) }
        // A unit submits for those it covers; the head unit of a cluster or bloc proposes its
        // members from the ranking, which it covers in that alone.
        let proposer = try ranking.map { (link) throws(DomainError) in try checkRanking(link, year: year, nominee: nominee, context: context) }
        let (transition, _) = try authorize("submit", definition: definition, state: definition.initialState,
                                            holdActive: false, unit: proposer ?? nominee.unit, context: context)
        let subject = NominationGuard.Subject(ruleSet: ruleSet, title: title, nominee: nominee, year: year,
                                              documents: documents, nomination: nil, context: context)
        let explanations = try (transition?.guards ?? []).map { (name) throws(DomainError) in try NominationGuard.check(name, subject) }
        let stage = try stageChange(from: definition.initialState, to: try target(transition), kind: kind,
                                    definition: definition, ruleSet: ruleSet, context: context)
        return .submitted(NominationSubmitted(
            nominationID: id, kind: kind, title: titleID, titleName: title.name, year: year, nominee: nominee,
            achievementSummary: summary, documents: documents, ruleSetVersion: ruleSet.version,
            workflowVersion: definition.version, stage: stage, explanations: explanations, movement: movement, ranking: ranking))
    }

    /// A proposal from a ranking is for a member of the cluster or bloc, as a collective (the
    /// unit itself), in the ranking's year, made by the year's head unit; returns that unit.
    private static func checkRanking(_ link: RankingLink, year: Int, nominee: Nominee, context: DecisionContext) throws(DomainError) -> String {
        guard let group = context.configuration.organization.emulationGroup(code: link.group) else {
            throw DomainError(.invalidCommand, "\(link.group) is not a cluster or bloc of the organisation")
        }
        guard group.members.contains(nominee.unit), nominee.type == .collective, nominee.id == nominee.unit else {
            throw DomainError(.invalidCommand, "a ranking of \(group.code) proposes its member units themselves, not \(nominee.id) of \(nominee.unit)")
        }
        guard link.year == year else {
            throw DomainError(.invalidCommand, "the ranking of \(link.year) proposes for the achievements of \(link.year), not \(year)")
        }
        guard let head = context.rankingHead, context.actor.unit == head else {
            throw DomainError(.unitNotAllowed, "\(context.rankingHead ?? group.head), head of \(group.code) in \(year), proposes from its ranking; "
                              + "\(context.actor.unit) does not")
        }
        return head
    }

    /// A thematic award names a movement that was launched, that the nominee's unit takes part
    /// in (the launching unit or one below it), and whose period covers part of the nomination's
    /// year; a movement closed since may still be rewarded, as its awards follow its summing up.
    private static func checkMovement(_ id: String, year: Int, unit: String, context: DecisionContext) throws(DomainError) {
        guard let movement = context.movement, movement.stage != .notLaunched, let details = movement.details else {
            throw DomainError(.movementNotFound, "movement \(id) has not been launched")
        }
        guard context.configuration.organization.covers(details.authority, unit) else {
            throw DomainError(.invalidCommand, "\(unit) does not take part in movement \(id), launched by \(details.authority)")
        }
        guard details.from.year <= year, year <= details.to.year else {
            throw DomainError(.invalidCommand,
                              "movement \(id) runs from \(details.from) to \(details.to), outside the achievement year \(year)")
        }
    }

    /// Checks the workflow (transition from `state`, roles, holds) and that the actor's unit covers
    /// the nomination's; returns the transition and the actor's roles that may run it.
    static func authorize(
        _ command: String, definition: WorkflowDefinition, state: String, holdActive: Bool, unit: String,
        context: DecisionContext
    ) throws(DomainError) -> (transition: Transition?, acting: Set<String>) {
        let actor = context.actor
        let transition: Transition?
        do {
            transition = try definition.authorize(command: command, from: state, roles: context.actingRoles, holdActive: holdActive)
        } catch {
            switch error {
            case .transitionNotAllowed:
                throw DomainError(.transitionNotAllowed, "'\(command)' is not possible in state '\(state)'")
            case .roleNotAllowed(_, let roles):
                throw DomainError(.roleNotAllowed, "roles \(roles.joined(separator: ", ")) may not run '\(command)'")
            case .holdActive:
                throw DomainError(.holdActive, "a hold blocks '\(command)' until it is lifted")
            }
        }
        let acting = context.actingRoles.intersection(transition?.roles ?? definition.holds.placeRoles + definition.holds.liftRoles)
        try context.configuration.organization.requireCoverage(of: unit, by: actor, acting: acting)
        return (transition, acting)
    }

    static func target(_ transition: Transition?, outcome: String? = nil) throws(DomainError) -> String {
        guard let state = transition?.target(outcome: outcome) else {
            throw DomainError(.configurationMissing,
                              "the workflow has no target for '\(transition?.command ?? "?")'\(outcome.map { " with outcome \($0)" } ?? "")")
        }
        return state
    }

    /// The stage entered today, with its deadline in working days (the rule set's override, else the workflow's).
    static func stageChange(
        from: String, to: String, kind: String, definition: WorkflowDefinition, ruleSet: RuleSet, context: DecisionContext
    ) throws(DomainError) -> StageChange {
        let days = ruleSet.stageDeadlines[kind]?[to] ?? definition.state(named: to)?.deadlineWorkingDays
        var deadline: LocalDate?
        if let days {
            do {
                deadline = try context.configuration.calendar.adding(workingDays: days, to: context.today)
            } catch {
                throw DomainError(.configurationMissing, error.description)
            }
        }
        return StageChange(from: from, to: to, enteredOn: context.today, deadline: deadline)
    }

    static func validate(summary: String, documents: [DossierDocument]) throws(DomainError) {
        guard !summary.isBlank else { throw DomainError(.invalidCommand, "the achievement summary is empty") }
        for document in documents {
            guard !document.kind.isEmpty, !document.title.isEmpty else {
                throw DomainError(.invalidCommand, "every document needs a kind and a title")
            }
            guard document.hasValidChecksum else {
                throw DomainError(.invalidCommand, "'\(document.title)' needs a lower-case hexadecimal SHA-256")
            }
        }
    }
}
