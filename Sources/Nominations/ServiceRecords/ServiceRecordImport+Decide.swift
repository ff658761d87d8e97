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
            try ImportedFile.requireCoverage(of: state.recorded.records.map { ($0.row, $0.unit) }, by: actor, acting: acting,
                                             in: organization)
            return []
        }
        switch command {
        case let .record(sha, rows):
            try ImportedFile.checkRowCount(rows.count, maxRows: maxRows)
            let records = try ServiceRecordRow.check(rows, organization: organization, today: context.today)
            try ImportedFile.requireCoverage(of: records.map { ($0.row, $0.unit) }, by: actor, acting: acting, in: organization)
            return [.recorded(ServiceRecordImportRecorded(fileSHA256: sha, recordedBy: actor.id, recordedOn: context.today,
                                                          records: records))]
        }
    }

    /// Applies an event; pure, used both live and when replaying.
    public static func evolve(_ state: ServiceRecordImport?, _ event: ServiceRecordImportEvent) -> ServiceRecordImport? {
        switch event {
        case .recorded(let recorded): ServiceRecordImport(recorded: recorded)
        }
    }
}
