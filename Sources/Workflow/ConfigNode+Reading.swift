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

    /// The scalar as a case of a string enumeration.
    public func enumValue<Value: RawRepresentable<String>>() throws -> Value {
        let text = try string()
        guard let value = Value(rawValue: text) else { throw error("'\(text)' is not a valid value here") }
        return value
    }

    /// The scalar as a case of a string enumeration whose cases the error can list.
    public func enumValue<Value: RawRepresentable<String> & CaseIterable>() throws -> Value {
        let text = try string()
        guard let value = Value(rawValue: text) else {
            throw error("'\(text)' is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
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
        if let first = unknownKeys(allowed).first { throw first }
    }

    /// One error per key outside `allowed`, for readers that report every problem of a file at once.
    public func unknownKeys(_ allowed: Set<String>) -> [ConfigError] {
        entries.filter { !allowed.contains($0.key) }.map {
            ConfigError(file: node.file, line: $0.keyLine, message: "unknown key '\($0.key)'")
        }
    }
}
