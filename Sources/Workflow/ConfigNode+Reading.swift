/// Typed accessors that turn a shape mismatch into a `ConfigError` at the node's line.
extension ConfigNode {
    /// An error located at this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, message: message)
    }

    /// The scalar text.
    public func string() throws -> String {
        guard case .scalar(let text) = value else { throw error("expected a single value") }
        return text
    }

    /// The scalar as a whole number.
    public func int() throws -> Int {
        guard let number = Int(try string()) else { throw error("expected a whole number") }
        return number
    }

    /// The scalar as `true` or `false`.
    public func bool() throws -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        default: throw error("expected true or false")
        }
    }

    /// The scalar as a `YYYY-MM-DD` date.
    public func date() throws -> LocalDate {
        let text = try string()
        guard let date = LocalDate(iso: text) else { throw error("'\(text)' is not a YYYY-MM-DD date") }
        return date
    }

    /// The items of a sequence.
    public func list() throws -> [ConfigNode] {
        guard case .sequence(let items) = value else { throw error("expected a list") }
        return items
    }

    /// A sequence of scalars.
    public func stringList() throws -> [String] {
        try list().map { try $0.string() }
    }

    /// The entries of a mapping, for keyed access.
    public func mapping() throws -> ConfigMapping {
        guard case .mapping(let entries) = value else { throw error("expected a mapping of keys to values") }
        return ConfigMapping(node: self, entries: entries)
    }
}

/// A YAML mapping with keyed, located access.
public struct ConfigMapping: Sendable {
    /// The mapping node itself, for errors about a missing key.
    public let node: ConfigNode
    /// The entries in file order.
    public let entries: [ConfigNode.Entry]

    /// The value for `key`, or nil when absent.
    public func optional(_ key: String) -> ConfigNode? {
        entries.first { $0.key == key }?.value
    }

    /// The value for `key`; a missing key is an error at the mapping's line.
    public func required(_ key: String) throws -> ConfigNode {
        guard let value = optional(key) else { throw node.error("missing key '\(key)'") }
        return value
    }

    /// Rejects keys outside `allowed`, so a misspelt key is reported rather than silently ignored.
    public func rejectUnknownKeys(_ allowed: Set<String>) throws {
        if let unknown = entries.first(where: { !allowed.contains($0.key) }) {
            throw ConfigError(file: node.file, line: unknown.keyLine, message: "unknown key '\(unknown.key)'")
        }
    }
}
