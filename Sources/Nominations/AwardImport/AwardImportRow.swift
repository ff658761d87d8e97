/// One data row of a file of earlier awards, as written (trimmed), before it is checked.
public struct AwardImportRow: Sendable, Equatable {
    /// The row's number among the file's data rows, from 1, as a year-end list numbers its rows.
    public let row: Int
    public let personID: String
    public let name: String
    public let unit: String
    /// A title's id in the rule sets (`grassroots_emulation_fighter`) or its name as the rule set writes it.
    public let title: String
    public let year: String
    public let decisionNumber: String
    /// `YYYY-MM-DD`.
    public let decisionDate: String

    public init(row: Int, personID: String, name: String, unit: String, title: String, year: String, decisionNumber: String,
                decisionDate: String) {
        self.row = row
        self.personID = personID
        self.name = name
        self.unit = unit
        self.title = title
        self.year = year
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
    }

    /// The header's column names, in the order the template lists them; a file may order them
    /// otherwise (and write them with spaces or capitals: `Person ID`).
    public static let columns = ["person_id", "name", "unit", "title", "year", "decision_number", "decision_date"]

    /// A row from its values by column name (a column missing is a value missing).
    public init(row: Int, values: [String: String]) {
        func value(_ column: String) -> String { values[column] ?? "" }
        self.init(row: row, personID: value("person_id"), name: value("name"), unit: value("unit"), title: value("title"),
                  year: value("year"), decisionNumber: value("decision_number"), decisionDate: value("decision_date"))
    }
}
