import Workflow

/// What a command recording one of the agency's own decisions (a council's membership change, a
/// head's delegation) is decided with: who acts, today in Vietnam (a decision cannot be dated
/// later), and the configuration (the organisation's units and councils).
public struct RecordedDecisionContext: Sendable {
    public let actor: Actor
    public let today: LocalDate
    public let configuration: DomainConfiguration

    public init(actor: Actor, today: LocalDate, configuration: DomainConfiguration) {
        self.actor = actor
        self.today = today
        self.configuration = configuration
    }
}
