import Workflow

/// The loaded configuration every decision needs: workflows, rules, the working-day calendar and
/// the organisation (which units a role covers, which council and head decide).
public struct DomainConfiguration: Sendable, Equatable {
    public let workflows: WorkflowRegistry
    public let rules: RuleBook
    public let calendar: WorkingCalendar
    public let organization: Organization

    public init(workflows: WorkflowRegistry, rules: RuleBook, calendar: WorkingCalendar, organization: Organization) {
        self.workflows = workflows
        self.rules = rules
        self.calendar = calendar
        self.organization = organization
    }

    /// Parses and validates every configuration file given as text (file name, content).
    ///
    /// Workflows are validated against the domain's guards (`NominationGuard.names`) and rules against
    /// the workflows; all problems are reported together.
    /// - Throws: `ConfigErrors` with one `file:line: message` per problem.
    public static func load(
        workflowFiles: [(name: String, text: String)],
        ruleFiles: [(name: String, text: String)],
        calendarFiles: [(name: String, text: String)],
        organizationFile: (name: String, text: String)
    ) throws(ConfigErrors) -> DomainConfiguration {
        let parsed = WorkflowLoader.parseAll(files: workflowFiles, knownGuards: NominationGuard.names)
        var errors = parsed.errors
        // Rules are checked against every workflow that parsed, even an invalid one, so one broken
        // workflow file does not hide the rule files' own problems.
        let workflows = WorkflowRegistry(parsed.definitions)
        var rules = RuleBook([])
        do {
            rules = try RuleBook.load(files: ruleFiles, workflows: workflows)
        } catch {
            errors += error.errors
        }
        var calendar = WorkingCalendar(years: [])
        do {
            calendar = try WorkingCalendar.load(files: calendarFiles)
        } catch let error {
            errors += error.errors
        }
        var organization: Organization?
        do {
            organization = try Organization.load(file: organizationFile.name, text: organizationFile.text)
        } catch let error {
            errors += error.errors
        }
        guard errors.isEmpty, let organization else { throw ConfigErrors(errors) }
        return DomainConfiguration(workflows: workflows, rules: rules, calendar: calendar, organization: organization)
    }
}
