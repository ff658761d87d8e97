import Workflow

extension CouncilSession {
    /// The roles that may run council session commands.
    public static let roles: Set<String> = ["council_secretary", "standing_office"]

    /// Decides a session command against the current session (nil before it is convened).
    public static func decide(
        _ command: CouncilSessionCommand, _ session: CouncilSession?, _ context: CouncilSessionContext
    ) throws(DomainError) -> [CouncilSessionEvent] {
        let actor = context.actor
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else {
            throw DomainError(.roleNotAllowed, "only the council secretary or the standing office manage council sessions")
        }
        let organization = context.configuration.organization
        let unit = if case .convene(_, let council, _, _, _) = command { council } else { session?.council }
        if let unit { try organization.requireCoverage(of: unit, by: actor, acting: acting) }
        switch command {
        case let .convene(sessionID, unit, date, present, chairID):
            guard session == nil else { throw DomainError(.alreadyExists, "session \(sessionID) is already convened") }
            guard let council = organization.council(of: unit) else {
                throw DomainError(.invalidCommand, "\(unit) has no council in the organisation")
            }
            // The council as it stood on the session's date, whenever the session is recorded.
            let inForce = context.membership.inForce(on: date, constituted: council)
            let members = inForce.members
            let ids = Set(members.map(\.id))
            let strangers = present.filter { !ids.contains($0) }
            guard strangers.isEmpty, Set(present).count == present.count else {
                throw DomainError(.unknownMember, "members present must be distinct members of \(council.name) on \(date)"
                                  + (strangers.isEmpty ? "" : "; not members: \(strangers.joined(separator: ", "))"))
            }
            guard let chairID = chairID ?? inForce.chair?.id else {
                throw DomainError(.configurationMissing, "\(council.name) has no chair on \(date)")
            }
            guard present.contains(chairID) else {
                throw DomainError(.unknownMember, "the chair \(chairID) must be a member present")
            }
            try requireQuorum(present: present.count, of: members.count, on: date, configuration: context.configuration)
            return [.convened(CouncilConvened(sessionID: sessionID, council: unit, date: date, members: members,
                                              present: present, chairID: chairID, membershipBasis: inForce.basis))]
        case let .recuseMember(sessionID, memberID, nominationID, reason):
            let session = try open(session, sessionID)
            guard session.member(memberID) != nil else {
                throw DomainError(.unknownMember, "\(memberID) is not a member of the council")
            }
            guard !session.recusals.contains(where: { $0.memberID == memberID && $0.nominationID == nominationID }) else {
                throw DomainError(.recusedMember, "\(memberID) is already recused from \(nominationID)")
            }
            guard !reason.isBlank else { throw DomainError(.invalidCommand, "a recusal needs a reason") }
            return [.memberRecused(CouncilMemberRecused(sessionID: sessionID, memberID: memberID,
                                                        nominationID: nominationID, reason: reason))]
        case let .close(sessionID):
            _ = try open(session, sessionID)
            return [.closed(CouncilClosed(sessionID: sessionID))]
        }
    }

    /// A sitting with fewer present than the quorum of the rule set in force on its date could
    /// decide nothing: it is not convened.
    private static func requireQuorum(present: Int, of total: Int, on date: LocalDate, configuration: DomainConfiguration) throws(DomainError) {
        guard let ruleSet = configuration.rules.ruleSet(inForceOn: date) else {
            throw DomainError(.configurationMissing, "no rule set is in force on \(date)")
        }
        let quorum = ruleSet.council.quorum
        guard quorum.isReached(by: present, of: total) else {
            throw DomainError(.quorumNotMet, "\(present) of \(total) members present: the quorum is \(quorum) of total membership "
                              + "(rule set \(ruleSet.version): \(ruleSet.council.source)); the session cannot decide and is not convened")
        }
    }

    private static func open(_ session: CouncilSession?, _ id: String) throws(DomainError) -> CouncilSession {
        guard let session, session.id == id else { throw DomainError(.sessionNotAvailable, "session \(id) is not convened") }
        guard !session.isClosed else { throw DomainError(.sessionNotAvailable, "session \(id) is closed") }
        return session
    }

    /// Applies an event; pure, used both live and when replaying.
    public static func evolve(_ session: CouncilSession?, _ event: CouncilSessionEvent) -> CouncilSession? {
        switch event {
        case .convened(let convened):
            return CouncilSession(id: convened.sessionID, council: convened.council, date: convened.date,
                                  members: convened.members, present: convened.present, chairID: convened.chairID,
                                  membershipBasis: convened.membershipBasis, recusals: [], isClosed: false)
        case .memberRecused(let recused):
            var session = session
            session?.recusals.append(Recusal(memberID: recused.memberID, nominationID: recused.nominationID,
                                             reason: recused.reason))
            return session
        case .closed:
            var session = session
            session?.isClosed = true
            return session
        }
    }
}
