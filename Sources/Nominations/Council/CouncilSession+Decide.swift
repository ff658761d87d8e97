extension CouncilSession {
    /// The roles that may run council session commands.
    public static let roles: Set<String> = ["council_secretary", "standing_office"]

    /// Decides a session command against the current session (nil before it is convened).
    public static func decide(
        _ command: CouncilSessionCommand, _ session: CouncilSession?, _ actor: Actor
    ) throws(DomainError) -> [CouncilSessionEvent] {
        guard !actor.roles.isDisjoint(with: roles) else {
            throw DomainError(.roleNotAllowed, "only the council secretary or the standing office manage council sessions")
        }
        switch command {
        case let .convene(sessionID, council, date, members, present, chairID):
            guard session == nil else { throw DomainError(.alreadyExists, "session \(sessionID) is already convened") }
            let ids = members.map(\.id)
            guard !members.isEmpty, Set(ids).count == ids.count else {
                throw DomainError(.invalidCommand, "the council needs members with distinct ids")
            }
            guard Set(present).count == present.count, present.allSatisfy(ids.contains) else {
                throw DomainError(.unknownMember, "members present must be distinct members of the council")
            }
            guard present.contains(chairID) else {
                throw DomainError(.unknownMember, "the chair \(chairID) must be a member present")
            }
            return [.convened(CouncilConvened(sessionID: sessionID, council: council, date: date, members: members,
                                              present: present, chairID: chairID))]
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
                                  recusals: [], isClosed: false)
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
