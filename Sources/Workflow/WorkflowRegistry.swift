/// All loaded workflow versions, by kind.
///
/// New nominations use the highest version of their kind; a nomination in flight asks for the
/// version it recorded at submission, so editing a file (by adding a version) never changes it.
public struct WorkflowRegistry: Sendable, Equatable {
    private let definitions: [String: [Int: WorkflowDefinition]]

    /// Builds a registry from already validated definitions.
    public init(_ definitions: [WorkflowDefinition]) {
        var byKind: [String: [Int: WorkflowDefinition]] = [:]
        for definition in definitions {
            byKind[definition.kind, default: [:]][definition.version] = definition
        }
        self.definitions = byKind
    }

    /// The kinds with at least one version, sorted.
    public var kinds: [String] { definitions.keys.sorted() }

    /// The newest version of `kind`, used for new submissions.
    public func latest(kind: String) -> WorkflowDefinition? {
        definitions[kind]?.max { $0.key < $1.key }?.value
    }

    /// A specific version of `kind`, as pinned by a nomination.
    public func definition(kind: String, version: Int) -> WorkflowDefinition? {
        definitions[kind]?[version]
    }
}

/// Parses and validates workflow files given as text.
public enum WorkflowLoader {
    /// Loads every version from `files`, reporting all problems across all files at once.
    ///
    /// - Parameters:
    ///   - files: pairs of file name (used in messages) and YAML text.
    ///   - knownGuards: the guard names the domain registers.
    /// - Throws: `ConfigErrors` listing every problem found.
    public static func load(files: [(name: String, text: String)], knownGuards: Set<String>) throws(ConfigErrors) -> WorkflowRegistry {
        let (definitions, errors) = parseAll(files: files, knownGuards: knownGuards)
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return WorkflowRegistry(definitions)
    }

    /// Parses and validates every file, returning each definition that parsed (valid or not) with
    /// all problems, so that files depending on workflows (rule sets) can still be checked.
    public static func parseAll(
        files: [(name: String, text: String)], knownGuards: Set<String>
    ) -> (definitions: [WorkflowDefinition], errors: [ConfigError]) {
        var errors: [ConfigError] = []
        var definitions: [WorkflowDefinition] = []
        var seen: [String: String] = [:]
        for file in files {
            do {
                for definition in try WorkflowDefinition.parse(file: file.name, text: file.text) {
                    let key = "\(definition.kind) v\(definition.version)"
                    if let other = seen[key] {
                        errors.append(ConfigError(file: file.name, line: definition.line, message: "\(key) is also defined in \(other)"))
                        continue
                    }
                    seen[key] = file.name
                    errors += definition.validate(knownGuards: knownGuards)
                    definitions.append(definition)
                }
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError(file: file.name, line: nil, message: "\(error)"))
            }
        }
        return (definitions, errors)
    }
}
