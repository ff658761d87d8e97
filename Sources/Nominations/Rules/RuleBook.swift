import Workflow

/// Every loaded rule set, ordered by the date it takes effect.
public struct RuleBook: Sendable, Equatable {
    /// Rule sets, earliest first.
    public let ruleSets: [RuleSet]
    /// The titles some rule set caps, and those whose places quota streams count (the capped
    /// ones and the bases of caps): every decision asks, so they are gathered once, not looked
    /// for through every rule set's titles each time.
    let cappedTitles: Set<String>
    let placeCountedTitles: Set<String>

    public init(_ ruleSets: [RuleSet]) {
        self.ruleSets = ruleSets.sorted { $0.effectiveFrom < $1.effectiveFrom }
        let titles = ruleSets.flatMap(\.titles)
        cappedTitles = Set(titles.filter { $0.value.cap != nil }.map(\.key))
        placeCountedTitles = cappedTitles.union(titles.compactMap { $0.value.cap?.base.title })
    }

    /// The rule set in force on `date`: the latest one that took effect on or before it.
    public func ruleSet(inForceOn date: LocalDate) -> RuleSet? {
        ruleSets.last { $0.effectiveFrom <= date }
    }

    /// A specific version, as pinned by a nomination.
    public func ruleSet(version: String) -> RuleSet? {
        ruleSets.first { $0.version == version }
    }

    /// Parses rule-set files given as text, reporting every problem at once.
    /// - Parameter workflows: the loaded workflows, against which title kinds and deadline states are checked.
    public static func load(files: [(name: String, text: String)], workflows: WorkflowRegistry) throws(ConfigErrors) -> RuleBook {
        var errors: [ConfigError] = []
        var ruleSets: [RuleSet] = []
        for file in files {
            do {
                let ruleSet = try RuleSet.parse(file: file.name, text: file.text, workflows: workflows)
                if let other = ruleSets.first(where: { $0.version == ruleSet.version }) {
                    errors.append(ConfigError(file: file.name, line: nil, message: "version \(ruleSet.version) is also defined in \(other.file)"))
                } else if let other = ruleSets.first(where: { $0.effectiveFrom == ruleSet.effectiveFrom }) {
                    errors.append(ConfigError(file: file.name, line: nil, message: "another rule set (\(other.file)) takes effect on \(ruleSet.effectiveFrom)"))
                } else {
                    ruleSets.append(ruleSet)
                }
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError(file: file.name, line: nil, message: "\(error)"))
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return RuleBook(ruleSets)
    }
}
