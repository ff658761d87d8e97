import Crypto
import EventStore
import Foundation

/// A caller's `Idempotency-Key` with the fingerprint of the request it came with.
public struct IdempotencyKey: Sendable {
    public let key: String
    /// SHA-256 of method, path, `If-Match` and body: the same key with another request is refused.
    public let requestHash: String

    public init(key: String, method: String, path: String, ifMatch: String?, body: Data) {
        self.key = key
        var hasher = SHA256()
        for part in [method, path, ifMatch ?? ""] { hasher.update(data: Data((part + "\n").utf8)) }
        hasher.update(data: body)
        self.requestHash = hasher.finalize().lowercaseHex
    }
}
