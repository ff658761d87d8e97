import Workflow

extension ServiceRecordImport: Decider {
    /// Nothing is imported until the file's import is recorded.
    public static let initialState: ServiceRecordImport? = nil

    /// Records a file of service records, all rows or none. A file already imported records
    /// nothing again (its first import is the answer, for an officer covering its units);
    /// otherwise every row is checked first and every bad row is refused by its number, field and
    /// reason, then every unit the rows name must be covered by the importing officer's unit.
    public static func decide(
        _ command: ServiceRecordImportCommand, _ state: ServiceRecordImport?, _ context: CommandContext
    ) throws(DomainError) -> [ServiceRecordImportEvent] {
        let actor = context.actor
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else {
            throw DomainError(.roleNotAllowed, "only the standing office imports service records")
        }
        let organization = context.configuration.organization
        if let state {
            try requireCoverage(of: state.recorded.records, by: actor, acting: acting, in: organization)
            return []
        }
        switch command {
        case let .record(sha, rows):
            guard !rows.isEmpty else { throw DomainError(.invalidCommand, "the import has no rows") }
            guard rows.count <= maxRows else {
                throw DomainError(.invalidCommand, "the file has \(rows.count) rows; an import takes at most \(maxRows)")
            }
            let records = try ServiceRecordRow.check(rows, organization: organization, today: context.today)
            try requireCoverage(of: records, by: actor, acting: acting, in: organization)
            return [.recorded(ServiceRecordImportRecorded(fileSHA256: sha, recordedBy: actor.id, recordedOn: context.today,
                                                          records: records))]
        }
    }

    /// Refuses `actor` unless its unit covers every record's unit, listing the rows it does not.
    private static func requireCoverage(
        of records: [ServiceRecord], by actor: Actor, acting: Set<String>, in organization: Organization
    ) throws(DomainError) {
        let outside = records.filter { record in
            do throws(DomainError) {
                try organization.requireCoverage(of: record.unit, by: actor, acting: acting)
                return false
            } catch {
                return true
            }
        }
        guard outside.isEmpty else {
            let rows = outside.map { RowProblem(row: $0.row, field: "unit", reason: "\(actor.unit) does not cover \($0.unit)") }
            throw DomainError(.unitNotAllowed, "\(actor.unit) does not cover the units of \(rows.count) row(s); nothing was imported",
                              rows: rows)
        }
    }

    /// Applies an event; pure, used both live and when replaying.
    public static func evolve(_ state: ServiceRecordImport?, _ event: ServiceRecordImportEvent) -> ServiceRecordImport? {
        switch event {
        case .recorded(let recorded): ServiceRecordImport(recorded: recorded)
        }
    }
}
