/// A problem in a configuration file, located by file and line.
///
/// Its description is the conventional `file:line: message` that editors and CI logs can jump to.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file name the text was loaded from, as given by the caller (for example
    /// `config/workflows/annual.yaml`).
    public let file: String
    /// The 1-based line, or nil when the problem concerns the file as a whole.
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Every problem found while loading configuration, so one `check` run reports them all.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [ConfigError]

    public init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
