import Nominations
import Workflow

/// The commemorative medal's candidates of a year as the API shows them: those who qualify, and
/// those whose records were assessed and do not, each with the rule's explanation.
struct MedalCandidatesResource: Encodable {
    /// One person's record as assessed.
    struct Row: Encodable {
        let personId: String
        let name: String
        let unit: String
        let position: String
        let sectorStart: LocalDate
        let sectorEnd: LocalDate?
        /// The day the years were (or will be) reached, days under discipline added.
        let qualifiesOn: LocalDate
        /// Why the person does not qualify; nil for a candidate.
        let reason: MedalAssessment.Reason?
        let explanation: Explanation

        init(_ assessment: MedalAssessment) {
            let record = assessment.record
            personId = record.personID
            name = record.name
            unit = record.unit
            position = record.position
            sectorStart = record.sectorStart
            sectorEnd = record.sectorEnd
            qualifiesOn = assessment.qualifiesOn
            reason = assessment.reason
            explanation = assessment.explanation
        }
    }

    let year: Int
    let title: String
    let titleName: String
    /// The rule set the year is assessed under, and its cut-off day.
    let ruleSet: String
    let cutoff: LocalDate
    /// The unit asked for; nil for every unit the caller covers.
    let unit: String?
    let candidates: [Row]
    let excluded: [Row]
}
