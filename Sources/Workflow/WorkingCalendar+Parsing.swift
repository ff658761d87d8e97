extension WorkingCalendar {
    /// Parses and checks calendar files (one year per file) given as text.
    ///
    /// Each day off and each make-up working day must cite its source. Days off must be weekdays
    /// (a holiday falling on a weekend is represented by its compensatory weekday) and make-up
    /// working days must be weekend days; anything else is almost certainly a typo.
    /// - Throws: `ConfigErrors` listing every problem found.
    public static func load(files: [(name: String, text: String)]) throws(ConfigErrors) -> WorkingCalendar {
        var errors: [ConfigError] = []
        var years: [Year] = []
        var yearFiles: [Int: String] = [:]
        for file in files {
            do {
                for document in try ConfigNode.parseDocuments(file: file.name, text: file.text) {
                    let (year, problems) = try parseYear(document)
                    errors += problems
                    if let other = yearFiles[year.year] {
                        errors.append(document.error("year \(year.year) is also defined in \(other)"))
                    }
                    yearFiles[year.year] = file.name
                    years.append(year)
                }
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError(file: file.name, line: nil, message: "\(error)"))
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return WorkingCalendar(years: years)
    }

    private static func parseYear(_ document: ConfigNode) throws -> (Year, [ConfigError]) {
        let root = try document.mapping()
        try root.rejectUnknownKeys(["year", "source", "notes", "days_off", "working_days"])
        let year = try root.required("year").int()
        _ = try root.required("source").string()
        var problems: [ConfigError] = []
        func entries(_ key: String, mustBeWeekend: Bool) throws -> [LocalDate: String] {
            var result: [LocalDate: String] = [:]
            for node in try root.optional(key)?.list() ?? [] {
                let entry = try node.mapping()
                try entry.rejectUnknownKeys(["date", "name", "source", "announced"])
                let dateNode = try entry.required("date")
                let date = try dateNode.date()
                let name = try entry.required("name").string()
                guard let source = entry.optional("source") else {
                    problems.append(node.error("'\(name)' has no source"))
                    continue
                }
                _ = try source.string()
                _ = try entry.optional("announced")?.bool()
                if date.year != year {
                    problems.append(dateNode.error("\(date) is not in \(year)"))
                } else if date.isWeekend != mustBeWeekend {
                    let expected = mustBeWeekend ? "a weekend day" : "a weekday (list the compensatory weekday instead)"
                    problems.append(dateNode.error("\(date) is a \(date.weekday.rawValue); expected \(expected)"))
                } else if result[date] != nil {
                    problems.append(dateNode.error("\(date) is listed twice"))
                } else {
                    result[date] = name
                }
            }
            return result
        }
        let daysOff = try entries("days_off", mustBeWeekend: false)
        let workingDays = try entries("working_days", mustBeWeekend: true)
        return (Year(year: year, daysOff: daysOff, workingWeekendDays: workingDays), problems)
    }
}
