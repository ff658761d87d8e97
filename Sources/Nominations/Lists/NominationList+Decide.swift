import Workflow

extension NominationList: Decider {
    public typealias State = NominationList?

    /// No list until it is sent.
    public static let initialState: NominationList? = nil

    /// Who sends a list, and who takes it in or returns its rows.
    public static let submitRoles: Set<String> = ["unit_officer"]
    public static let intakeRoles: Set<String> = ["standing_office"]

    public static func evolve(_ list: NominationList?, _ event: NominationListEvent) -> NominationList? {
        switch event {
        case .submitted(let submitted):
            return NominationList(submitted)
        case .takenIn(let takenIn):
            guard var list else { return nil }
            list.takenIn.formUnion(takenIn.nominations)
            list.returned.subtract(takenIn.nominations)
            return list
        case .rowsReturned(let returned):
            guard var list else { return nil }
            list.returned.formUnion(returned.nominations)
            return list
        }
    }

    /// Decides a list command: the list as a whole (who acts on which unit, which rows); each
    /// row's own command is decided on its nomination.
    public static func decide(
        _ command: NominationListCommand, _ list: NominationList?, _ context: CommandContext
    ) throws(DomainError) -> [NominationListEvent] {
        let actor = context.actor
        let organization = context.configuration.organization
        switch command {
        case let .submit(listID, unit, year, nominations):
            let acting = actor.roles.intersection(submitRoles)
            guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only a unit officer sends a unit's list") }
            guard organization.unit(code: unit) != nil else {
                throw DomainError(.invalidCommand, "\(unit) is not a unit of the organisation")
            }
            try organization.requireCoverage(of: unit, by: actor, acting: acting)
            if let list { throw DomainError(.alreadyExists, "list \(list.id) was sent on \(list.submittedOn)") }
            // Its rows' ids would be those a cluster's ranking gives its proposals.
            guard !listID.hasPrefix(rankingProposalPrefix) else {
                throw DomainError(.invalidCommand, "a list's id does not begin with '\(rankingProposalPrefix)': those are a ranking's proposals")
            }
            guard !nominations.isEmpty, nominations.count <= maxListRows else {
                throw DomainError(.invalidCommand, "a list has from 1 to \(maxListRows) rows, not \(nominations.count)")
            }
            return [.submitted(NominationListSubmitted(listID: listID, unit: unit, year: year, nominations: nominations,
                                                       submittedOn: context.today))]
        case let .takeIn(listID, nominations), let .returnRows(listID, nominations):
            let acting = actor.roles.intersection(intakeRoles)
            guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only the standing office takes a list in or returns its rows") }
            guard let list else { throw DomainError(.listNotFound, "list \(listID) does not exist") }
            try organization.requireCoverage(of: list.unit, by: actor, acting: acting)
            guard !nominations.isEmpty else { throw DomainError(.invalidCommand, "name at least one row") }
            let rows = Set(list.nominations)
            if let stranger = nominations.first(where: { !rows.contains($0) }) {
                throw DomainError(.invalidCommand, "\(stranger) is not a row of list \(listID)")
            }
            if case .takeIn = command { return [.takenIn(NominationListTakenIn(listID: listID, nominations: nominations))] }
            return [.rowsReturned(NominationListRowsReturned(listID: listID, nominations: nominations))]
        }
    }
}
