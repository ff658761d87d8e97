import Yams

/// A YAML node that remembers its file and line, so every later check can say where a value came from.
///
/// Workflow files, rule sets and calendars all go through this type; the domain module therefore
/// never depends on the YAML parser itself. Scalars are kept as their source text: a date such as
/// `2024-01-01` stays a string until the reader decides what it is.
public struct ConfigNode: Sendable {
    /// The shape of a node.
    public enum Value: Sendable {
        case scalar(String)
        case mapping([Entry])
        case sequence([ConfigNode])
    }

    /// One key of a mapping with its value, in file order.
    public struct Entry: Sendable {
        public let key: String
        public let keyLine: Int
        public let value: ConfigNode
    }

    public let file: String
    public let line: Int
    public let value: Value

    /// Parses every YAML document in `text` (documents are separated by `---`).
    ///
    /// - Throws: `ConfigError` with the parser's line when the text is not valid YAML.
    public static func parseDocuments(file: String, text: String) throws -> [ConfigNode] {
        do {
            // The parser is driven directly: `compose_all`'s sequence stops silently at a syntax error.
            let parser = try Parser(yaml: text)
            var documents: [ConfigNode] = []
            while let node = try parser.nextRoot() {
                documents.append(try ConfigNode(file: file, node: node))
            }
            guard !documents.isEmpty else { throw ConfigError(file: file, line: nil, message: "the file is empty") }
            return documents
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            let (line, problem) = Self.location(of: error)
            throw ConfigError(file: file, line: line, message: "invalid YAML: \(problem)")
        }
    }

    private init(file: String, node: Node) throws {
        self.file = file
        self.line = node.mark?.line ?? 1
        switch node {
        case .scalar(let scalar):
            value = .scalar(scalar.string)
        case .sequence(let sequence):
            value = .sequence(try sequence.map { try ConfigNode(file: file, node: $0) })
        case .mapping(let mapping):
            var seen = Set<String>()
            var entries: [Entry] = []
            for (key, child) in mapping {
                let keyLine = key.mark?.line ?? line
                guard let name = key.string else {
                    throw ConfigError(file: file, line: keyLine, message: "mapping keys must be plain strings")
                }
                guard seen.insert(name).inserted else {
                    throw ConfigError(file: file, line: keyLine, message: "duplicate key '\(name)'")
                }
                entries.append(Entry(key: name, keyLine: keyLine, value: try ConfigNode(file: file, node: child)))
            }
            value = .mapping(entries)
        case .alias:
            throw ConfigError(file: file, line: line, message: "YAML aliases are not supported in configuration")
        }
    }

    private static func location(of error: YamlError) -> (line: Int?, problem: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            return (nil, "duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return (nil, "\(error)")
        }
    }
}
