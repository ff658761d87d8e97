import Synchronization

/// How log lines are written: for people (`text`), or one JSON object a line for log shippers.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json

    private static let current = Atomic<Bool>(false)

    /// The process's format. The logging system is bootstrapped before the settings are read, so
    /// every handler asks at each line; `laurel serve` sets it from `log_format`.
    public static var process: LogFormat {
        get { current.load(ordering: .relaxed) ? .json : .text }
        set { current.store(newValue == .json, ordering: .relaxed) }
    }
}
