import Workflow

/// One person's service record assessed for the commemorative medal in a year: whether they
/// qualify, and if not why, with the rule's explanation.
public struct MedalAssessment: Sendable, Equatable {
    /// Why a person does not qualify.
    public enum Reason: String, Sendable, Codable {
        /// The years of service (discipline days not counted) are not reached by the cut-off, or
        /// were not reached before the person left.
        case serviceTooShort = "service_too_short"
        /// A disciplinary measure is still served on the cut-off day.
        case underDiscipline = "under_discipline"
        /// The person holds the medal already; it is given once.
        case alreadyAwarded = "already_awarded"
    }

    public let record: ServiceRecord
    /// The day the required years were (or will be) reached, discipline days added.
    public let qualifiesOn: LocalDate
    /// Whole years of service counted on the cut-off, days under discipline not counted.
    public let yearsCounted: Int
    /// Nil when the person qualifies.
    public let reason: Reason?
    public let explanation: Explanation

    public var qualifies: Bool { reason == nil }
}
