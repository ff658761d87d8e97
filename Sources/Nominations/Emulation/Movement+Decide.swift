import Workflow

extension Movement: Decider {
    /// Nothing until the launch.
    public static let initialState = Movement()

    /// The standing office (Thường trực) of the launching unit, or of a unit above it, launches,
    /// amends and closes a movement.
    public static let roles: Set<String> = [standingOffice]
    static let standingOffice = "standing_office"

    public static func decide(
        _ command: MovementCommand, _ movement: Movement, _ context: CommandContext
    ) throws(DomainError) -> [MovementEvent] {
        let today = context.today
        switch command {
        case .launch(let details):
            guard movement.stage == .notLaunched else { throw DomainError(.alreadyExists, "the movement is launched already") }
            try check(details, context)
            return [.launched(MovementLaunched(details: details, launchedOn: today))]
        case .amend(let details, let reason):
            let current = try running(movement, context, doing: "amended")
            guard today <= current.to else {
                throw DomainError(.transitionNotAllowed, "the movement ended on \(current.to): it is closed, no longer amended")
            }
            guard details.authority == current.authority else {
                throw DomainError(.invalidCommand, "authority: the movement stays \(current.authority)'s; launch another for \(details.authority)")
            }
            guard !reason.isBlank else { throw DomainError(.invalidCommand, "an amendment needs a reason") }
            guard details != current else { throw DomainError(.invalidCommand, "the amendment changes nothing") }
            try check(details, context)
            return [.amended(MovementAmended(details: details, reason: reason, amendedOn: today))]
        case .close(let reason):
            let current = try running(movement, context, doing: "closed")
            let reason = reason.flatMap { $0.isBlank ? nil : $0 }
            if today < current.to, reason == nil {
                throw DomainError(.invalidCommand, "the movement runs to \(current.to): closing it early needs a reason")
            }
            return [.closed(MovementClosed(closedOn: today, reason: reason))]
        }
    }

    /// The details of a running movement, once the actor may act on it.
    private static func running(_ movement: Movement, _ context: CommandContext, doing what: String) throws(DomainError) -> MovementDetails {
        guard let details = movement.details else { throw DomainError(.movementNotFound, "no such movement is launched") }
        try authorize(details.authority, context)
        guard movement.stage == .running else {
            throw DomainError(.transitionNotAllowed, "the movement is closed: it is no longer \(what)")
        }
        return details
    }

    /// The standing office of a unit covering the authority.
    private static func authorize(_ authority: String, _ context: CommandContext) throws(DomainError) {
        try context.configuration.organization.requireCoverage(of: authority, by: context.actor, acting: acting(context))
    }

    private static func acting(_ context: CommandContext) throws(DomainError) -> Set<String> {
        let acting = context.actor.roles.intersection(roles)
        guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only the standing office launches, amends and closes movements") }
        return acting
    }

    /// The standing office of a unit covering the authority (an authority that is no unit is one
    /// of the problems), and every problem of the details reported together.
    private static func check(_ details: MovementDetails, _ context: CommandContext) throws(DomainError) {
        let organization = context.configuration.organization
        let acting = try acting(context)
        if organization.unit(code: details.authority) != nil {
            try organization.requireCoverage(of: details.authority, by: context.actor, acting: acting)
        }
        let problems = details.problems(in: organization)
        guard problems.isEmpty else {
            throw DomainError(.invalidCommand, "the movement has \(problems.count) problem\(problems.count == 1 ? "" : "s"): "
                              + problems.joined(separator: "; "))
        }
    }

    public static func evolve(_ movement: Movement, _ event: MovementEvent) -> Movement {
        var movement = movement
        switch event {
        case .launched(let launched):
            movement.stage = .running
            movement.details = launched.details
            movement.launchedOn = launched.launchedOn
        case .amended(let amended):
            movement.details = amended.details
            movement.amendments += 1
        case .closed(let closed):
            movement.stage = .closed
            movement.closedOn = closed.closedOn
            movement.closeReason = closed.reason
        }
        return movement
    }
}
