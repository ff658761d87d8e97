/// What the imports of a file (awards held before Laurel, service records) check alike: the
/// file's size in rows, and that the importing officer's unit covers the unit of every row.
enum ImportedFile {
    /// Refuses a file without rows or with more than `maxRows`.
    static func checkRowCount(_ count: Int, maxRows: Int) throws(DomainError) {
        guard count > 0 else { throw DomainError(.invalidCommand, "the import has no rows") }
        guard count <= maxRows else {
            throw DomainError(.invalidCommand, "the file has \(count) rows; an import takes at most \(maxRows)")
        }
    }

    /// Refuses `actor` unless its unit covers every row's unit, listing the rows it does not.
    static func requireCoverage(
        of rows: [(row: Int, unit: String)], by actor: Actor, acting: Set<String>, in organization: Organization
    ) throws(DomainError) {
        let outside = rows.filter { row in
            do throws(DomainError) {
                try organization.requireCoverage(of: row.unit, by: actor, acting: acting)
                return false
            } catch {
                return true
            }
        }
        guard outside.isEmpty else {
            let problems = outside.map { RowProblem(row: $0.row, field: "unit", reason: "\(actor.unit) does not cover \($0.unit)") }
            throw DomainError(.unitNotAllowed,
                              "\(actor.unit) does not cover the units of \(problems.count) row(s); nothing was imported",
                              rows: problems)
        }
    }
}
