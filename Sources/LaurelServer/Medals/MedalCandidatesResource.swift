import Nominations
import Workflow

/// The commemorative medal's candidates of a year as the API shows them: those who qualify, and
/// those whose records were assessed and do not, each with the rule's explanation.
package struct MedalCandidatesResource: Encodable {
    /// One person's record as assessed.
    package struct Row: Encodable {
        package let personId: String
        package let name: String
        package let unit: String
        package let position: String
        package let sectorStart: LocalDate
        package let sectorEnd: LocalDate?
        /// The day the years were (or will be) reached, days under discipline added.
        package let qualifiesOn: LocalDate
        /// Whole years of service counted on the cut-off, days under discipline not counted.
        package let yearsCounted: Int
        /// Why the person does not qualify; nil for a candidate.
        package let reason: MedalAssessment.Reason?
        package let explanation: Explanation

        package init(_ assessment: MedalAssessment) {
            let record = assessment.record
            personId = record.personID
            name = record.name
            unit = record.unit
            position = record.position
            sectorStart = record.sectorStart
            sectorEnd = record.sectorEnd
            qualifiesOn = assessment.qualifiesOn
            yearsCounted = assessment.yearsCounted
            reason = assessment.reason
            explanation = assessment.explanation
        }
    }

    package let year: Int
    package let title: String
    package let titleName: String
    /// The rule set the year is assessed under, and its cut-off day.
    package let ruleSet: String
    package let cutoff: LocalDate
    /// The unit asked for; nil for every unit the caller covers.
    package let unit: String?
    package let candidates: [Row]
    package let excluded: [Row]
}
