/// Why the command handler refused or could not finish a command, apart from the domain's own
/// refusals (`DomainError`) and the store's (`EventStoreError`). Codes are stable; descriptions
/// name no internal detail.
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The caller pinned a version (`If-Match`) the aggregate is no longer at.
        public static let versionConflict = Code("version_conflict")
        /// The idempotency key was used with a different request.
        public static let idempotencyKeyReused = Code("idempotency_key_reused")
        /// Another request with the same idempotency key is being processed.
        public static let requestInProgress = Code("request_in_progress")
        /// Other commands kept changing an aggregate this one also changes; sent again, it is decided again.
        public static let contended = Code("contended")
        /// The appends were stored and no response was made for them (a fault, never the caller's).
        public static let responseNotMade = Code("response_not_made")
    }

    public let code: Code
    /// The aggregate's current version, for ``Code/versionConflict``.
    public let currentVersion: Int64?
    public let description: String

    static func versionConflict(current: Int64, expected: Int64) -> CommandError {
        CommandError(code: .versionConflict, currentVersion: current,
                     description: "the resource is at version \(current), not \(expected)")
    }

    static let idempotencyKeyReused = CommandError(
        code: .idempotencyKeyReused, currentVersion: nil, description: "this Idempotency-Key was used with a different request")
    static let requestInProgress = CommandError(
        code: .requestInProgress, currentVersion: nil, description: "a request with this Idempotency-Key is still being processed")
    static func contended(_ stream: String) -> CommandError {
        CommandError(code: .contended, currentVersion: nil,
                     description: "other requests kept changing \(stream) first; nothing was stored, send the request again")
    }

    static let responseNotMade = CommandError(
        code: .responseNotMade, currentVersion: nil, description: "the command was stored without its response")
}
