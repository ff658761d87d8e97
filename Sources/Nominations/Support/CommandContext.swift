import Workflow

/// What a command on one of the agency's own records (a council's membership, a head's
/// delegations, a unit's registration, task ratings or year-end list) is decided with: who acts, today in Vietnam (a decision
/// cannot be dated later), and the configuration (the organisation's units and councils).
public struct CommandContext: Sendable {
    public let actor: Actor
    public let today: LocalDate
    public let configuration: DomainConfiguration

    public init(actor: Actor, today: LocalDate, configuration: DomainConfiguration) {
        self.actor = actor
        self.today = today
        self.configuration = configuration
    }
}
