import Workflow

extension AwardImport: Decider {
    /// Nothing is imported until the file's import is recorded.
    public static let initialState: AwardImport? = nil

    /// Records a file of earlier awards, all rows or none. A file already imported records
    /// nothing again (its first import is the answer, for an officer covering its units);
    /// otherwise every row is checked first and every bad row is refused by its number, field and
    /// reason, then every unit the rows name must be covered by the importing officer's unit.
    public static func decide(
        _ command: AwardImportCommand, _ state: AwardImport?, _ context: CommandContext
    ) throws(DomainError) -> [AwardImportEvent] {
        let actor = context.actor
        let acting = actor.roles.intersection(roles)
        guard !acting.isEmpty else {
            throw DomainError(.roleNotAllowed, "only the standing office imports awards held before Laurel")
        }
        let organization = context.configuration.organization
        if let state {
            try ImportedFile.requireCoverage(of: state.recorded.awards.map { ($0.row, $0.unit) }, by: actor, acting: acting,
                                             in: organization)
            return []
        }
        switch command {
        case let .record(sha, rows):
            try ImportedFile.checkRowCount(rows.count, maxRows: maxRows)
            let awards = try AwardImportRow.check(rows, configuration: context.configuration, today: context.today)
            try ImportedFile.requireCoverage(of: awards.map { ($0.row, $0.unit) }, by: actor, acting: acting, in: organization)
            return [.recorded(AwardImportRecorded(fileSHA256: sha, recordedBy: actor.id, recordedOn: context.today, awards: awards))]
        }
    }

    /// Applies an event; pure, used both live and when replaying.
    public static func evolve(_ state: AwardImport?, _ event: AwardImportEvent) -> AwardImport? {
        switch event {
        case .recorded(let recorded): AwardImport(recorded: recorded)
        }
    }
}
