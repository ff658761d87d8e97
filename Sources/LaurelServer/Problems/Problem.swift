import Foundation
import Hummingbird
import HTTPTypes

/// An RFC 9457 problem: the body of every error response, as `application/problem+json`.
///
/// `type` is a stable URN per problem kind (`urn:laurel:problem:<code>`), so clients branch on it
/// and never on `title` or `detail`, which are for people and may be reworded.
public struct Problem: Error, Sendable, Equatable, Codable {
    /// One invalid field of a request.
    public struct FieldError: Sendable, Equatable, Codable {
        /// A JSON pointer-like path such as `nominee.name` or `documents[2].sha256`.
        public let field: String
        public let reason: String
        /// In a list, the row (from 1) the field belongs to.
        public var row: Int?
        /// The domain's stable code, when the rules refused the row rather than its form.
        public var code: String?

        public init(field: String, reason: String, row: Int? = nil, code: String? = nil) {
            self.field = field
            self.reason = reason
            self.row = row
            self.code = code
        }
    }

    public let type: String
    public let title: String
    /// The HTTP status code, repeated in the body as RFC 9457 asks.
    public let statusCode: Int
    public let detail: String
    /// The domain's or the store's stable code, the last part of `type`.
    public let code: String
    public var errors: [FieldError]?
    /// On a version conflict: the resource's version now.
    public var currentVersion: Int64?
    /// On 503: seconds after which a retry may succeed.
    public var retryAfterSeconds: Int?
    /// On 405: the methods the resource does accept, sent as the `Allow` header.
    public var allowedMethods: [String]? = nil

    public init(code: String, status: HTTPResponse.Status, title: String, detail: String) {
        self.type = Self.typePrefix + code
        self.code = code
        self.statusCode = status.code
        self.title = title
        self.detail = detail
    }

    /// Every problem `type` starts with this.
    public static let typePrefix = "urn:laurel:problem:"

    enum CodingKeys: String, CodingKey {
        case type, title, detail, code, errors
        case statusCode = "status"
        case currentVersion = "current_version"
        case retryAfterSeconds = "retry_after_seconds"
    }
}

extension Problem {
    /// 422: fields failed validation; every one is listed.
    static func invalid(_ errors: [FieldError]) -> Problem {
        var problem = Problem(code: "validation_failed", status: .unprocessableContent, title: "Invalid request",
                              detail: errors.map { "\($0.field): \($0.reason)" }.joined(separator: "; "))
        problem.errors = errors
        return problem
    }

    /// 422 for one field.
    package static func invalid(field: String, _ reason: String) -> Problem {
        invalid([FieldError(field: field, reason: reason)])
    }

    /// 400: the body is not JSON at all.
    static func malformed(_ detail: String) -> Problem {
        Problem(code: "malformed_body", status: .badRequest, title: "Malformed request body", detail: detail)
    }

    /// 413.
    package static func tooLarge(limit: Int?) -> Problem {
        Problem(code: "body_too_large", status: .contentTooLarge, title: "Request body too large",
                detail: limit.map { "the body exceeds the limit of \($0) bytes" } ?? "the body is too large")
    }

    /// 401: no usable credentials.
    static func unauthenticated(_ detail: String) -> Problem {
        Problem(code: "unauthenticated", status: .unauthorized, title: "Authentication required", detail: detail)
    }

    /// 403: authenticated, but not allowed.
    package static func forbidden(_ detail: String) -> Problem {
        Problem(code: "forbidden", status: .forbidden, title: "Not allowed", detail: detail)
    }

    /// 404.
    package static func notFound(_ detail: String) -> Problem {
        Problem(code: "not_found", status: .notFound, title: "Not found", detail: detail)
    }

    /// 409: the resource is not at the version the client expected.
    static func versionConflict(current: Int64, detail: String) -> Problem {
        var problem = Problem(code: "version_conflict", status: .conflict, title: "Version conflict", detail: detail)
        problem.currentVersion = current
        return problem
    }

    /// 429: the client is over one of its rate limits; `Retry-After` is the wait, in whole seconds
    /// rounded up, until the limit lets it through again.
    static func tooManyRequests(_ detail: String, retryAfter wait: Duration) -> Problem {
        var problem = Problem(code: "too_many_requests", status: .tooManyRequests, title: "Too many requests", detail: detail)
        let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        // Less a millisecond, so that the rounding error of a rate such as 3 a minute does not add a second.
        problem.retryAfterSeconds = max(1, Int((seconds - 0.001).rounded(.up)))
        return problem
    }

    /// 503 with a hint when to retry; `code` says why, for clients that tell the causes apart.
    static func unavailable(_ detail: String, code: String = "service_unavailable", retryAfter: Int = 1) -> Problem {
        var problem = Problem(code: code, status: .serviceUnavailable, title: "Service unavailable", detail: detail)
        problem.retryAfterSeconds = retryAfter
        return problem
    }
}

extension Problem: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"laurel\"" }
        if let allowedMethods { headers[.allow] = allowedMethods.joined(separator: ", ") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self))))
    }
}
