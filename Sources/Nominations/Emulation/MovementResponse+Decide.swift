import Workflow

extension MovementResponse: Decider {
    /// No plan until the unit responds.
    public static let initialState = MovementResponse()

    /// The unit's officer records the unit's plan.
    public static let roles: Set<String> = [unitOfficer]
    static let unitOfficer = "unit_officer"

    /// The officer of a unit covering the responding unit, which the movement's authority
    /// covers, while the movement takes responses; every problem of the plan reported together.
    public static func decide(
        _ command: RecordMovementResponse, _ response: MovementResponse, _ context: MovementResponseContext
    ) throws(DomainError) -> [MovementResponseEvent] {
        let key = command.key
        let actor = context.command.actor
        let today = context.command.today
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else { throw DomainError(.roleNotAllowed, "only unit_officer records a unit's response to a movement") }
        guard let movement = context.movement.details else { throw DomainError(.movementNotFound, "no movement \(key.movement) is launched") }
        let organization = context.command.configuration.organization
        guard organization.unit(code: key.unit) != nil else {
            throw DomainError(.invalidCommand, "\(key.unit) is not a unit of the organisation")
        }
        try organization.requireCoverage(of: key.unit, by: actor, acting: acting)
        guard organization.covers(movement.authority, key.unit) else {
            throw DomainError(.invalidCommand, "\(key.movement) is \(movement.authority)'s movement: \(key.unit) is not one of its units")
        }
        guard context.movement.takesResponses(on: today) else {
            throw DomainError(.transitionNotAllowed, context.movement.stage == .closed
                              ? "\(key.movement) is closed: it takes no more responses"
                              : "\(key.movement) ended on \(movement.to): it takes no more responses")
        }
        let problems = command.plan.problems()
        guard problems.isEmpty else { throw DomainError(.invalidCommand, "the plan has problems: " + problems.joined(separator: "; ")) }
        guard response.plan != nil else {
            return [.recorded(MovementResponseRecorded(movement: key.movement, unit: key.unit, plan: command.plan, recordedOn: today))]
        }
        guard response.plan != command.plan else { throw DomainError(.invalidCommand, "the plan is recorded as it is already") }
        return [.amended(MovementResponseAmended(movement: key.movement, unit: key.unit, plan: command.plan, amendedOn: today))]
    }

    public static func evolve(_ response: MovementResponse, _ event: MovementResponseEvent) -> MovementResponse {
        var response = response
        switch event {
        case .recorded(let recorded):
            response.plan = recorded.plan
            response.recordedOn = recorded.recordedOn
        case .amended(let amended):
            response.plan = amended.plan
            response.amendments += 1
        }
        return response
    }
}
