import Foundation
import Logging
import Synchronization

/// Writes log lines on standard error, as text or JSON (``LogFormat/process``).
///
/// A JSON line holds `timestamp` (ISO 8601, UTC, milliseconds), `level`, `logger` (the label),
/// `message` and the metadata's keys beside them; a metadata key that would hide one of those
/// five is written `metadata.<key>`. Lines are written whole, one `write` each, so lines of
/// concurrent requests never interleave.
public struct LaurelLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: LogFormat?
    private let write: @Sendable (String) -> Void

    /// - Parameters:
    ///   - format: the format of every line; nil follows ``LogFormat/process``.
    ///   - write: where a finished line goes; standard error by default, a buffer in tests.
    public init(label: String, level: Logger.Level = .info, format: LogFormat? = nil, metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable (String) -> Void = LaurelLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let own = event.metadata { all.merge(own) { $1 } }
        let now = Date()
        switch format ?? LogFormat.process {
        case .text:
            let details = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
            write("\(Self.textTime(now)) \(event.level) \(label):\(details) \(event.message)\n")
        case .json:
            var object: [String: Any] = [:]
            for (key, value) in all {
                object[Self.reserved.contains(key) ? "metadata.\(key)" : key] = Self.json(value)
            }
            object["timestamp"] = Self.jsonTime(now)
            object["level"] = event.level.rawValue
            object["logger"] = label
            object["message"] = event.message.description
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            write(String(decoding: data, as: UTF8.self) + "\n")
        }
    }

    private static let reserved: Set<String> = ["timestamp", "level", "logger", "message"]

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let entries): entries.mapValues(json)
        }
    }

    private static func jsonTime(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    private static func textTime(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }

    /// One `write(2)` per line on standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
