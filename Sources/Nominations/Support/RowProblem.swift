/// One refused row of a command that records many rows at once (an import of earlier awards):
/// the row's number as a spreadsheet shows it, the field at fault and why.
public struct RowProblem: Sendable, Equatable, Codable {
    /// The row's number among the file's data rows, from 1; 0 for the header.
    public let row: Int
    /// The column at fault, by its header name (`year`, `decision_date`, …); empty for the row as a whole.
    public let field: String
    public let reason: String

    public init(row: Int, field: String, reason: String) {
        self.row = row
        self.field = field
        self.reason = reason
    }
}
