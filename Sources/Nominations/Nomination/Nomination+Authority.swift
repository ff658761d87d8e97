import Workflow

extension Nomination {
    /// The role of the agency's head, who decides, forwards, revokes and restores.
    static let headOfAgency = "head_of_agency"
}

extension Nomination.CommandDecider {
    /// The unit acting on the nomination in `state` under the title's authority rule.
    func actingUnit(at state: String) throws(DomainError) -> String {
        let level = title.authority.level(at: state)
        guard let unit = context.configuration.organization.actingUnit(for: nomination.nominee.unit, at: level) else {
            throw DomainError(.configurationMissing, "the organisation has no council over \(nomination.nominee.unit) at the \(level) level")
        }
        return unit
    }

    /// A head acts only where the title's authority rule puts the decision at this stage (a
    /// provincial head on grassroots titles of the province, the Prosecutor General on the
    /// sector's), and approves only titles decided within the agency.
    ///
    /// - Parameter acting: the actor's roles that may run the command.
    func requireHeadAuthority(for command: NominationCommand, acting: Set<String>) throws(DomainError) {
        guard acting == [Nomination.headOfAgency] else { return }
        let decidedBy = title.authority.decidedBy
        if case .approve = command, decidedBy.level == nil {
            throw DomainError(.authorityNotAllowed, "\(title.name) is decided by \(decidedBy.words), not within the agency: "
                              + "forward the proposal and record the decision when it comes")
        }
        let unit = try actingUnit(at: nomination.state)
        let actor = context.actor
        guard actor.unit == unit else {
            throw DomainError(.authorityNotAllowed, "the head of \(actor.unit) does not decide on \(title.name) for \(nomination.nominee.unit) "
                              + "at stage '\(nomination.state)': the head of \(unit) does (\(title.authority.source))")
        }
    }

    /// The session's council must be the one that reviews the nomination at the stage it is
    /// scheduled into, and the actor's unit must cover that council's unit.
    func requireCouncilDue(_ session: CouncilSession, target: String, acting: Set<String>) throws(DomainError) {
        let due = try actingUnit(at: target)
        guard session.council == due else {
            throw DomainError(.councilNotDue, "\(nomination.id) of \(nomination.nominee.unit) is reviewed at stage '\(target)' by the council "
                              + "of \(due), not by the council of \(session.council) (session \(session.id))")
        }
        try context.configuration.organization.requireCoverage(of: session.council, by: context.actor, acting: acting)
    }
}
