/// Why a command was refused: a stable machine-readable code (for the API and translations) and a
/// message a person can act on.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code. New codes may be added; existing ones never change meaning.
    public struct Code: Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// The command does not leave the nomination's current state.
        public static let transitionNotAllowed = Code("transition_not_allowed")
        /// None of the actor's roles may run the command.
        public static let roleNotAllowed = Code("role_not_allowed")
        /// The actor's unit does not cover the nomination's (or the council's) unit.
        public static let unitNotAllowed = Code("unit_not_allowed")
        /// The actor is not the authority that decides at this stage: the head of another unit, or a
        /// title decided outside the agency.
        public static let authorityNotAllowed = Code("authority_not_allowed")
        /// The session's council is not the one that reviews the nomination at this stage.
        public static let councilNotDue = Code("council_not_due")
        /// Fewer members are present than the quorum requires.
        public static let quorumNotMet = Code("quorum_not_met")
        /// The council vote did not reach the title's threshold.
        public static let thresholdNotReached = Code("threshold_not_reached")
        /// A discipline, investigation, inspection or complaint hold blocks the command.
        public static let holdActive = Code("hold_active")
        /// A required dossier document is missing.
        public static let dossierIncomplete = Code("dossier_incomplete")
        /// The nominee does not meet the title's conditions.
        public static let notEligible = Code("not_eligible")
        /// The title requires registration and the nominee is not registered for it and the year.
        public static let notRegistered = Code("not_registered")
        /// The registration deadline has passed: only the standing office amends, with a reason.
        public static let registrationClosed = Code("registration_closed")
        /// The nominee's task rating for the year is missing or below what the title requires.
        public static let taskRatingTooLow = Code("task_rating_too_low")
        /// The title requires another title the same year, which the nominee neither holds nor is nominated for.
        public static let sameYearTitleMissing = Code("same_year_title_missing")
        /// The unit has used its cap for the title.
        public static let capExceeded = Code("cap_exceeded")
        /// The public consultation period has not ended.
        public static let consultationNotFinished = Code("consultation_not_finished")
        /// The public consultation's last day has passed: it takes no more comments.
        public static let consultationEnded = Code("consultation_ended")
        /// A member with a conflict of interest was counted on the nomination.
        public static let recusedMember = Code("recused_member")
        /// More votes than members entitled to vote.
        public static let tallyExceedsVoters = Code("tally_exceeds_voters")
        /// The council session is not convened, closed, or not the one the nomination is scheduled for.
        public static let sessionNotAvailable = Code("session_not_available")
        /// The member is not on the council.
        public static let unknownMember = Code("unknown_member")
        /// The nomination does not exist, or already exists for a submission.
        public static let nominationNotFound = Code("nomination_not_found")
        public static let alreadyExists = Code("already_exists")
        /// The award decision does not exist.
        public static let decisionNotFound = Code("decision_not_found")
        /// Another decision of the same authority took the number first (read the register again).
        public static let decisionNumberTaken = Code("decision_number_taken")
        /// A secret ballot's result named a member's choice; it takes counts only.
        public static let secretBallotNamed = Code("secret_ballot_named")
        /// The emulation movement does not exist.
        public static let movementNotFound = Code("movement_not_found")
        /// The year-end list does not exist.
        public static let listNotFound = Code("list_not_found")
        /// No account has the login.
        public static let accountNotFound = Code("account_not_found")
        /// The nominee already has a live nomination or an award for the title and year.
        public static let alreadyNominated = Code("already_nominated")
        /// No rule set, title, workflow version or calendar year covers the request.
        public static let configurationMissing = Code("configuration_missing")
        /// A scoring table has problems; the message lists every one of them.
        public static let invalidScoringTable = Code("invalid_scoring_table")
        /// No scoring table is published for the year, so no unit can be scored on it.
        public static let scoringTableMissing = Code("scoring_table_missing")
        /// The command's own data is invalid (empty reasons, malformed checksum, …).
        public static let invalidCommand = Code("invalid_command")
        /// Rows of a many-row command are invalid; every one is listed in ``DomainError/rows``.
        public static let invalidRows = Code("invalid_rows")
    }

    public let code: Code
    public let message: String
    /// For a command of many rows, every row refused (all of them, not the first): the command
    /// stores nothing unless every row is good.
    public let rows: [RowProblem]

    public init(_ code: Code, _ message: String, rows: [RowProblem] = []) {
        self.code = code
        self.message = message
        self.rows = rows
    }

    public var description: String { "\(code): \(message)" }
}
