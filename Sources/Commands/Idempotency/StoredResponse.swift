import Foundation

/// What a command answered: kept under its idempotency key, so that a retry is answered with
/// exactly the same status, headers and bytes.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
