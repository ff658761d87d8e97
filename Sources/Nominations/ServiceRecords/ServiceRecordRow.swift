/// One data row of a file of service records, as written (trimmed), before it is checked.
public struct ServiceRecordRow: Sendable, Equatable {
    /// The row's number among the file's data rows, from 1.
    public let row: Int
    public let personID: String
    public let name: String
    public let unit: String
    /// The position held, or empty.
    public let position: String
    /// `true`, `false` or empty (false).
    public let isFrontLine: String
    /// `YYYY-MM-DD`: the first day in the sector.
    public let sectorStart: String
    /// `YYYY-MM-DD`, or empty while the person serves.
    public let sectorEnd: String
    /// `YYYY-MM-DD` of a disciplinary measure's first day, or empty.
    public let disciplineFrom: String
    /// `YYYY-MM-DD` of its last day, or empty while it is served.
    public let disciplineTo: String

    public init(row: Int, personID: String, name: String, unit: String, position: String = "", isFrontLine: String = "",
                sectorStart: String, sectorEnd: String = "", disciplineFrom: String = "", disciplineTo: String = "") {
        self.row = row
        self.personID = personID
        self.name = name
        self.unit = unit
        self.position = position
        self.isFrontLine = isFrontLine
        self.sectorStart = sectorStart
        self.sectorEnd = sectorEnd
        self.disciplineFrom = disciplineFrom
        self.disciplineTo = disciplineTo
    }

    /// The header's column names, in the order the template lists them; a file may order them
    /// otherwise. Only ``requiredColumns`` must be in the header.
    public static let columns = ["person_id", "name", "unit", "position", "is_front_line", "sector_start", "sector_end",
                                  "discipline_from", "discipline_to"]

    /// The columns a header must name.
    public static let requiredColumns = ["person_id", "name", "unit", "sector_start"]

    /// A row from its values by column name (a column missing is a value missing).
    public init(row: Int, values: [String: String]) {
        func value(_ column: String) -> String { values[column] ?? "" }
        self.init(row: row, personID: value("person_id"), name: value("name"), unit: value("unit"), position: value("position"),
                  isFrontLine: value("is_front_line"), sectorStart: value("sector_start"),
                  sectorEnd: value("sector_end"), disciplineFrom: value("discipline_from"), disciplineTo: value("discipline_to"))
    }
}
